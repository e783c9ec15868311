import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Member } from '../../common/auth/member.js';
import { Permission } from '../../common/auth/permissions.js';
import { Clock } from '../../common/clock.js';
import { SecretBox } from '../../common/crypto/secret-box.js';
import { AppError } from '../../common/errors/app-error.js';
import { decodeCursor, type Page, type PaginationQuery, toPage } from '../../common/http/pagination.js';
import type { CreateWebhookDto } from './dto/webhook-create.dto.js';
import { CreatedWebhookResponse } from './dto/webhook-created.response.js';
import type { ListWebhookDeliveriesQuery } from './dto/webhook-deliveries.query.js';
import { ATTEMPTS_SHOWN, WebhookDeliveryResponse } from './dto/webhook-delivery.response.js';
import { WebhookResponse } from './dto/webhook.response.js';
import { WebhookAddressPolicy } from './webhook-address.js';
import { generateWebhookSecret } from './webhook-signature.js';
import { type AttemptRow, type Position, WebhooksRepository } from './webhooks.repository.js';

const POSITION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Webhook endpoints of the caller's organisation, managed by its analysts, and their deliveries. An endpoint of
 * another organisation, or a deleted one, does not exist for the caller (404).
 */
@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: WebhooksRepository,
    private readonly addresses: WebhookAddressPolicy,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
  ) {}

  /** The secret is generated here and answered once; only its sealed form is stored. */
  async create(member: Member, dto: CreateWebhookDto): Promise<CreatedWebhookResponse> {
    requireManage(member);
    const url = new URL(dto.url); // the DTO has checked that it parses
    await this.checkAddress(url);
    const secret = generateWebhookSecret();
    const row = await this.repo.insertEndpoint({
      organisationId: member.organisationId,
      url: url.href,
      description: dto.description ?? null,
      secretSealed: this.secrets.seal(secret),
      createdByMemberId: member.id,
    });
    return CreatedWebhookResponse.withSecret(row, secret);
  }

  async list(member: Member, query: PaginationQuery): Promise<Page<WebhookResponse>> {
    requireManage(member);
    const rows = await this.repo.findEndpointPage(
      member.organisationId,
      query.limit + 1,
      positionOf(query.cursor),
    );
    return toPage(rows, query.limit, (row) => WebhookResponse.from(row), cursorOf);
  }

  async get(member: Member, id: string): Promise<WebhookResponse> {
    requireManage(member);
    return WebhookResponse.from(await this.endpoint(member, id));
  }

  /** Soft: the endpoint keeps its delivery history and receives nothing more (the worker checks). */
  async delete(member: Member, id: string): Promise<void> {
    requireManage(member);
    if (!(await this.repo.deleteEndpoint(member.organisationId, id, this.clock.now()))) {
      throw notFound(id);
    }
  }

  async listDeliveries(
    member: Member,
    endpointId: string,
    query: ListWebhookDeliveriesQuery,
  ): Promise<Page<WebhookDeliveryResponse>> {
    requireManage(member);
    await this.endpoint(member, endpointId);
    const rows = await this.repo.findDeliveryPage(
      endpointId,
      query.status,
      query.limit + 1,
      positionOf(query.cursor),
    );
    const attempts = groupBy(
      await this.repo.findLatestAttempts(
        rows.slice(0, query.limit).map((row) => row.id),
        ATTEMPTS_SHOWN,
      ),
    );
    return toPage(
      rows,
      query.limit,
      (row) => WebhookDeliveryResponse.from(row, attempts.get(row.id) ?? []),
      cursorOf,
    );
  }

  /**
   * Sends a delivery again, whatever became of it (dead, delivered, pending), except while it is being sent.
   * It keeps its id (the webhook-id) and body, and starts the whole retry schedule afresh: the attempt count
   * is reset, its earlier attempts stay on record.
   */
  async redeliver(member: Member, endpointId: string, deliveryId: string): Promise<WebhookDeliveryResponse> {
    requireManage(member);
    await this.endpoint(member, endpointId);
    const requeued = await this.dataSource.transaction(async (tx) => {
      const row = await this.repo.requeue(tx, endpointId, deliveryId, this.clock.now());
      if (row !== undefined && row !== 'sending') {
        await this.repo.notifyDeliveries(tx);
      }
      return row;
    });
    if (requeued === undefined) {
      throw new AppError(
        'webhook.delivery_not_found',
        `There is no delivery ${deliveryId} to webhook ${endpointId}.`,
      );
    }
    if (requeued === 'sending') {
      throw new AppError(
        'webhook.delivery_sending',
        `Delivery ${deliveryId} is being sent right now; look at its outcome before redelivering it.`,
      );
    }
    const attempts = await this.repo.findLatestAttempts([deliveryId], ATTEMPTS_SHOWN);
    return WebhookDeliveryResponse.from(requeued, attempts);
  }

  private async endpoint(member: Member, id: string) {
    const row = await this.repo.findEndpoint(member.organisationId, id);
    if (!row) {
      throw notFound(id);
    }
    return row;
  }

  /**
   * https unless the host is allow-listed; a host that is not allow-listed must resolve to public addresses
   * only. The worker checks again at every send, on the address it then connects to.
   */
  private async checkAddress(url: URL): Promise<void> {
    const isAllowListed = this.addresses.isHostAllowListed(url.hostname);
    if (url.protocol !== 'https:' && !isAllowListed) {
      throw addressRefused(`the URL must use https (${url.hostname} is not allow-listed for plain http)`);
    }
    if (isAllowListed) {
      return;
    }
    const resolved = await this.addresses.resolve(url);
    if ('refused' in resolved) {
      throw addressRefused(resolved.refused);
    }
  }
}

function requireManage(member: Member): void {
  if (!member.permissions.has(Permission.WebhookManage)) {
    throw new AppError('auth.forbidden', 'Only analysts may manage their organisation’s webhooks.');
  }
}

function notFound(id: string): AppError {
  return new AppError('webhook.not_found', `There is no webhook ${id} in your organisation.`);
}

function addressRefused(reason: string): AppError {
  return new AppError('webhook.address_refused', `This webhook URL is refused: ${reason}.`, {
    errors: [{ field: 'url', messages: [reason] }],
  });
}

function cursorOf(row: { position: string; id: string }): Record<string, string> {
  return { createdAt: row.position, id: row.id };
}

function positionOf(cursor: string | undefined): Position | undefined {
  if (cursor === undefined) {
    return undefined;
  }
  const position = decodeCursor(cursor, ['createdAt', 'id']);
  if (!POSITION.test(position.createdAt) || !UUID.test(position.id)) {
    throw new AppError(
      'bad_request',
      'The cursor is not valid: pass the nextCursor of a previous page unchanged.',
    );
  }
  return position;
}

function groupBy(attempts: readonly AttemptRow[]): Map<string, AttemptRow[]> {
  const byDelivery = new Map<string, AttemptRow[]>();
  for (const attempt of attempts) {
    byDelivery.set(attempt.deliveryId, [...(byDelivery.get(attempt.deliveryId) ?? []), attempt]);
  }
  return byDelivery;
}
