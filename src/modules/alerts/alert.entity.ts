import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { MemberEntity } from '../organisations/member.entity.js';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { SignalEntity } from '../signals/signal.entity.js';
import type { Severity } from '../signals/signal.enums.js';

export const ALERT_KINDS = ['signal', 'update', 'escalation', 'action-assigned', 'overdue'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_STATES = ['open', 'acknowledged', 'not-competent', 'declined'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** Why an organisation got an alert: it was addressed, a subscription matched, or it was forwarded to it. */
export type AlertReason =
  | { type: 'addressed' }
  | { type: 'subscription'; subscriptionId: string; name: string }
  | { type: 'forwarded'; fromOrganisation: string; fromAlertId: string };

/** The last position AlertSequencer handed out in each organisation's alert sequence. */
@Entity('alert_sequences')
export class AlertSequenceEntity {
  @ForeignKey(() => OrganisationEntity, {
    name: 'alert_sequences_organisation_id_fkey',
    onDelete: 'RESTRICT',
  })
  @PrimaryColumn('uuid')
  organisationId: string;

  @Column('bigint', { default: 0 })
  lastSeq: string;
}

@Entity('alerts')
@Index('alerts_signal_id_organisation_id_idx', ['signalId', 'organisationId'], {
  unique: true,
  where: `kind = 'signal'`,
})
@Index('alerts_organisation_id_signal_id_idx', ['organisationId', 'signalId'])
@Index('alerts_escalate_at_idx', ['escalateAt'], {
  where: `escalate_at IS NOT NULL AND escalated_at IS NULL AND state = 'open'`,
})
@Check('alerts_kind_check', `kind IN ('signal', 'update', 'escalation', 'action-assigned', 'overdue')`)
@Check('alerts_state_check', `state IN ('open', 'acknowledged', 'not-competent', 'declined')`)
@Check('alerts_severity_check', `severity IN ('low', 'moderate', 'high', 'critical')`)
@Check('alerts_response_check', `(state = 'open') = (responded_at IS NULL)`)
export class AlertEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The recipient. */
  @ForeignKey(() => OrganisationEntity, { name: 'alerts_organisation_id_fkey', onDelete: 'RESTRICT' })
  @Column('uuid')
  organisationId: string;

  @Column('text')
  kind: AlertKind;

  @ForeignKey(() => SignalEntity, { name: 'alerts_signal_id_fkey', onDelete: 'RESTRICT' })
  @Column('uuid', { nullable: true })
  signalId: string | null;

  @Column('integer', { nullable: true })
  signalVersion: number | null;

  @Column('text', { nullable: true })
  severity: Severity | null;

  @Column('text', { nullable: true })
  election: string | null;

  @Column('jsonb', { default: () => `'[]'` })
  reasons: AlertReason[];

  @Column('jsonb', { nullable: true })
  details: Record<string, unknown> | null;

  @Index('alerts_parent_alert_id_idx')
  @ForeignKey(() => AlertEntity, { name: 'alerts_parent_alert_id_fkey', onDelete: 'RESTRICT' })
  @Column('uuid', { nullable: true })
  parentAlertId: string | null;

  @Column('text', { default: 'open' })
  state: AlertState;

  @ForeignKey(() => MemberEntity, { name: 'alerts_responded_by_member_id_fkey', onDelete: 'RESTRICT' })
  @Column('uuid', { nullable: true })
  respondedByMemberId: string | null;

  @Column('timestamptz', { nullable: true })
  respondedAt: Date | null;

  @Column('text', { nullable: true })
  responseReason: string | null;

  @ForeignKey(() => OrganisationEntity, {
    name: 'alerts_forwarded_to_organisation_id_fkey',
    onDelete: 'RESTRICT',
  })
  @Column('uuid', { nullable: true })
  forwardedToOrganisationId: string | null;

  @Column('timestamptz', { nullable: true })
  escalateAt: Date | null;

  @Column('timestamptz', { nullable: true })
  escalatedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/**
 * An alert's place in its recipient's sequence (the SSE event id), written once by AlertSequencer after the
 * alert committed; see the migration that added it.
 */
@Entity('alert_positions')
@Unique('alert_positions_alert_id_key', ['alertId'])
export class AlertPositionEntity {
  /** The alert's recipient, copied from it: the key streams and inboxes read by. */
  @PrimaryColumn('uuid')
  organisationId: string;

  @PrimaryColumn('bigint')
  seq: string;

  /**
   * No foreign key (see the migration that added it): AlertSequencer, the only writer, takes it from the
   * queue row written in the alert's own transaction, and alerts are never deleted.
   */
  @Column('uuid')
  alertId: string;
}

/** The alerts one transaction wrote (id, recipient and kind, in parallel arrays), waiting for AlertSequencer. */
@Entity('alerts_to_sequence')
@Check(
  'alerts_to_sequence_arrays_match',
  'cardinality(organisation_ids) = cardinality(alert_ids) AND cardinality(kinds) = cardinality(alert_ids)',
)
export class AlertsToSequenceEntity {
  @PrimaryColumn({
    type: 'bigint',
    generated: 'identity',
    generatedIdentity: 'ALWAYS',
    insert: false,
    update: false,
  })
  id: string;

  @Column('uuid', { array: true })
  alertIds: string[];

  @Column('uuid', { array: true })
  organisationIds: string[];

  @Column('text', { array: true })
  kinds: string[];
}
