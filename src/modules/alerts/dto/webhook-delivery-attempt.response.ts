import { ApiProperty } from '@nestjs/swagger';
import type { AttemptRow } from '../webhooks.repository.js';

/** One try at sending a delivery. */
export class WebhookDeliveryAttemptResponse {
  @ApiProperty({ description: 'When the attempt was made.', format: 'date-time' })
  attemptedAt: string;

  @ApiProperty({ enum: ['delivered', 'failed'], description: 'delivered: the receiver answered 2xx.' })
  outcome: 'delivered' | 'failed';

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The HTTP status the receiver answered; null when no answer came (refused, timeout, error).',
  })
  statusCode: number | null;

  @ApiProperty({ description: 'How long the attempt took, in milliseconds.' })
  durationMs: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the attempt failed; null when it succeeded.',
  })
  error: string | null;

  static from(row: AttemptRow): WebhookDeliveryAttemptResponse {
    return {
      attemptedAt: row.attemptedAt.toISOString(),
      outcome: row.outcome,
      statusCode: row.statusCode,
      durationMs: row.durationMs,
      error: row.error,
    };
  }
}
