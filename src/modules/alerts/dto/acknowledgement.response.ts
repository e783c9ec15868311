import { ApiProperty } from '@nestjs/swagger';
import { ALERT_RESPONSES, type AlertResponseState } from './acknowledge-alert.dto.js';

/** How the recipient organisation answered an alert. */
export class AcknowledgementResponse {
  @ApiProperty({ description: 'The response given.', enum: ALERT_RESPONSES })
  state: AlertResponseState;

  @ApiProperty({ description: 'The name of the member who responded.' })
  respondedBy: string;

  @ApiProperty({ description: 'When the response was given (ISO 8601, UTC).', format: 'date-time' })
  respondedAt: string;

  @ApiProperty({
    description: 'The reason given, if any (required when declining).',
    type: String,
    nullable: true,
  })
  reason: string | null;

  @ApiProperty({
    description: 'Code of the organisation it was forwarded to (not-competent), else null.',
    type: String,
    nullable: true,
  })
  forwardedTo: string | null;
}
