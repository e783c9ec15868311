import { ApiProperty } from '@nestjs/swagger';
import type { Member } from '../../../common/auth/member.js';
import { ELECTION_PHASES, type ElectionPhase } from '../../taxonomy/election.entity.js';
import {
  CLASSIFICATIONS,
  type Classification,
  SEVERITIES,
  type Severity,
  SIGNAL_SOURCES,
  type SignalSource,
  TLPS,
  type Tlp,
} from '../signal.enums.js';
import type { SignalView } from '../signal-view.js';
import { AttributionResponse } from './attribution.response.js';
import { ObservableResponse } from './observable.response.js';
import { SubmitterResponse } from './submitter.response.js';

/** A signal as it leaves the service. Built only through `from`, so internal columns cannot leak. */
export class SignalResponse {
  @ApiProperty({ description: 'The signal id.', format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Short headline of what was observed.' })
  title: string;

  @ApiProperty({ description: 'What was observed, as the reporter wrote it.' })
  description: string;

  @ApiProperty({ description: 'The kind of signal (a taxonomy code).', example: 'disinformation' })
  category: string;

  @ApiProperty({ description: 'How serious the reporter judges it.', enum: SEVERITIES })
  severity: Severity;

  @ApiProperty({ description: 'Traffic Light Protocol 2.0 marking: who may read it.', enum: TLPS })
  tlp: Tlp;

  @ApiProperty({ description: 'Classification (never a state secret).', enum: CLASSIFICATIONS })
  classification: Classification;

  @ApiProperty({ description: 'The election it concerns (code).', example: 'GR2018' })
  election: string;

  @ApiProperty({
    description: 'The election phase it concerns, if given.',
    enum: ELECTION_PHASES,
    nullable: true,
  })
  phase: ElectionPhase | null;

  @ApiProperty({ description: 'Municipalities concerned (CBS codes), in the order given.', type: [String] })
  municipalities: string[];

  @ApiProperty({ description: 'When it was observed (ISO 8601, UTC).', format: 'date-time' })
  observedAt: string;

  @ApiProperty({ description: 'Where the observation comes from.', enum: SIGNAL_SOURCES })
  source: SignalSource;

  @ApiProperty({
    description: "The reporter's confidence in the observation, 0-100.",
    minimum: 0,
    maximum: 100,
  })
  confidence: number;

  @ApiProperty({
    description: 'Who the reporter suspects is behind it: a hypothesis, as stated. Null when none was given.',
    type: AttributionResponse,
    nullable: true,
  })
  attribution: AttributionResponse | null;

  @ApiProperty({
    description: 'The observables, normalised, sorted by type and value.',
    type: [ObservableResponse],
  })
  observables: ObservableResponse[];

  @ApiProperty({ description: 'Codes of the organisations it is addressed to, sorted.', type: [String] })
  addressees: string[];

  @ApiProperty({ description: "The reporter's own reference, if given.", type: String, nullable: true })
  externalRef: string | null;

  @ApiProperty({ description: 'Code of the reporting organisation.', example: 'AIVD' })
  reporter: string;

  @ApiProperty({
    description:
      'The member who submitted it: shown only to members of the reporting organisation, else null.',
    type: SubmitterResponse,
    nullable: true,
  })
  submittedBy: SubmitterResponse | null;

  @ApiProperty({ description: 'When it was submitted (ISO 8601, UTC).', format: 'date-time' })
  createdAt: string;

  @ApiProperty({
    description:
      'Its version: 1 when submitted; each amendment and the withdrawal add one (GET /api/v1/signals/{id}/versions).',
    minimum: 1,
  })
  version: number;

  @ApiProperty({ description: 'When its current version was made (ISO 8601, UTC).', format: 'date-time' })
  updatedAt: string;

  @ApiProperty({
    description: 'When the reporter withdrew it (ISO 8601, UTC); null while it stands.',
    type: String,
    format: 'date-time',
    nullable: true,
  })
  withdrawnAt: string | null;

  @ApiProperty({
    description: 'Why the reporter withdrew it; null while it stands.',
    type: String,
    nullable: true,
  })
  withdrawalReason: string | null;

  static from(signal: SignalView, viewer: Member): SignalResponse {
    const response = new SignalResponse();
    response.id = signal.id;
    response.title = signal.title;
    response.description = signal.description;
    response.category = signal.category;
    response.severity = signal.severity;
    response.tlp = signal.tlp;
    response.classification = signal.classification;
    response.election = signal.election;
    response.phase = signal.phase;
    response.municipalities = [...signal.municipalities];
    response.observedAt = signal.observedAt.toISOString();
    response.source = signal.source;
    response.confidence = signal.confidence;
    response.attribution = signal.attribution === null ? null : AttributionResponse.from(signal.attribution);
    response.observables = ObservableResponse.listFrom(signal.observables);
    response.addressees = [...signal.addresseeCodes].sort();
    response.externalRef = signal.externalRef;
    response.reporter = signal.reporterCode;
    // Who inside an organisation posted a signal is that organisation's business.
    response.submittedBy =
      viewer.organisationId === signal.organisationId
        ? { id: signal.submittedByMemberId, name: signal.submittedByName }
        : null;
    response.createdAt = signal.createdAt.toISOString();
    response.version = signal.version;
    response.updatedAt = signal.updatedAt.toISOString();
    response.withdrawnAt = signal.withdrawnAt === null ? null : signal.withdrawnAt.toISOString();
    response.withdrawalReason = signal.withdrawalReason;
    return response;
  }
}
