import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

/** Query of GET /alerts/stream, for clients that cannot set the Last-Event-ID header. */
export class StreamAlertsQuery {
  @ApiPropertyOptional({
    description:
      'Resume after this event id (an alert seq), as the Last-Event-ID header does; the header wins when both ' +
      'are given.',
    example: '42',
  })
  @IsOptional()
  @Matches(/^[0-9]{1,18}$/, { message: 'lastEventId must be an event id (a number)' })
  lastEventId?: string;
}
