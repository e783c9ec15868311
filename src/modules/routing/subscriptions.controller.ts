import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentMember, RequirePermission } from '../../common/auth/decorators.js';
import type { Member } from '../../common/auth/member.js';
import { Permission } from '../../common/auth/permissions.js';
import { type Page, PaginationQuery } from '../../common/http/pagination.js';
import { UuidParam } from '../../common/http/uuid-param.js';
import { CreateSubscriptionDto } from './dto/create-subscription.dto.js';
import { SubscriptionPage } from './dto/subscription-page.response.js';
import { SubscriptionTestResponse } from './dto/subscription-test.response.js';
import { SubscriptionResponse } from './dto/subscription.response.js';
import { TestSubscriptionQuery } from './dto/test-subscription.query.js';
import { UpdateSubscriptionDto } from './dto/update-subscription.dto.js';
import { SubscriptionsService } from './subscriptions.service.js';

const UNKNOWN_CODES = 'A category, election or municipality code does not exist (`errors` names each).';

@ApiTags('subscriptions')
@ApiUnauthorizedResponse({ description: 'No valid API token (problem+json).' })
@ApiForbiddenResponse({ description: 'Your roles do not include analyst.' })
@Controller('subscriptions')
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Post()
  @RequirePermission(Permission.SubscriptionManage)
  @ApiOperation({ summary: 'Subscribe your organisation to a kind of signal (analysts)' })
  @ApiCreatedResponse({ type: SubscriptionResponse })
  @ApiBadRequestResponse({ description: 'Invalid body; `errors` names each field.' })
  @ApiUnprocessableEntityResponse({ description: UNKNOWN_CODES })
  create(@CurrentMember() member: Member, @Body() dto: CreateSubscriptionDto): Promise<SubscriptionResponse> {
    return this.subscriptions.create(member, dto);
  }

  @Get()
  @RequirePermission(Permission.SubscriptionManage)
  @ApiOperation({ summary: "Your organisation's subscriptions, by name" })
  @ApiOkResponse({ type: SubscriptionPage })
  list(
    @CurrentMember() member: Member,
    @Query() query: PaginationQuery,
  ): Promise<Page<SubscriptionResponse>> {
    return this.subscriptions.list(member, query);
  }

  @Get(':id')
  @RequirePermission(Permission.SubscriptionManage)
  @ApiOperation({ summary: 'One of your organisation’s subscriptions' })
  @ApiOkResponse({ type: SubscriptionResponse })
  @ApiNotFoundResponse({ description: 'Your organisation has no subscription with this id.' })
  get(@CurrentMember() member: Member, @Param() { id }: UuidParam): Promise<SubscriptionResponse> {
    return this.subscriptions.get(member, id);
  }

  @Patch(':id')
  @RequirePermission(Permission.SubscriptionManage)
  @ApiOperation({ summary: 'Change a subscription: the fields given; an empty list clears a matcher' })
  @ApiOkResponse({ type: SubscriptionResponse })
  @ApiBadRequestResponse({ description: 'Invalid body; `errors` names each field.' })
  @ApiNotFoundResponse({ description: 'Your organisation has no subscription with this id.' })
  @ApiUnprocessableEntityResponse({ description: UNKNOWN_CODES })
  update(
    @CurrentMember() member: Member,
    @Param() { id }: UuidParam,
    @Body() dto: UpdateSubscriptionDto,
  ): Promise<SubscriptionResponse> {
    return this.subscriptions.update(member, id, dto);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermission(Permission.SubscriptionManage)
  @ApiOperation({ summary: 'Delete a subscription; alerts it caused stay' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ description: 'Your organisation has no subscription with this id.' })
  remove(@CurrentMember() member: Member, @Param() { id }: UuidParam): Promise<void> {
    return this.subscriptions.remove(member, id);
  }

  @Post(':id/test')
  @HttpCode(HttpStatus.OK)
  @RequirePermission(Permission.SubscriptionManage)
  @ApiOperation({
    summary: 'Dry run: which of the latest signals your organisation may see it would have matched',
    description:
      'Tries the subscription (even a paused one) on the latest `last` signals your organisation may see, ' +
      'as routing would: never your own signals, never RED ones. Signals your organisation may not see are ' +
      'not considered. Nothing is sent or stored.',
  })
  @ApiOkResponse({ type: SubscriptionTestResponse })
  @ApiBadRequestResponse({ description: '`last` is not an integer from 1 to 500.' })
  @ApiNotFoundResponse({ description: 'Your organisation has no subscription with this id.' })
  test(
    @CurrentMember() member: Member,
    @Param() { id }: UuidParam,
    @Query() { last }: TestSubscriptionQuery,
  ): Promise<SubscriptionTestResponse> {
    return this.subscriptions.test(member, id, last);
  }
}
