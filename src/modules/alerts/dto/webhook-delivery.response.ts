import { ApiProperty } from '@nestjs/swagger';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../webhook.entity.js';
import type { AttemptRow, DeliveryRow } from '../webhooks.repository.js';
import { WebhookDeliveryAttemptResponse } from './webhook-delivery-attempt.response.js';

/** How many attempts a delivery answer lists; older ones stay in the database. */
export const ATTEMPTS_SHOWN = 20;

/** One alert to one endpoint, with its attempts. */
export class WebhookDeliveryResponse {
  @ApiProperty({
    description: 'The delivery id: sent as the webhook-id header, the same on every attempt and redelivery.',
    format: 'uuid',
  })
  id: string;

  @ApiProperty({ description: 'The alert delivered.', format: 'uuid' })
  alertId: string;

  @ApiProperty({ description: 'The event type: alert.created, alert.updated or alert.escalated.' })
  eventType: string;

  @ApiProperty({
    enum: DELIVERY_STATUSES,
    description:
      'pending: waiting for its next attempt; sending: being sent; delivered: the receiver answered 2xx; ' +
      'dead: every attempt of the retry schedule failed (redeliver it by hand).',
  })
  status: DeliveryStatus;

  @ApiProperty({ description: 'Attempts made since the delivery was created or last redelivered.' })
  attemptCount: number;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the next attempt is due; null unless the delivery is pending.',
  })
  nextAttemptAt: string | null;

  @ApiProperty({ description: 'When the delivery was queued.', format: 'date-time' })
  createdAt: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the receiver accepted it; null unless delivered.',
  })
  deliveredAt: string | null;

  @ApiProperty({
    type: WebhookDeliveryAttemptResponse,
    isArray: true,
    description: `The most recent attempts (at most ${ATTEMPTS_SHOWN}), newest first.`,
  })
  attempts: WebhookDeliveryAttemptResponse[];

  static from(row: DeliveryRow, attempts: readonly AttemptRow[]): WebhookDeliveryResponse {
    return {
      id: row.id,
      alertId: row.alertId,
      eventType: row.eventType,
      status: row.status,
      attemptCount: row.attemptCount,
      nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
      createdAt: row.createdAt.toISOString(),
      deliveredAt: row.deliveredAt?.toISOString() ?? null,
      attempts: attempts.map((attempt) => WebhookDeliveryAttemptResponse.from(attempt)),
    };
  }
}
