import { ApiProperty } from '@nestjs/swagger';
import type { Member } from '../../../common/auth/member.js';
import { CASE_EVENT_KINDS, type CaseEventKind } from '../case.enums.js';
import type { EventView } from '../case-views.js';
import { ActorResponse } from './actor.response.js';
import { actorFor } from './member-display.js';

/** One event on a case's timeline. */
export class CaseEventResponse {
  @ApiProperty({ description: 'The event id.', format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Its place on the case timeline: 1, 2, 3, … without gaps.', minimum: 1 })
  position: number;

  @ApiProperty({ description: 'What happened.', enum: CASE_EVENT_KINDS })
  kind: CaseEventKind;

  @ApiProperty({ description: 'When it happened (ISO 8601, UTC).', format: 'date-time' })
  occurredAt: string;

  @ApiProperty({ description: 'Who did it.', type: ActorResponse })
  actor: ActorResponse;

  @ApiProperty({
    description: 'The signal it concerns; null when none, or when your organisation may not see that signal.',
    type: String,
    format: 'uuid',
    nullable: true,
  })
  signalId: string | null;

  @ApiProperty({
    description: 'The action it concerns, if any.',
    type: String,
    format: 'uuid',
    nullable: true,
  })
  actionId: string | null;

  @ApiProperty({
    description: 'What changed, by kind (from/to, reason, text, …); null when redacted.',
    type: 'object',
    additionalProperties: true,
    nullable: true,
  })
  details: Record<string, unknown> | null;

  @ApiProperty({
    description:
      'True when the event concerns a signal your organisation may not see: you learn that something ' +
      'happened (kind, time, organisation), not what.',
  })
  isRedacted: boolean;

  @ApiProperty({
    description:
      'SHA-256 (hex) of the event’s canonical content, which includes the hash of the event before it; ' +
      'null when redacted.',
    type: String,
    nullable: true,
  })
  hash: string | null;

  static from(view: EventView, viewer: Member): CaseEventResponse {
    const response = new CaseEventResponse();
    response.id = view.id;
    response.position = view.position;
    response.kind = view.kind;
    response.occurredAt = view.occurredAt.toISOString();
    response.actor = actorFor(
      viewer,
      { id: view.actorOrganisationId, code: view.actorOrganisationCode },
      view.actorMemberId === null || view.actorMemberName === null
        ? null
        : { id: view.actorMemberId, name: view.actorMemberName },
    );
    response.signalId = view.signalId;
    response.actionId = view.actionId;
    response.details = view.details;
    response.isRedacted = view.isRedacted;
    response.hash = view.hash;
    return response;
  }
}
