import { ApiProperty } from '@nestjs/swagger';
import type { ElectionPhaseRow, ElectionRow } from '../taxonomy.repository.js';
import { ElectionPhaseResponse } from './election-phase.response.js';

export class ElectionResponse {
  @ApiProperty({ description: 'Stable code, used in signals.', example: 'GR2018' })
  code: string;

  @ApiProperty({ description: 'Name in English.' })
  nameEn: string;

  @ApiProperty({ description: 'Name in Dutch.' })
  nameNl: string;

  @ApiProperty({ description: 'The day of the vote.', format: 'date', example: '2018-03-21' })
  electionDate: string;

  @ApiProperty({ type: ElectionPhaseResponse, isArray: true, description: 'The phases, in order of time.' })
  phases: ElectionPhaseResponse[];

  static from(row: ElectionRow, phases: readonly ElectionPhaseRow[]): ElectionResponse {
    return {
      code: row.code,
      nameEn: row.name_en,
      nameNl: row.name_nl,
      electionDate: row.election_date,
      phases: phases
        .filter((p) => p.election_code === row.code)
        .map((phase) => ElectionPhaseResponse.from(phase)),
    };
  }
}
