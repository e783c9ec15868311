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
import { ElectionEntity } from '../taxonomy/election.entity.js';
import { ActionTypeEntity } from '../taxonomy/taxonomy-entry.entity.js';
import {
  ACTION_STATUSES,
  type ActionStatus,
  CASE_EVENT_KINDS,
  CASE_PRIORITIES,
  CASE_STATUSES,
  CLOSURE_REQUEST_STATES,
  type CaseEventKind,
  type CasePriority,
  type CaseStatus,
  type ClosureRequestState,
  sqlList,
} from './case.enums.js';

@Entity('cases')
@Unique('cases_seq_key', ['seq'])
@Index('cases_election_status_idx', ['election', 'status'])
@Check('cases_title_check', `char_length(title) BETWEEN 1 AND 200`)
@Check('cases_summary_check', `char_length(summary) <= 20000`)
@Check('cases_priority_check', `priority IN (${sqlList(CASE_PRIORITIES)})`)
@Check('cases_status_check', `status IN (${sqlList(CASE_STATUSES)})`)
@Check('cases_closed_check', `(status = 'closed') = (closed_at IS NOT NULL)`)
@Check('cases_version_check', `version >= 1`)
export class CaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Creation order: the keyset for "newest first" pages. */
  @Column({
    type: 'bigint',
    generated: 'identity',
    generatedIdentity: 'ALWAYS',
    insert: false,
    update: false,
  })
  seq: string;

  @Column('text')
  title: string;

  @Column('text')
  summary: string;

  @ForeignKey(() => ElectionEntity, { name: 'cases_election_fkey', onDelete: 'RESTRICT' })
  @Column('text')
  election: string;

  @Column('text')
  priority: CasePriority;

  @Index('cases_lead_organisation_id_idx')
  @ForeignKey(() => OrganisationEntity, { name: 'cases_lead_organisation_id_fkey', onDelete: 'RESTRICT' })
  @Column('uuid')
  leadOrganisationId: string;

  @Column('text', { default: 'open' })
  status: CaseStatus;

  /** Optimistic concurrency: the ETag. One more on every change of the case itself. */
  @Column('integer', { default: 1 })
  version: number;

  @ForeignKey(() => MemberEntity, { name: 'cases_created_by_member_id_fkey', onDelete: 'RESTRICT' })
  @Column('uuid')
  createdByMemberId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;

  @Column('timestamptz', { nullable: true })
  closedAt: Date | null;

  /** The head of the timeline's hash chain, so that a verification also notices events cut off its end. */
  @Column('integer', { default: 0 })
  lastEventPosition: number;

  @Column('text', { nullable: true })
  lastEventHash: string | null;
}

/** A signal linked to a case. A signal may belong to several cases; linking grants nobody sight of it. */
@Entity('case_signals')
@Index('case_signals_signal_id_idx', ['signalId'])
export class CaseSignalEntity {
  @ForeignKey(() => CaseEntity, { name: 'case_signals_case_id_fkey', onDelete: 'RESTRICT' })
  @PrimaryColumn('uuid')
  caseId: string;

  @ForeignKey(() => SignalEntity, { name: 'case_signals_signal_id_fkey', onDelete: 'RESTRICT' })
  @PrimaryColumn('uuid')
  signalId: string;

  @ForeignKey(() => MemberEntity, { name: 'case_signals_linked_by_member_id_fkey', onDelete: 'RESTRICT' })
  @Column('uuid')
  linkedByMemberId: string;

  @Column('timestamptz', { default: () => 'now()' })
  linkedAt: Date;
}

/** Four eyes: one coordinator requests closure, a different one decides. At most one pending per case. */
@Entity('case_closure_requests')
@Index('case_closure_requests_pending_idx', ['caseId'], { unique: true, where: `state = 'pending'` })
@Index('case_closure_requests_case_id_idx', ['caseId', 'requestedAt'])
@Check('case_closure_requests_state_check', `state IN (${sqlList(CLOSURE_REQUEST_STATES)})`)
@Check(
  'case_closure_requests_decision_check',
  `(state = 'pending') = (decided_at IS NULL) AND (state = 'pending') = (decided_by_member_id IS NULL)`,
)
@Check('case_closure_requests_four_eyes_check', `decided_by_member_id <> requested_by_member_id`)
@Check('case_closure_requests_summary_check', `char_length(summary) BETWEEN 1 AND 10000`)
@Check('case_closure_requests_reason_check', `char_length(decision_reason) <= 10000`)
export class CaseClosureRequestEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => CaseEntity, { name: 'case_closure_requests_case_id_fkey', onDelete: 'RESTRICT' })
  @Column('uuid')
  caseId: string;

  @Column('text')
  summary: string;

  @ForeignKey(() => MemberEntity, {
    name: 'case_closure_requests_requested_by_member_id_fkey',
    onDelete: 'RESTRICT',
  })
  @Column('uuid')
  requestedByMemberId: string;

  @Column('timestamptz')
  requestedAt: Date;

  @Column('text', { default: 'pending' })
  state: ClosureRequestState;

  @ForeignKey(() => MemberEntity, {
    name: 'case_closure_requests_decided_by_member_id_fkey',
    onDelete: 'RESTRICT',
  })
  @Column('uuid', { nullable: true })
  decidedByMemberId: string | null;

  @Column('timestamptz', { nullable: true })
  decidedAt: Date | null;

  @Column('text', { nullable: true })
  decisionReason: string | null;
}

/** A follow-up action, carried out by the assignee organisation. */
@Entity('case_actions')
@Index('case_actions_case_id_idx', ['caseId', 'assigneeOrganisationId'])
@Index('case_actions_assignee_idx', ['assigneeOrganisationId', 'dueAt', 'id'])
// The overdue worker's queue: unfinished actions not yet reported overdue.
@Index('case_actions_overdue_idx', ['dueAt'], {
  where: `status IN ('open', 'in-progress') AND overdue_alerted_at IS NULL`,
})
@Check('case_actions_title_check', `char_length(title) BETWEEN 1 AND 200`)
@Check('case_actions_description_check', `char_length(description) <= 20000`)
@Check('case_actions_counterpart_ref_check', `char_length(counterpart_ref) BETWEEN 1 AND 200`)
@Check('case_actions_status_check', `status IN (${sqlList(ACTION_STATUSES)})`)
@Check('case_actions_outcome_check', `(status IN ('done', 'cancelled')) = (outcome IS NOT NULL)`)
@Check('case_actions_finished_check', `(status IN ('done', 'cancelled')) = (finished_at IS NOT NULL)`)
export class CaseActionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey(() => CaseEntity, { name: 'case_actions_case_id_fkey', onDelete: 'RESTRICT' })
  @Column('uuid')
  caseId: string;

  @ForeignKey(() => ActionTypeEntity, { name: 'case_actions_type_fkey', onDelete: 'RESTRICT' })
  @Column('text')
  type: string;

  @Column('text')
  title: string;

  @Column('text', { nullable: true })
  description: string | null;

  @ForeignKey(() => OrganisationEntity, {
    name: 'case_actions_assignee_organisation_id_fkey',
    onDelete: 'RESTRICT',
  })
  @Column('uuid')
  assigneeOrganisationId: string;

  @Column('timestamptz')
  dueAt: Date;

  /** A platform's ticket number, a letter's reference. */
  @Column('text', { nullable: true })
  counterpartRef: string | null;

  @Column('text', { default: 'open' })
  status: ActionStatus;

  @Column('text', { nullable: true })
  outcome: string | null;

  @ForeignKey(() => MemberEntity, { name: 'case_actions_created_by_member_id_fkey', onDelete: 'RESTRICT' })
  @Column('uuid')
  createdByMemberId: string;

  @Column('timestamptz')
  createdAt: Date;

  @Column('timestamptz')
  updatedAt: Date;

  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;

  @ForeignKey(() => MemberEntity, {
    name: 'case_actions_finished_by_member_id_fkey',
    onDelete: 'RESTRICT',
  })
  @Column('uuid', { nullable: true })
  finishedByMemberId: string | null;

  /** Set in the transaction that raised the overdue alerts: they are raised once. */
  @Column('timestamptz', { nullable: true })
  overdueAlertedAt: Date | null;
}

/**
 * One event on a case's timeline. Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE) and
 * hash-chained: `hash` is the SHA-256 of the event's canonical content, which includes `previousHash`.
 */
@Entity('case_events')
@Unique('case_events_case_id_position_key', ['caseId', 'position'])
@Check('case_events_kind_check', `kind IN (${sqlList(CASE_EVENT_KINDS)})`)
@Check('case_events_position_check', `position >= 1`)
@Check('case_events_chain_check', `(position = 1) = (previous_hash IS NULL)`)
export class CaseEventEntity {
  /** Chosen by the writer, because it is part of the hashed content. */
  @PrimaryColumn('uuid')
  id: string;

  @ForeignKey(() => CaseEntity, { name: 'case_events_case_id_fkey', onDelete: 'RESTRICT' })
  @Column('uuid')
  caseId: string;

  /** 1, 2, 3, … within the case, without gaps. */
  @Column('integer')
  position: number;

  @Column('text')
  kind: CaseEventKind;

  @Column('timestamptz')
  occurredAt: Date;

  @ForeignKey(() => MemberEntity, { name: 'case_events_actor_member_id_fkey', onDelete: 'RESTRICT' })
  @Column('uuid', { nullable: true })
  actorMemberId: string | null;

  @ForeignKey(() => OrganisationEntity, {
    name: 'case_events_actor_organisation_id_fkey',
    onDelete: 'RESTRICT',
  })
  @Column('uuid', { nullable: true })
  actorOrganisationId: string | null;

  /** The signal the event is about, if any: readers who may not see it get the event without details. */
  @ForeignKey(() => SignalEntity, { name: 'case_events_signal_id_fkey', onDelete: 'RESTRICT' })
  @Column('uuid', { nullable: true })
  signalId: string | null;

  @ForeignKey(() => CaseActionEntity, { name: 'case_events_action_id_fkey', onDelete: 'RESTRICT' })
  @Column('uuid', { nullable: true })
  actionId: string | null;

  @Column('jsonb')
  details: Record<string, unknown>;

  @Column('text', { nullable: true })
  previousHash: string | null;

  @Column('text')
  hash: string;
}
