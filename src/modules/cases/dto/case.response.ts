import { ApiProperty } from '@nestjs/swagger';
import { CASE_PRIORITIES, CASE_STATUSES, type CasePriority, type CaseStatus } from '../case.enums.js';
import type { CaseView } from '../case-views.js';

/** A case as it leaves the service; the `ETag` header carries its `version`. */
export class CaseResponse {
  @ApiProperty({ description: 'The case id.', format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Short name of the case.' })
  title: string;

  @ApiProperty({ description: 'What the case is about, as written by its coordinators.' })
  summary: string;

  @ApiProperty({ description: 'The election it concerns (code).', example: 'GR2018' })
  election: string;

  @ApiProperty({ description: 'How urgent the case is.', enum: CASE_PRIORITIES })
  priority: CasePriority;

  @ApiProperty({ description: 'Code of the organisation that leads the case.', example: 'NCTV' })
  leadOrganisation: string;

  @ApiProperty({ description: 'Where the case stands.', enum: CASE_STATUSES })
  status: CaseStatus;

  @ApiProperty({
    description: 'Changes with every change to the case; send it back in `If-Match` (as the ETag) to update.',
    minimum: 1,
  })
  version: number;

  @ApiProperty({ description: 'When the case was opened (ISO 8601, UTC).', format: 'date-time' })
  createdAt: string;

  @ApiProperty({ description: 'When the case last changed (ISO 8601, UTC).', format: 'date-time' })
  updatedAt: string;

  @ApiProperty({
    description: 'When the case was closed; null while it is not closed.',
    type: String,
    format: 'date-time',
    nullable: true,
  })
  closedAt: string | null;

  static from(view: CaseView): CaseResponse {
    const response = new CaseResponse();
    response.id = view.id;
    response.title = view.title;
    response.summary = view.summary;
    response.election = view.election;
    response.priority = view.priority;
    response.leadOrganisation = view.leadOrganisationCode;
    response.status = view.status;
    response.version = view.version;
    response.createdAt = view.createdAt.toISOString();
    response.updatedAt = view.updatedAt.toISOString();
    response.closedAt = view.closedAt?.toISOString() ?? null;
    return response;
  }
}
