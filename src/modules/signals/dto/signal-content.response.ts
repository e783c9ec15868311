import { ApiProperty } from '@nestjs/swagger';
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
import type { SignalContent } from '../signal-content.js';
import { AttributionResponse } from './attribution.response.js';
import { ObservableResponse } from './observable.response.js';

/** What one version of a signal said. */
export class SignalContentResponse {
  @ApiProperty({ description: 'Short headline of what was observed.' })
  title: string;

  @ApiProperty({ description: 'What was observed, as the reporter wrote it.' })
  description: string;

  @ApiProperty({ description: 'The kind of signal (a taxonomy code).' })
  category: string;

  @ApiProperty({ description: 'How serious the reporter judged it.', enum: SEVERITIES })
  severity: Severity;

  @ApiProperty({ description: 'Traffic Light Protocol 2.0 marking.', enum: TLPS })
  tlp: Tlp;

  @ApiProperty({ description: 'Classification.', enum: CLASSIFICATIONS })
  classification: Classification;

  @ApiProperty({ description: 'The election it concerns (code).' })
  election: string;

  @ApiProperty({ description: 'The election phase it named, if any.', enum: ELECTION_PHASES, nullable: true })
  phase: ElectionPhase | null;

  @ApiProperty({ description: 'Municipalities concerned (CBS codes).', type: [String] })
  municipalities: string[];

  @ApiProperty({ description: 'When it was observed (ISO 8601, UTC).', format: 'date-time' })
  observedAt: string;

  @ApiProperty({ description: 'Where the observation came from.', enum: SIGNAL_SOURCES })
  source: SignalSource;

  @ApiProperty({ description: "The reporter's confidence in the observation, 0-100." })
  confidence: number;

  @ApiProperty({
    description: 'Who the reporter suspected: a hypothesis, as stated; null when none was given.',
    type: AttributionResponse,
    nullable: true,
  })
  attribution: AttributionResponse | null;

  @ApiProperty({ description: "The reporter's own reference, if given.", type: String, nullable: true })
  externalRef: string | null;

  @ApiProperty({
    description: 'The observables, normalised, sorted by type and value.',
    type: [ObservableResponse],
  })
  observables: ObservableResponse[];

  @ApiProperty({ description: 'Codes of the organisations it was addressed to, sorted.', type: [String] })
  addressees: string[];

  static from(content: SignalContent): SignalContentResponse {
    return {
      ...content,
      attribution: content.attribution === null ? null : AttributionResponse.from(content.attribution),
      observables: ObservableResponse.listFrom(content.observables),
    };
  }
}
