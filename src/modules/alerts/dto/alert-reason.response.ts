import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AlertReason } from '../alert.entity.js';

const REASON_TYPES = ['addressed', 'subscription', 'forwarded'] as const;

/** One reason why the organisation received the alert. */
export class AlertReasonResponse {
  @ApiProperty({
    description:
      'addressed: the reporter named your organisation; subscription: one of your subscriptions matched; ' +
      'forwarded: another organisation passed it on to you.',
    enum: REASON_TYPES,
  })
  type: AlertReason['type'];

  @ApiPropertyOptional({ description: 'The subscription that matched (type subscription).', format: 'uuid' })
  subscriptionId?: string;

  @ApiPropertyOptional({ description: 'The name of the subscription that matched (type subscription).' })
  name?: string;

  @ApiPropertyOptional({ description: 'Code of the organisation that forwarded it (type forwarded).' })
  fromOrganisation?: string;

  @ApiPropertyOptional({
    description: 'The alert of the forwarding organisation it came from (type forwarded).',
    format: 'uuid',
  })
  fromAlertId?: string;

  static from(reason: AlertReason): AlertReasonResponse {
    const response = new AlertReasonResponse();
    response.type = reason.type;
    switch (reason.type) {
      case 'addressed':
        break;
      case 'subscription':
        response.subscriptionId = reason.subscriptionId;
        response.name = reason.name;
        break;
      case 'forwarded':
        response.fromOrganisation = reason.fromOrganisation;
        response.fromAlertId = reason.fromAlertId;
        break;
    }
    return response;
  }
}
