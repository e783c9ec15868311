import { ApiProperty } from '@nestjs/swagger';
import { ACTION_STATUSES, type ActionStatus } from '../case.enums.js';
import type { ActionView } from '../case-views.js';
import { isFinished } from '../case-status.js';

export class ActionResponse {
  @ApiProperty({ description: 'The action id.', format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'The case it belongs to.', format: 'uuid' })
  caseId: string;

  @ApiProperty({ description: 'The title of that case.' })
  caseTitle: string;

  @ApiProperty({ description: 'The instrument (an action type code).', example: 'fact-check' })
  type: string;

  @ApiProperty({ description: 'What is to be done.' })
  title: string;

  @ApiProperty({ description: 'Details, if given.', type: String, nullable: true })
  description: string | null;

  @ApiProperty({ description: 'Code of the organisation that carries it out.', example: 'BZK' })
  assignee: string;

  @ApiProperty({ description: 'When it must be done (ISO 8601, UTC).', format: 'date-time' })
  dueAt: string;

  @ApiProperty({ description: "A counterpart's reference, if given.", type: String, nullable: true })
  counterpartRef: string | null;

  @ApiProperty({ description: 'Where it stands.', enum: ACTION_STATUSES })
  status: ActionStatus;

  @ApiProperty({
    description: 'What came of it (done or cancelled); null before.',
    type: String,
    nullable: true,
  })
  outcome: string | null;

  @ApiProperty({ description: 'True when it is past its due time and not finished.' })
  isOverdue: boolean;

  @ApiProperty({ description: 'When it was assigned (ISO 8601, UTC).', format: 'date-time' })
  createdAt: string;

  @ApiProperty({ description: 'When it last changed (ISO 8601, UTC).', format: 'date-time' })
  updatedAt: string;

  @ApiProperty({
    description: 'When it was done or cancelled; null before.',
    type: String,
    format: 'date-time',
    nullable: true,
  })
  finishedAt: string | null;

  static from(view: ActionView, now: Date): ActionResponse {
    const response = new ActionResponse();
    response.id = view.id;
    response.caseId = view.caseId;
    response.caseTitle = view.caseTitle;
    response.type = view.type;
    response.title = view.title;
    response.description = view.description;
    response.assignee = view.assigneeCode;
    response.dueAt = view.dueAt.toISOString();
    response.counterpartRef = view.counterpartRef;
    response.status = view.status;
    response.outcome = view.outcome;
    response.isOverdue = !isFinished(view.status) && view.dueAt.getTime() <= now.getTime();
    response.createdAt = view.createdAt.toISOString();
    response.updatedAt = view.updatedAt.toISOString();
    response.finishedAt = view.finishedAt?.toISOString() ?? null;
    return response;
  }
}
