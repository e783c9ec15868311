import { ApiProperty } from '@nestjs/swagger';
import { SEVERITIES, type Severity } from '../../signals/signal.enums.js';
import { SignalResponse } from '../../signals/dto/signal.response.js';
import { ALERT_KINDS, ALERT_STATES, type AlertKind, type AlertState } from '../alert.entity.js';
import type { AlertView } from '../alert-views.js';
import { AcknowledgementResponse } from './acknowledgement.response.js';
import { AlertReasonResponse } from './alert-reason.response.js';

/**
 * An alert as its recipient organisation sees it, on every channel (API, stream, webhook). Built only
 * through `from`, with the signal only when the recipient may see it.
 */
export class AlertResponse {
  @ApiProperty({ description: 'The alert id.', format: 'uuid' })
  id: string;

  @ApiProperty({
    description:
      "Position in your organisation's alert sequence (1, 2, …): the event id on the stream. An alert takes " +
      'it a few milliseconds after it is written, and appears in the inbox and on the stream then; until ' +
      'then, reading it by id shows null.',
    example: 42,
    type: Number,
    nullable: true,
  })
  seq: number | null;

  @ApiProperty({
    description:
      'signal: a signal reached you; update: a signal you received changed; escalation: an alert to another ' +
      'organisation went unanswered.',
    enum: ALERT_KINDS,
  })
  kind: AlertKind;

  @ApiProperty({
    description: 'open until your organisation responds, then the response.',
    enum: ALERT_STATES,
  })
  state: AlertState;

  @ApiProperty({ description: 'Severity of the signal when alerted.', enum: SEVERITIES, nullable: true })
  severity: Severity | null;

  @ApiProperty({ description: 'The election it concerns (code).', type: String, nullable: true })
  election: string | null;

  @ApiProperty({ description: 'Why your organisation received it.', type: [AlertReasonResponse] })
  reasons: AlertReasonResponse[];

  @ApiProperty({
    description:
      'Kind-specific facts, e.g. for an escalation which organisation left which alert unanswered since when. ' +
      'Never signal content.',
    type: 'object',
    additionalProperties: true,
    nullable: true,
  })
  details: Record<string, unknown> | null;

  @ApiProperty({
    description: 'The alert this one follows from (a forwarded or escalated alert), else null.',
    type: String,
    format: 'uuid',
    nullable: true,
  })
  parentAlertId: string | null;

  @ApiProperty({ description: 'When it was created (ISO 8601, UTC).', format: 'date-time' })
  createdAt: string;

  @ApiProperty({
    description: "Your organisation's response; null while open.",
    type: AcknowledgementResponse,
    nullable: true,
  })
  response: AcknowledgementResponse | null;

  @ApiProperty({
    description: 'When it escalated to the coordinators for want of a response, else null.',
    type: String,
    format: 'date-time',
    nullable: true,
  })
  escalatedAt: string | null;

  @ApiProperty({
    description:
      'The signal, as your organisation may see it; null when it may not (an escalation never widens who ' +
      'sees a signal) or when the alert concerns none.',
    type: SignalResponse,
    nullable: true,
  })
  signal: SignalResponse | null;

  static from(alert: AlertView, signal: SignalResponse | null): AlertResponse {
    const response = new AlertResponse();
    response.id = alert.id;
    response.seq = alert.seq === null ? null : Number(alert.seq);
    response.kind = alert.kind;
    response.state = alert.state;
    response.severity = alert.severity;
    response.election = alert.election;
    response.reasons = alert.reasons.map((reason) => AlertReasonResponse.from(reason));
    response.details = alert.details;
    response.parentAlertId = alert.parentAlertId;
    response.createdAt = alert.createdAt.toISOString();
    response.response =
      alert.state === 'open' || alert.respondedAt === null
        ? null
        : {
            state: alert.state,
            respondedBy: alert.respondedByName ?? '',
            respondedAt: alert.respondedAt.toISOString(),
            reason: alert.responseReason,
            forwardedTo: alert.forwardedToCode,
          };
    response.escalatedAt = alert.escalatedAt?.toISOString() ?? null;
    response.signal = signal;
    return response;
  }
}
