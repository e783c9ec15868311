import { ApiProperty } from '@nestjs/swagger';
import type { EndpointRow } from '../webhooks.repository.js';
import { WebhookResponse } from './webhook.response.js';

/** The only answer that carries the signing secret: it is stored encrypted and never shown again. */
export class CreatedWebhookResponse extends WebhookResponse {
  @ApiProperty({
    description:
      'The signing secret, shown this once only. Verify the webhook-signature header of every delivery with it ' +
      '(Standard Webhooks: any standardwebhooks library accepts it as it is).',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  })
  secret: string;

  static withSecret(row: EndpointRow, secret: string): CreatedWebhookResponse {
    return { ...WebhookResponse.from(row), secret };
  }
}
