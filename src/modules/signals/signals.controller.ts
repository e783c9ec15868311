import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
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
import type { Page } from '../../common/http/pagination.js';
import { UuidParam } from '../../common/http/uuid-param.js';
import { AmendSignalDto } from './dto/amend-signal.dto.js';
import { ListSignalsQuery } from './dto/list-signals.query.js';
import { SignalDetailResponse } from './dto/signal-detail.response.js';
import { SignalPageResponse } from './dto/signal-page.response.js';
import { SignalVersionPage } from './dto/signal-version-page.response.js';
import type { SignalVersionResponse } from './dto/signal-version.response.js';
import { SignalResponse } from './dto/signal.response.js';
import { SubmitSignalDto } from './dto/submit-signal.dto.js';
import { WithdrawSignalDto } from './dto/withdraw-signal.dto.js';
import { IDEMPOTENCY_KEY_HEADER, IdempotencyKey } from './idempotency-key.js';
import { SignalLocationInterceptor } from './signal-location.interceptor.js';
import { SignalsService } from './signals.service.js';

@ApiTags('signals')
@ApiUnauthorizedResponse({ description: 'No valid API token (problem+json).' })
@Controller('signals')
export class SignalsController {
  constructor(private readonly signals: SignalsService) {}

  @Post()
  @RequirePermission(Permission.SignalSubmit)
  @UseInterceptors(SignalLocationInterceptor)
  @ApiOperation({ summary: 'Submit a signal (liaisons)' })
  @ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description:
      'Up to 200 printable characters, unique per submission within your organisation. Sending the same key ' +
      'with the same body again answers the original 201 response; the same key with another body is a 422.',
  })
  @ApiCreatedResponse({
    type: SignalResponse,
    description: 'The signal as stored.',
    headers: { Location: { description: 'The URL of the new signal.', schema: { type: 'string' } } },
  })
  @ApiBadRequestResponse({ description: 'Invalid body or header; `errors` names each field.' })
  @ApiForbiddenResponse({ description: 'Your roles do not include liaison.' })
  @ApiUnprocessableEntityResponse({
    description:
      'State secret refused, unknown code (`errors` names each), observedAt in the future, RED without ' +
      'addressees, or an Idempotency-Key reused with another body.',
  })
  submit(
    @CurrentMember() member: Member,
    @Body() dto: SubmitSignalDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<SignalResponse> {
    return this.signals.submit(member, dto, idempotencyKey);
  }

  @Get()
  @RequirePermission(Permission.SignalRead)
  @ApiOperation({ summary: 'List the signals you may see, newest first' })
  @ApiOkResponse({ type: SignalPageResponse })
  @ApiBadRequestResponse({ description: 'Invalid filter or cursor.' })
  list(@CurrentMember() member: Member, @Query() query: ListSignalsQuery): Promise<Page<SignalResponse>> {
    return this.signals.list(member, query);
  }

  @Get(':id')
  @RequirePermission(Permission.SignalRead)
  @ApiOperation({ summary: 'Read a signal, with related signals that share an observable' })
  @ApiOkResponse({ type: SignalDetailResponse })
  @ApiNotFoundResponse({ description: 'No such signal, or one you may not see.' })
  get(@CurrentMember() member: Member, @Param() { id }: UuidParam): Promise<SignalDetailResponse> {
    return this.signals.get(member, id);
  }

  @Patch(':id')
  @RequirePermission(Permission.SignalSubmit)
  @ApiOperation({
    summary: "Amend your organisation's signal (liaisons): severity, description, observables, addressees",
    description:
      'The previous version is kept (GET …/versions). Every organisation that received the signal gets an ' +
      '`update` alert; organisations the new version newly routes to (a raised severity, a new addressee) get ' +
      'a first alert. Amending to what the signal already says changes nothing.',
  })
  @ApiOkResponse({ type: SignalResponse, description: 'The signal as amended.' })
  @ApiBadRequestResponse({ description: 'Invalid body, or no field to amend; `errors` names each field.' })
  @ApiForbiddenResponse({
    description: 'Your roles do not include liaison, or you may read the signal but it is not yours.',
  })
  @ApiNotFoundResponse({ description: 'No such signal, or one you may not see.' })
  @ApiConflictResponse({ description: 'The signal was withdrawn.' })
  @ApiUnprocessableEntityResponse({ description: 'An unknown addressee, or RED without addressees.' })
  amend(
    @CurrentMember() member: Member,
    @Param() { id }: UuidParam,
    @Body() dto: AmendSignalDto,
  ): Promise<SignalResponse> {
    return this.signals.amend(member, id, dto);
  }

  @Post(':id/withdraw')
  @HttpCode(HttpStatus.OK)
  @RequirePermission(Permission.SignalSubmit)
  @ApiOperation({
    summary: "Withdraw your organisation's signal (liaisons), with a reason",
    description:
      'It stays readable, marked withdrawn, and can no longer change. Every organisation that received it gets ' +
      'an `update` alert with the reason.',
  })
  @ApiOkResponse({ type: SignalResponse, description: 'The signal as withdrawn.' })
  @ApiBadRequestResponse({ description: 'Invalid body; `errors` names each field.' })
  @ApiForbiddenResponse({
    description: 'Your roles do not include liaison, or you may read the signal but it is not yours.',
  })
  @ApiNotFoundResponse({ description: 'No such signal, or one you may not see.' })
  @ApiConflictResponse({ description: 'The signal was withdrawn already.' })
  withdraw(
    @CurrentMember() member: Member,
    @Param() { id }: UuidParam,
    @Body() dto: WithdrawSignalDto,
  ): Promise<SignalResponse> {
    return this.signals.withdraw(member, id, dto);
  }

  @Get(':id/versions')
  @RequirePermission(Permission.SignalRead)
  @ApiOperation({ summary: 'Every version of a signal, oldest first, with who changed what and when' })
  @ApiOkResponse({ type: SignalVersionPage })
  @ApiNotFoundResponse({ description: 'No such signal, or one you may not see.' })
  versions(
    @CurrentMember() member: Member,
    @Param() { id }: UuidParam,
  ): Promise<Page<SignalVersionResponse>> {
    return this.signals.versions(member, id);
  }
}
