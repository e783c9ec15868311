import { ApiProperty } from '@nestjs/swagger';
import { ELECTION_PHASES, type ElectionPhase } from '../election.entity.js';
import type { ElectionPhaseRow } from '../taxonomy.repository.js';

export class ElectionPhaseResponse {
  @ApiProperty({ description: 'The phase.', enum: ELECTION_PHASES })
  phase: ElectionPhase;

  @ApiProperty({ description: 'Start of the phase (inclusive).', format: 'date-time' })
  startsAt: string;

  @ApiProperty({ description: 'End of the phase (exclusive).', format: 'date-time' })
  endsAt: string;

  static from(row: ElectionPhaseRow): ElectionPhaseResponse {
    return { phase: row.phase, startsAt: row.starts_at.toISOString(), endsAt: row.ends_at.toISOString() };
  }
}
