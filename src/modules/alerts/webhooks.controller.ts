import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
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
import { CreateWebhookDto } from './dto/webhook-create.dto.js';
import { CreatedWebhookResponse } from './dto/webhook-created.response.js';
import { ListWebhookDeliveriesQuery } from './dto/webhook-deliveries.query.js';
import { WebhookDeliveryPageResponse } from './dto/webhook-delivery-page.response.js';
import { WebhookDeliveryParam } from './dto/webhook-delivery.param.js';
import { WebhookDeliveryResponse } from './dto/webhook-delivery.response.js';
import { WebhookPageResponse } from './dto/webhook-page.response.js';
import { WebhookResponse } from './dto/webhook.response.js';
import { WebhooksService } from './webhooks.service.js';

@ApiTags('webhooks')
@ApiUnauthorizedResponse({ description: 'No valid API token (problem+json).' })
@ApiForbiddenResponse({ description: 'Your roles do not include analyst.' })
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @RequirePermission(Permission.WebhookManage)
  @ApiOperation({
    summary: 'Register a webhook endpoint for your organisation’s alerts (analysts)',
    description:
      'Every alert to your organisation is POSTed to the URL, signed the Standard Webhooks way ' +
      '(webhook-id, webhook-timestamp, webhook-signature) with the secret in this answer, which is shown only once.',
  })
  @ApiCreatedResponse({ type: CreatedWebhookResponse, description: 'The endpoint, with its signing secret.' })
  @ApiBadRequestResponse({
    description: 'Invalid body: not an http(s) URL, credentials or fragment in it, too long.',
  })
  @ApiUnprocessableEntityResponse({
    description:
      'The URL may not be used: plain http to a host that is not allow-listed, or a host that does ' +
      'not resolve to public addresses only (`webhook.address_refused`, the detail says why).',
  })
  create(@CurrentMember() member: Member, @Body() dto: CreateWebhookDto): Promise<CreatedWebhookResponse> {
    return this.webhooks.create(member, dto);
  }

  @Get()
  @RequirePermission(Permission.WebhookManage)
  @ApiOperation({ summary: 'List your organisation’s webhook endpoints, newest first' })
  @ApiOkResponse({ type: WebhookPageResponse })
  list(@CurrentMember() member: Member, @Query() query: PaginationQuery): Promise<Page<WebhookResponse>> {
    return this.webhooks.list(member, query);
  }

  @Get(':id')
  @RequirePermission(Permission.WebhookManage)
  @ApiOperation({ summary: 'Read a webhook endpoint (without its secret)' })
  @ApiOkResponse({ type: WebhookResponse })
  @ApiNotFoundResponse({ description: 'No such endpoint in your organisation.' })
  get(@CurrentMember() member: Member, @Param() { id }: UuidParam): Promise<WebhookResponse> {
    return this.webhooks.get(member, id);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermission(Permission.WebhookManage)
  @ApiOperation({
    summary: 'Delete a webhook endpoint: nothing more is sent to it, pending deliveries included',
  })
  @ApiNoContentResponse({ description: 'Deleted (also when it was deleted before).' })
  @ApiNotFoundResponse({ description: 'No such endpoint in your organisation.' })
  delete(@CurrentMember() member: Member, @Param() { id }: UuidParam): Promise<void> {
    return this.webhooks.delete(member, id);
  }

  @Get(':id/deliveries')
  @RequirePermission(Permission.WebhookManage)
  @ApiOperation({ summary: 'List the deliveries to an endpoint, newest first, with their latest attempts' })
  @ApiOkResponse({ type: WebhookDeliveryPageResponse })
  @ApiNotFoundResponse({ description: 'No such endpoint in your organisation.' })
  listDeliveries(
    @CurrentMember() member: Member,
    @Param() { id }: UuidParam,
    @Query() query: ListWebhookDeliveriesQuery,
  ): Promise<Page<WebhookDeliveryResponse>> {
    return this.webhooks.listDeliveries(member, id, query);
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequirePermission(Permission.WebhookManage)
  @ApiOperation({
    summary: 'Send a delivery again (a dead one, typically)',
    description:
      'The delivery is queued at once with a fresh retry schedule (its attempt count starts again at 0; earlier ' +
      'attempts stay listed). It keeps its id, so the receiver sees the same webhook-id and body.',
  })
  @ApiAcceptedResponse({ type: WebhookDeliveryResponse, description: 'Queued.' })
  @ApiNotFoundResponse({ description: 'No such endpoint in your organisation, or no such delivery to it.' })
  @ApiConflictResponse({ description: 'The delivery is being sent right now (`webhook.delivery_sending`).' })
  redeliver(
    @CurrentMember() member: Member,
    @Param() { id, deliveryId }: WebhookDeliveryParam,
  ): Promise<WebhookDeliveryResponse> {
    return this.webhooks.redeliver(member, id, deliveryId);
  }
}
