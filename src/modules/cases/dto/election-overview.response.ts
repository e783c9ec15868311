import { ApiProperty } from '@nestjs/swagger';

export class CountResponse {
  @ApiProperty({
    description: 'The value counted (a code); null for signals that name no phase.',
    type: String,
    nullable: true,
  })
  key: string | null;

  @ApiProperty({ description: 'How many.', minimum: 0 })
  count: number;
}

export class UnacknowledgedAlertsResponse {
  @ApiProperty({ description: 'Code of the recipient organisation.' })
  organisation: string;

  @ApiProperty({ description: 'Signal alerts it has not yet responded to.', minimum: 1 })
  count: number;

  @ApiProperty({ description: 'When the oldest of them was sent (ISO 8601, UTC).', format: 'date-time' })
  oldestAt: string;
}

export class TimeToAcknowledgeResponse {
  @ApiProperty({ description: 'Code of the recipient organisation.' })
  organisation: string;

  @ApiProperty({ description: 'How many signal alerts it responded to.', minimum: 1 })
  responded: number;

  @ApiProperty({ description: 'Median time from alert to response, in seconds.' })
  medianSeconds: number;

  @ApiProperty({ description: '90th percentile of the time from alert to response, in seconds.' })
  p90Seconds: number;
}

export class OrganisationActionsResponse {
  @ApiProperty({ description: 'Code of the assignee organisation.' })
  organisation: string;

  @ApiProperty({ description: 'Actions it has not finished (open or in progress).', minimum: 0 })
  open: number;

  @ApiProperty({ description: 'Of those, how many are past their due time.', minimum: 0 })
  overdue: number;

  @ApiProperty({
    description: 'The earliest due time among them (ISO 8601, UTC).',
    format: 'date-time',
  })
  nextDueAt: string;
}

/** The coordinators' picture of one election, computed in the database, one query per figure. */
export class ElectionOverviewResponse {
  @ApiProperty({ description: 'The election (code).', example: 'GR2018' })
  election: string;

  @ApiProperty({ description: 'When the figures were computed (ISO 8601, UTC).', format: 'date-time' })
  generatedAt: string;

  @ApiProperty({
    description: 'Signals your organisation may see (not withdrawn), by category.',
    type: [CountResponse],
  })
  signalsByCategory: CountResponse[];

  @ApiProperty({ description: 'The same signals, by severity.', type: [CountResponse] })
  signalsBySeverity: CountResponse[];

  @ApiProperty({ description: 'The same signals, by election phase.', type: [CountResponse] })
  signalsByPhase: CountResponse[];

  @ApiProperty({
    description: 'Signal alerts not yet responded to, per recipient organisation, most first.',
    type: [UnacknowledgedAlertsResponse],
  })
  unacknowledgedAlerts: UnacknowledgedAlertsResponse[];

  @ApiProperty({
    description: 'Median and 90th percentile time to respond to a signal alert, per organisation.',
    type: [TimeToAcknowledgeResponse],
  })
  timeToAcknowledge: TimeToAcknowledgeResponse[];

  @ApiProperty({
    description: 'Unfinished follow-up actions per assignee organisation: who owes what, by when.',
    type: [OrganisationActionsResponse],
  })
  actions: OrganisationActionsResponse[];

  @ApiProperty({ description: 'Cases about this election, by status.', type: [CountResponse] })
  casesByStatus: CountResponse[];
}
