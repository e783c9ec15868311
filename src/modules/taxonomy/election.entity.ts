import { ForeignKey, Check, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const ELECTION_PHASES = ['campaign', 'election-day', 'count', 'result'] as const;
export type ElectionPhase = (typeof ELECTION_PHASES)[number];

@Entity('elections')
@Check('elections_code_check', `code ~ '^[A-Z0-9-]{2,32}$'`)
export class ElectionEntity {
  @PrimaryColumn('text')
  code: string;

  @Column('text')
  nameEn: string;

  @Column('text')
  nameNl: string;

  /** The calendar day of the vote (a date, not an instant). */
  @Column('date')
  electionDate: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

@Entity('election_phases')
@Check('election_phases_phase_check', `phase IN ('campaign', 'election-day', 'count', 'result')`)
@Check('election_phases_period_check', `ends_at > starts_at`)
export class ElectionPhaseEntity {
  @ForeignKey(() => ElectionEntity, { name: 'election_phases_election_code_fkey', onDelete: 'RESTRICT' })
  @PrimaryColumn('text')
  electionCode: string;

  @PrimaryColumn('text')
  phase: ElectionPhase;

  @Column('timestamptz')
  startsAt: Date;

  @Column('timestamptz')
  endsAt: Date;
}
