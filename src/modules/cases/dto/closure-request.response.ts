import { ApiProperty } from '@nestjs/swagger';
import type { Member } from '../../../common/auth/member.js';
import { CLOSURE_REQUEST_STATES, type ClosureRequestState } from '../case.enums.js';
import type { ClosureRequestView } from '../case-views.js';
import { ActorResponse } from './actor.response.js';
import { actorFor } from './member-display.js';

export class ClosureRequestResponse {
  @ApiProperty({ description: 'The closure request id.', format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'What was done and why the case can be closed.' })
  summary: string;

  @ApiProperty({ description: 'pending until a second coordinator decides.', enum: CLOSURE_REQUEST_STATES })
  state: ClosureRequestState;

  @ApiProperty({ description: 'The coordinator who asked.', type: ActorResponse })
  requestedBy: ActorResponse;

  @ApiProperty({ description: 'When closure was requested (ISO 8601, UTC).', format: 'date-time' })
  requestedAt: string;

  @ApiProperty({
    description: 'The other coordinator who approved or rejected it; null while pending.',
    type: ActorResponse,
    nullable: true,
  })
  decidedBy: ActorResponse | null;

  @ApiProperty({
    description: 'When it was decided; null while pending.',
    type: String,
    format: 'date-time',
    nullable: true,
  })
  decidedAt: string | null;

  @ApiProperty({ description: 'Why it was decided so, if given.', type: String, nullable: true })
  decisionReason: string | null;

  static from(view: ClosureRequestView, viewer: Member): ClosureRequestResponse {
    const response = new ClosureRequestResponse();
    response.id = view.id;
    response.summary = view.summary;
    response.state = view.state;
    response.requestedBy = actorOf(view.requestedBy, viewer);
    response.requestedAt = view.requestedAt.toISOString();
    response.decidedBy = view.decidedBy === null ? null : actorOf(view.decidedBy, viewer);
    response.decidedAt = view.decidedAt?.toISOString() ?? null;
    response.decisionReason = view.decisionReason;
    return response;
  }
}

function actorOf(member: ClosureRequestView['requestedBy'], viewer: Member): ActorResponse {
  return actorFor(viewer, { id: member.organisationId, code: member.organisationCode }, member);
}
