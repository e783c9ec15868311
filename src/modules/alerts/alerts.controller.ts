import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentMember, RequirePermission } from '../../common/auth/decorators.js';
import type { Member } from '../../common/auth/member.js';
import { Permission } from '../../common/auth/permissions.js';
import type { Page } from '../../common/http/pagination.js';
import { UuidParam } from '../../common/http/uuid-param.js';
import { AlertStreamService } from './alert-stream.service.js';
import { AlertsService } from './alerts.service.js';
import { AcknowledgeAlertDto } from './dto/acknowledge-alert.dto.js';
import { AlertPageResponse } from './dto/alert-page.response.js';
import { AlertResponse } from './dto/alert.response.js';
import { ListAlertsQuery } from './dto/list-alerts.query.js';
import { StreamAlertsQuery } from './dto/stream-alerts.query.js';

@ApiTags('alerts')
@ApiUnauthorizedResponse({ description: 'No valid API token (problem+json).' })
@Controller('alerts')
export class AlertsController {
  constructor(
    private readonly alerts: AlertsService,
    private readonly stream: AlertStreamService,
  ) {}

  @Get('stream')
  @ApiOperation({
    summary: "Your organisation's alerts as Server-Sent Events",
    description:
      'Each event: `id` = the alert seq, `event: alert`, `data` = the alert as JSON. Reconnect with ' +
      '`Last-Event-ID` to receive everything after it, in order, then live events. `: heartbeat` comments ' +
      'keep idle connections open.',
  })
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'Resume after this event id; without it the stream starts with what happens from now on.',
  })
  @ApiOkResponse({
    description: 'An endless text/event-stream.',
    content: {
      'text/event-stream': {
        schema: {
          type: 'string',
          description: 'Events: `id: <seq>`, `event: alert`, `data: <AlertResponse JSON>`.',
        },
      },
    },
  })
  @ApiBadRequestResponse({ description: 'Last-Event-ID is not an event id of this stream.' })
  openStream(
    @CurrentMember() member: Member,
    @Query() query: StreamAlertsQuery,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // The header, which EventSource sends on every reconnection, wins over the query parameter.
    return this.stream.open(member, reply, lastEventId || query.lastEventId);
  }

  @Get()
  @ApiOperation({ summary: "List your organisation's alerts, newest first" })
  @ApiOkResponse({ type: AlertPageResponse })
  @ApiBadRequestResponse({ description: 'Invalid filter or cursor.' })
  list(@CurrentMember() member: Member, @Query() query: ListAlertsQuery): Promise<Page<AlertResponse>> {
    return this.alerts.list(member, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read an alert of your organisation' })
  @ApiOkResponse({ type: AlertResponse })
  @ApiNotFoundResponse({ description: 'No such alert in your organisation.' })
  get(@CurrentMember() member: Member, @Param() { id }: UuidParam): Promise<AlertResponse> {
    return this.alerts.get(member, id);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @RequirePermission(Permission.AlertRespond)
  @ApiOperation({
    summary: 'Respond to an alert (analysts): acknowledged, not-competent (and forward), declined',
  })
  @ApiOkResponse({ type: AlertResponse, description: 'The alert with its response.' })
  @ApiBadRequestResponse({ description: 'Invalid body, e.g. declined without a reason.' })
  @ApiForbiddenResponse({ description: 'Your roles do not include analyst.' })
  @ApiNotFoundResponse({ description: 'No such alert in your organisation.' })
  @ApiConflictResponse({ description: 'Your organisation already responded to this alert.' })
  @ApiUnprocessableEntityResponse({
    description: 'forwardTo is unknown, your own organisation, or not allowed by the signal’s TLP.',
  })
  acknowledge(
    @CurrentMember() member: Member,
    @Param() { id }: UuidParam,
    @Body() dto: AcknowledgeAlertDto,
  ): Promise<AlertResponse> {
    return this.alerts.acknowledge(member, id, dto);
  }
}
