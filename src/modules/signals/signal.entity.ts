import {
  ForeignKey,
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { MemberEntity } from '../organisations/member.entity.js';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { ElectionEntity, type ElectionPhase } from '../taxonomy/election.entity.js';
import { SignalCategoryEntity } from '../taxonomy/taxonomy-entry.entity.js';
import type { Classification, ObservableType, Severity, SignalSource, Tlp } from './signal.enums.js';

export interface Attribution {
  actor: string;
  confidence: number;
  rationale?: string;
}

@Entity('signals')
@Unique('signals_seq_key', ['seq'])
@Index('signals_idempotency_key_idx', ['organisationId', 'idempotencyKey'], {
  unique: true,
  where: 'idempotency_key IS NOT NULL',
})
@Index('signals_organisation_id_seq_idx', ['organisationId', 'seq'])
@Index('signals_election_seq_idx', ['election', 'seq'])
@Check('signals_title_check', `char_length(title) BETWEEN 1 AND 200`)
@Check('signals_description_check', `char_length(description) <= 20000`)
@Check('signals_severity_check', `severity IN ('low', 'moderate', 'high', 'critical')`)
@Check('signals_tlp_check', `tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')`)
@Check('signals_classification_check', `classification IN ('unclassified', 'departmental-confidential')`)
@Check('signals_phase_check', `phase IN ('campaign', 'election-day', 'count', 'result')`)
@Check(
  'signals_source_check',
  `source IN ('open-source', 'platform-report', 'citizen-report', 'partner-report', 'intelligence')`,
)
@Check('signals_confidence_check', `confidence BETWEEN 0 AND 100`)
@Check('signals_idempotency_check', `(idempotency_key IS NULL) = (request_hash IS NULL)`)
export class SignalEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Insertion order: the keyset for "newest first" pagination. */
  @Column({
    type: 'bigint',
    generated: 'identity',
    generatedIdentity: 'ALWAYS',
    insert: false,
    update: false,
  })
  seq: string;

  @ForeignKey(() => OrganisationEntity, { name: 'signals_organisation_id_fkey', onDelete: 'RESTRICT' })
  @Column('uuid')
  organisationId: string;

  @ForeignKey(() => MemberEntity, { name: 'signals_submitted_by_member_id_fkey', onDelete: 'RESTRICT' })
  @Column('uuid')
  submittedByMemberId: string;

  @Column('text')
  title: string;

  @Column('text')
  description: string;

  @ForeignKey(() => SignalCategoryEntity, { name: 'signals_category_fkey', onDelete: 'RESTRICT' })
  @Column('text')
  category: string;

  @Column('text')
  severity: Severity;

  @Column('text')
  tlp: Tlp;

  @Column('text')
  classification: Classification;

  @ForeignKey(() => ElectionEntity, { name: 'signals_election_fkey', onDelete: 'RESTRICT' })
  @Column('text')
  election: string;

  @Column('text', { nullable: true })
  phase: ElectionPhase | null;

  // A GIN index, which TypeORM cannot describe: declared in the migration, left alone by the drift check.
  @Index('signals_municipalities_idx', { synchronize: false })
  @Column('text', { array: true, default: () => `'{}'` })
  municipalities: string[];

  @Column('timestamptz')
  observedAt: Date;

  @Column('text')
  source: SignalSource;

  @Column('smallint')
  confidence: number;

  @Column('jsonb', { nullable: true })
  attribution: Attribution | null;

  @Column('text', { nullable: true })
  externalRef: string | null;

  @Column('text', { nullable: true })
  idempotencyKey: string | null;

  @Column('text', { nullable: true })
  requestHash: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** 1 when submitted; each amendment or the withdrawal adds one. */
  @Column('integer', { default: 1 })
  version: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column('timestamptz', { nullable: true })
  withdrawnAt: Date | null;

  @Column('text', { nullable: true })
  withdrawalReason: string | null;
}

/** A superseded version of a signal, kept whole; the current version is the signals row itself. */
@Entity('signal_versions')
@Check('signal_versions_change_check', `superseded_by_change IN ('amended', 'withdrawn')`)
export class SignalVersionEntity {
  @ForeignKey(() => SignalEntity, { name: 'signal_versions_signal_id_fkey', onDelete: 'RESTRICT' })
  @PrimaryColumn('uuid')
  signalId: string;

  @PrimaryColumn('integer')
  version: number;

  @Column('jsonb')
  content: Record<string, unknown>;

  @Column('text')
  supersededByChange: 'amended' | 'withdrawn';

  @ForeignKey(() => MemberEntity, {
    name: 'signal_versions_superseded_by_member_id_fkey',
    onDelete: 'RESTRICT',
  })
  @Column('uuid')
  supersededByMemberId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  supersededAt: Date;

  @Column('text', { nullable: true })
  reason: string | null;
}

@Entity('signal_observables')
@Index('signal_observables_value_type_idx', ['value', 'type'])
@Check(
  'signal_observables_type_check',
  `type IN ('url', 'domain', 'account', 'hashtag', 'ip', 'email', 'sha256', 'phone')`,
)
export class SignalObservableEntity {
  @ForeignKey(() => SignalEntity, { name: 'signal_observables_signal_id_fkey', onDelete: 'RESTRICT' })
  @PrimaryColumn('uuid')
  signalId: string;

  @PrimaryColumn('text')
  type: ObservableType;

  /** Normalised, so that the same thing compares equal (see observable-normalisation.ts). */
  @PrimaryColumn('text')
  value: string;
}

@Entity('signal_addressees')
@Index('signal_addressees_organisation_id_idx', ['organisationId', 'signalId'])
export class SignalAddresseeEntity {
  @ForeignKey(() => SignalEntity, { name: 'signal_addressees_signal_id_fkey', onDelete: 'RESTRICT' })
  @PrimaryColumn('uuid')
  signalId: string;

  @ForeignKey(() => OrganisationEntity, {
    name: 'signal_addressees_organisation_id_fkey',
    onDelete: 'RESTRICT',
  })
  @PrimaryColumn('uuid')
  organisationId: string;
}
