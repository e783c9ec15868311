import { Body, Controller, Get, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
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
import { ListSignalsQuery } from './dto/list-signals.query.js';
import { SignalDetailResponse } from './dto/signal-detail.response.js';
import { SignalPageResponse } from './dto/signal-page.response.js';
import { SignalResponse } from './dto/signal.response.js';
import { SubmitSignalDto } from './dto/submit-signal.dto.js';
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
}
