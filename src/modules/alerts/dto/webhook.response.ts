import { ApiProperty } from '@nestjs/swagger';
import type { EndpointRow } from '../webhooks.repository.js';

/** A webhook endpoint, without its signing secret (that is shown only in the answer that creates it). */
export class WebhookResponse {
  @ApiProperty({ description: 'The endpoint id.', format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Where alerts are POSTed.' })
  url: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'What the endpoint is for; null when not given.',
  })
  description: string | null;

  @ApiProperty({ description: 'When the endpoint was registered.', format: 'date-time' })
  createdAt: string;

  static from(row: EndpointRow): WebhookResponse {
    return {
      id: row.id,
      url: row.url,
      description: row.description,
      createdAt: row.createdAt.toISOString(),
    };
  }
}
