import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { PreparedStatements } from '../../common/database/prepared-statement.js';
import { queueForSequencer } from '../alerts/alert-writer.js';
import type { AlertReason } from '../alerts/alert.entity.js';
import { recipientsQuery } from '../routing/subscription-match.js';
import type { ElectionPhase } from '../taxonomy/election.entity.js';
import type { Observable } from './observable-normalisation.js';
import type { Attribution } from './signal.entity.js';
import type { Classification, ObservableType, Severity, SignalSource, Tlp } from './signal.enums.js';
import type { RelatedSignalView, SignalView } from './signal-view.js';
import { calendarPhaseAt } from './effective-phase.js';
import type { SignalContent } from './signal-content.js';
import { visibleTo } from './signal-visibility.js';

/** A signal to store: already validated and normalised by the service. */
export type NewSignal = Pick<
  SignalView,
  | 'organisationId'
  | 'submittedByMemberId'
  | 'title'
  | 'description'
  | 'category'
  | 'severity'
  | 'tlp'
  | 'classification'
  | 'election'
  | 'phase'
  | 'municipalities'
  | 'observedAt'
  | 'source'
  | 'confidence'
  | 'attribution'
  | 'externalRef'
  | 'observables'
  | 'addresseeCodes'
> & { idempotency: { key: string; requestHash: string } | null };

export type ReferenceKind = 'category' | 'election' | 'phase' | 'municipality' | 'addressee';

export type SubmitOutcome =
  | {
      kind: 'inserted';
      id: string;
      seq: string;
      createdAt: Date;
      updatedAt: Date;
      /** How many organisations it was routed to (one first alert each). */
      alertCount: number;
    }
  | { kind: 'unknown-references'; references: { kind: ReferenceKind; code: string }[] }
  | { kind: 'idempotency-key-taken' };

/** A change to a signal, as recordChange writes it: the content superseded and the new values. */
export interface SignalChange {
  signalId: string;
  change: 'amended' | 'withdrawn';
  memberId: string;
  /** The withdrawal reason; null for an amendment. */
  reason: string | null;
  superseded: SignalContent;
  severity: Severity;
  description: string;
  observables: Observable[];
  addresseeCodes: string[];
}

export type ChangeOutcome =
  | {
      kind: 'recorded';
      version: number;
      updatedAt: Date;
      withdrawnAt: Date | null;
      addresseeOrganisationIds: string[];
    }
  | { kind: 'unknown-addressees'; codes: string[] };

/** What a change needs besides the signal itself. */
export interface ChangeContext {
  /** The election calendar's phase at the moment of the change, if any. */
  calendarPhase: ElectionPhase | null;
  /** The first alert (kind 'signal') of each organisation that received the signal. */
  firstAlerts: { organisationId: string; alertId: string; reasons: AlertReason[] }[];
}

/** A superseded version, with the change that superseded it. */
export interface SupersededVersion {
  version: number;
  content: SignalContent;
  change: 'amended' | 'withdrawn';
  memberId: string;
  memberName: string;
  at: Date;
  reason: string | null;
}

export interface SignalFilters {
  category?: string;
  severities?: Severity[];
  election?: string;
  phase?: ElectionPhase;
  municipality?: string;
  tlp?: Tlp;
  reporter?: string;
  observable?: { type?: ObservableType; values: string[] };
  observedFrom?: Date;
  observedTo?: Date;
  createdFrom?: Date;
  createdTo?: Date;
}

interface SignalRow {
  id: string;
  seq: string;
  organisation_id: string;
  reporter_code: string;
  submitted_by_member_id: string;
  submitted_by_name: string;
  title: string;
  description: string;
  category: string;
  severity: Severity;
  tlp: Tlp;
  classification: Classification;
  election: string;
  phase: ElectionPhase | null;
  municipalities: string[];
  observed_at: Date;
  source: SignalSource;
  confidence: number;
  attribution: Attribution | null;
  external_ref: string | null;
  observables: Observable[];
  addressee_codes: string[];
  request_hash: string | null;
  created_at: Date;
  version: number;
  updated_at: Date;
  withdrawn_at: Date | null;
  withdrawal_reason: string | null;
}

interface RelatedRow {
  id: string;
  title: string;
  category: string;
  severity: Severity;
  tlp: Tlp;
  reporter_code: string;
  observed_at: Date;
  created_at: Date;
  shared_observables: Observable[];
}

/** Bind parameters collected while a query is built: `params.add(value)` answers its `$n`. */
class Params {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * Submits a signal in one statement (one round trip, one implicit transaction): checks every reference,
 * writes the signal, its observables and its addressees, routes it (recipientsQuery: the addressees and the
 * matching subscriptions, with the signal's phase or else the calendar's at posting) and writes one first
 * alert per recipient, with its escalation deadline, queued for the sequencer, which numbers them after the
 * commit (see AlertWriter, which writes every other alert). Unlike AlertWriter's, this statement sends no
 * NOTIFY: PostgreSQL lets one notifying transaction commit at a time, database-wide, holding a lock through
 * its WAL flush, which would put every submission in single file; the caller wakes its own instance's
 * sequencer after the commit instead (AlertWriter.alertsCommitted). Nothing is written when a
 * reference is unknown; a signal already holding this organisation's Idempotency-Key makes it a no-op
 * (ON CONFLICT waits for a concurrent holder to commit, so the race ends without a unique violation).
 * Data-modifying CTEs run exactly once, read or not. $23: escalation deadline in ms by effective phase
 * ('' for none), null where alerts of this severity do not escalate.
 */
const SUBMIT_SIGNAL = `
  WITH addressee AS (
    -- Subqueries per code, not joins: a join hashes the whole table for a handful of codes.
    SELECT requested.code, (SELECT id FROM organisations WHERE code = requested.code) AS organisation_id
      FROM unnest($21::text[]) AS requested (code)
  ), unknown AS (
    SELECT 'category' AS kind, $5::text AS code
     WHERE NOT EXISTS (SELECT 1 FROM signal_categories WHERE code = $5::text)
    UNION ALL
    SELECT 'election', $9::text
     WHERE NOT EXISTS (SELECT 1 FROM elections WHERE code = $9::text)
    UNION ALL
    SELECT 'phase', $10::text
     WHERE $10::text IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM election_phases WHERE election_code = $9::text AND phase = $10::text)
    UNION ALL
    SELECT 'municipality', requested.code
      FROM unnest($11::text[]) AS requested (code)
     WHERE (SELECT count(*) FROM municipalities WHERE code = requested.code) = 0
    UNION ALL
    SELECT 'addressee', code FROM addressee WHERE organisation_id IS NULL
  ), signal AS (
    INSERT INTO signals (organisation_id, submitted_by_member_id, title, description, category, severity, tlp,
                         classification, election, phase, municipalities, observed_at, source, confidence,
                         attribution, external_ref, idempotency_key, request_hash)
    SELECT $1::uuid, $2::uuid, $3::text, $4::text, $5::text, $6::text, $7::text, $8::text, $9::text, $10::text,
           $11::text[], $12::timestamptz, $13::text, $14::smallint, $15::jsonb, $16::text, $17::text, $18::text
     WHERE NOT EXISTS (SELECT 1 FROM unknown)
    ON CONFLICT (organisation_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
    RETURNING id, seq, created_at, updated_at
  ), observable AS (
    INSERT INTO signal_observables (signal_id, type, value)
    SELECT signal.id, given.type, given.value
      FROM signal, unnest($19::text[], $20::text[]) AS given (type, value)
  ), addressed AS (
    INSERT INTO signal_addressees (signal_id, organisation_id)
    SELECT signal.id, addressee.organisation_id FROM signal, addressee
  ), posting AS (
    SELECT coalesce($10::text, ${calendarPhaseAt('$9::text', '$22::timestamptz')}) AS effective_phase
  ), recipient AS (${recipientsQuery({
    reporter: '$1::uuid',
    tlp: '$7::text',
    category: '$5::text',
    severity: '$6::text',
    election: '$9::text',
    phase: '(SELECT effective_phase FROM posting)',
    municipalities: '$11::text[]',
    observableTypes: 'ARRAY(SELECT DISTINCT unnest($19::text[]))',
    addressees: 'ARRAY(SELECT organisation_id FROM addressee WHERE organisation_id IS NOT NULL)',
  })}
  ), first_alert AS (
    INSERT INTO alerts (organisation_id, kind, signal_id, signal_version, severity, election, reasons, escalate_at)
    SELECT recipient.organisation_id, 'signal', signal.id, 1, $6::text, $9::text, recipient.reasons,
           $22::timestamptz
             + ($23::jsonb ->> coalesce(posting.effective_phase, ''))::bigint * interval '1 millisecond'
      FROM signal, posting, recipient
     ORDER BY recipient.organisation_id
    RETURNING id, organisation_id, kind
  ), ${queueForSequencer('first_alert', 'organisation_id')}
  SELECT signal.id, signal.seq, signal.created_at, signal.updated_at,
         (SELECT count(*) FROM first_alert)::int AS alert_count,
         (SELECT coalesce(json_agg(json_build_object('kind', kind, 'code', code)), '[]'::json) FROM unknown)
           AS unknown
    FROM (VALUES (1)) AS one (n)
    LEFT JOIN signal ON true`;

/**
 * Records a change of a locked signal in one statement: the superseded content becomes a version of its own,
 * the row gets the next version number and the new values, and observables and addressees are brought in
 * line with the new lists (rows in both are left alone). Nothing is written when an addressee is unknown.
 */
const RECORD_CHANGE = `
  WITH requested AS (
    SELECT given.code, organisations.id AS organisation_id
      FROM unnest($8::text[]) AS given (code)
      LEFT JOIN organisations ON organisations.code = given.code
  ), unknown AS (
    SELECT code FROM requested WHERE organisation_id IS NULL
  ), superseded AS (
    INSERT INTO signal_versions (signal_id, version, content, superseded_by_change, superseded_by_member_id, reason)
    SELECT id, version, $2::jsonb, $3::text, $4::uuid, $5::text
      FROM signals
     WHERE id = $1::uuid AND NOT EXISTS (SELECT 1 FROM unknown)
    RETURNING version
  ), changed AS (
    UPDATE signals s
       SET version = superseded.version + 1, updated_at = now(), severity = $6::text, description = $7::text,
           withdrawn_at = CASE WHEN $3::text = 'withdrawn' THEN now() END,
           withdrawal_reason = CASE WHEN $3::text = 'withdrawn' THEN $5::text END
      FROM superseded
     WHERE s.id = $1::uuid
    RETURNING s.version, s.updated_at, s.withdrawn_at
  ), observable_dropped AS (
    DELETE FROM signal_observables o
     USING changed
     WHERE o.signal_id = $1::uuid
       AND NOT EXISTS (SELECT 1 FROM unnest($9::text[], $10::text[]) AS kept (type, value)
                        WHERE kept.type = o.type AND kept.value = o.value)
  ), observable_added AS (
    INSERT INTO signal_observables (signal_id, type, value)
    SELECT $1::uuid, given.type, given.value FROM changed, unnest($9::text[], $10::text[]) AS given (type, value)
    ON CONFLICT DO NOTHING
  ), addressee_dropped AS (
    DELETE FROM signal_addressees a
     USING changed
     WHERE a.signal_id = $1::uuid
       AND NOT EXISTS (SELECT 1 FROM requested WHERE requested.organisation_id = a.organisation_id)
  ), addressee_added AS (
    INSERT INTO signal_addressees (signal_id, organisation_id)
    SELECT $1::uuid, requested.organisation_id FROM changed, requested
    ON CONFLICT DO NOTHING
  )
  SELECT changed.version, changed.updated_at, changed.withdrawn_at,
         ARRAY(SELECT organisation_id FROM requested WHERE organisation_id IS NOT NULL) AS addressee_ids,
         ARRAY(SELECT code FROM unknown) AS unknown
    FROM (VALUES (1)) AS one (n)
    LEFT JOIN changed ON true`;

/** Everything SignalView needs from the `signals` row aliased `s`, joined by SIGNAL_JOINS. */
const SIGNAL_COLUMNS = `
  s.id, s.seq, s.organisation_id, reporter.code AS reporter_code, s.submitted_by_member_id,
  submitter.name AS submitted_by_name, s.title, s.description, s.category, s.severity, s.tlp,
  s.classification, s.election, s.phase, s.municipalities, s.observed_at, s.source, s.confidence,
  s.attribution, s.external_ref, s.request_hash, s.created_at, s.version, s.updated_at, s.withdrawn_at,
  s.withdrawal_reason,
  (SELECT coalesce(json_agg(json_build_object('type', o.type, 'value', o.value)), '[]'::json)
     FROM signal_observables o WHERE o.signal_id = s.id) AS observables,
  ARRAY(SELECT addressee.code
          FROM signal_addressees a JOIN organisations addressee ON addressee.id = a.organisation_id
         WHERE a.signal_id = s.id) AS addressee_codes`;
const SIGNAL_JOINS = `
  JOIN organisations reporter ON reporter.id = s.organisation_id
  JOIN members submitter ON submitter.id = s.submitted_by_member_id`;

/** A signal with everything SignalView needs; callers add `WHERE …` (the visibility rule included). */
const SELECT_SIGNAL = `SELECT ${SIGNAL_COLUMNS} FROM signals s ${SIGNAL_JOINS}`;

@Injectable()
export class SignalsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly prepared: PreparedStatements,
  ) {}

  /**
   * Stores and routes a new signal (see SUBMIT_SIGNAL). `postedAt` is the moment of posting, as the
   * service's clock tells it; `escalationMsByPhase` the deadline of its alerts by effective phase.
   */
  async submit(
    signal: NewSignal,
    postedAt: Date,
    escalationMsByPhase: Record<string, number | null>,
  ): Promise<SubmitOutcome> {
    const [row] = await this.prepared.query<{
      id: string | null;
      seq: string | null;
      created_at: Date | null;
      updated_at: Date | null;
      alert_count: number;
      unknown: { kind: ReferenceKind; code: string }[];
    }>(SUBMIT_SIGNAL, [
      signal.organisationId,
      signal.submittedByMemberId,
      signal.title,
      signal.description,
      signal.category,
      signal.severity,
      signal.tlp,
      signal.classification,
      signal.election,
      signal.phase,
      signal.municipalities,
      signal.observedAt,
      signal.source,
      signal.confidence,
      signal.attribution === null ? null : JSON.stringify(signal.attribution),
      signal.externalRef,
      signal.idempotency?.key ?? null,
      signal.idempotency?.requestHash ?? null,
      signal.observables.map((observable) => observable.type),
      signal.observables.map((observable) => observable.value),
      signal.addresseeCodes,
      postedAt,
      JSON.stringify(escalationMsByPhase),
    ]);
    if (!row) {
      throw new Error('the signal submission returned no row');
    }
    if (row.unknown.length > 0) {
      return { kind: 'unknown-references', references: row.unknown };
    }
    if (row.id === null || row.seq === null || row.created_at === null || row.updated_at === null) {
      return { kind: 'idempotency-key-taken' };
    }
    return {
      kind: 'inserted',
      id: row.id,
      seq: row.seq,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      alertCount: row.alert_count,
    };
  }

  /** The organisation's own signal holding this Idempotency-Key, with the hash of the body it was sent with. */
  async findByIdempotencyKey(
    organisationId: string,
    key: string,
  ): Promise<(SignalView & { requestHash: string | null }) | undefined> {
    const [row] = await this.dataSource.query<SignalRow[]>(
      `${SELECT_SIGNAL} WHERE s.organisation_id = $1 AND s.idempotency_key = $2`,
      [organisationId, key],
    );
    return row ? { ...toView(row), requestHash: row.request_hash } : undefined;
  }

  /** The organisation's own signal, locked (FOR UPDATE) until the transaction ends. */
  async lockOwn(tx: EntityManager, organisationId: string, id: string): Promise<SignalView | undefined> {
    const [row] = await tx.query<SignalRow[]>(
      `${SELECT_SIGNAL} WHERE s.id = $2 AND s.organisation_id = $1 FOR UPDATE OF s`,
      [organisationId, id],
    );
    return row ? toView(row) : undefined;
  }

  async findChangeContext(tx: EntityManager, signalId: string, at: Date): Promise<ChangeContext> {
    const [row] = await tx.query<
      { calendar_phase: ElectionPhase | null; first_alerts: ChangeContext['firstAlerts'] }[]
    >(
      `SELECT ${calendarPhaseAt('s.election', '$2::timestamptz')} AS calendar_phase,
              (SELECT coalesce(json_agg(json_build_object('organisationId', a.organisation_id, 'alertId', a.id,
                                                          'reasons', a.reasons) ORDER BY a.organisation_id), '[]'::json)
                 FROM alerts a WHERE a.signal_id = s.id AND a.kind = 'signal') AS first_alerts
         FROM signals s WHERE s.id = $1`,
      [signalId, at],
    );
    if (!row) {
      throw new Error(`signal ${signalId} vanished while locked`);
    }
    return { calendarPhase: row.calendar_phase, firstAlerts: row.first_alerts };
  }

  /** A withdrawn signal needs no answer any more: its open alerts stop counting down to escalation. */
  async cancelEscalations(tx: EntityManager, signalId: string): Promise<void> {
    await tx.query(
      `UPDATE alerts SET escalate_at = NULL
        WHERE signal_id = $1 AND state = 'open' AND escalated_at IS NULL AND escalate_at IS NOT NULL`,
      [signalId],
    );
  }

  async recordChange(tx: EntityManager, change: SignalChange): Promise<ChangeOutcome> {
    const [row] = await tx.query<
      {
        version: number | null;
        updated_at: Date | null;
        withdrawn_at: Date | null;
        addressee_ids: string[];
        unknown: string[];
      }[]
    >(RECORD_CHANGE, [
      change.signalId,
      JSON.stringify(change.superseded),
      change.change,
      change.memberId,
      change.reason,
      change.severity,
      change.description,
      change.addresseeCodes,
      change.observables.map((observable) => observable.type),
      change.observables.map((observable) => observable.value),
    ]);
    if (!row) {
      throw new Error('recording a change returned no row');
    }
    if (row.unknown.length > 0) {
      return { kind: 'unknown-addressees', codes: row.unknown };
    }
    if (row.version === null || row.updated_at === null) {
      throw new Error(`signal ${change.signalId} vanished while locked`);
    }
    return {
      kind: 'recorded',
      version: row.version,
      updatedAt: row.updated_at,
      withdrawnAt: row.withdrawn_at,
      addresseeOrganisationIds: row.addressee_ids,
    };
  }

  /** Versions 1 to `below - 1` of a signal, oldest first. */
  async findSupersededVersions(signalId: string, below: number): Promise<SupersededVersion[]> {
    const rows = await this.dataSource.query<
      {
        version: number;
        content: SignalContent;
        superseded_by_change: 'amended' | 'withdrawn';
        superseded_by_member_id: string;
        member_name: string;
        superseded_at: Date;
        reason: string | null;
      }[]
    >(
      `SELECT v.version, v.content, v.superseded_by_change, v.superseded_by_member_id, m.name AS member_name,
              v.superseded_at, v.reason
         FROM signal_versions v
         JOIN members m ON m.id = v.superseded_by_member_id
        WHERE v.signal_id = $1 AND v.version < $2
        ORDER BY v.version`,
      [signalId, below],
    );
    return rows.map((row) => ({
      version: row.version,
      content: row.content,
      change: row.superseded_by_change,
      memberId: row.superseded_by_member_id,
      memberName: row.member_name,
      at: row.superseded_at,
      reason: row.reason,
    }));
  }

  async findVisible(organisationId: string, id: string): Promise<SignalView | undefined> {
    const [row] = await this.dataSource.query<SignalRow[]>(
      `${SELECT_SIGNAL} WHERE s.id = $2 AND ${visibleTo('s', '$1')}`,
      [organisationId, id],
    );
    return row ? toView(row) : undefined;
  }

  /** Newest first, `limit` rows after the keyset position `beforeSeq` (exclusive). */
  async findVisiblePage(
    organisationId: string,
    filters: SignalFilters,
    limit: number,
    beforeSeq: string | undefined,
  ): Promise<SignalView[]> {
    const params = new Params();
    const conditions = [visibleTo('s', params.add(organisationId))];
    if (beforeSeq !== undefined) {
      conditions.push(`s.seq < ${params.add(beforeSeq)}::bigint`);
    }
    if (filters.category !== undefined) {
      conditions.push(`s.category = ${params.add(filters.category)}`);
    }
    if (filters.severities !== undefined) {
      conditions.push(`s.severity = ANY (${params.add(filters.severities)}::text[])`);
    }
    if (filters.election !== undefined) {
      conditions.push(`s.election = ${params.add(filters.election)}`);
    }
    if (filters.phase !== undefined) {
      conditions.push(`s.phase = ${params.add(filters.phase)}`);
    }
    if (filters.municipality !== undefined) {
      // @> rather than = ANY: only containment can use the GIN index.
      conditions.push(`s.municipalities @> ARRAY[${params.add(filters.municipality)}::text]`);
    }
    if (filters.tlp !== undefined) {
      conditions.push(`s.tlp = ${params.add(filters.tlp)}`);
    }
    if (filters.reporter !== undefined) {
      conditions.push(`reporter.code = ${params.add(filters.reporter)}`);
    }
    if (filters.observable !== undefined) {
      const type = filters.observable.type;
      conditions.push(
        `EXISTS (SELECT 1 FROM signal_observables o
                  WHERE o.signal_id = s.id AND o.value = ANY (${params.add(filters.observable.values)}::text[])
                  ${type === undefined ? '' : `AND o.type = ${params.add(type)}`})`,
      );
    }
    for (const [column, operator, value] of [
      ['observed_at', '>=', filters.observedFrom],
      ['observed_at', '<', filters.observedTo],
      ['created_at', '>=', filters.createdFrom],
      ['created_at', '<', filters.createdTo],
    ] as const) {
      if (value !== undefined) {
        conditions.push(`s.${column} ${operator} ${params.add(value)}::timestamptz`);
      }
    }
    const rows = await this.prepared.queryPlannedForValues<SignalRow>(
      `${SELECT_SIGNAL} WHERE ${conditions.join(' AND ')} ORDER BY s.seq DESC LIMIT ${params.add(limit)}`,
      params.values,
    );
    return rows.map(toView);
  }

  /**
   * Other signals the organisation may see that share a normalised observable with this one, newest
   * first. The self-join goes through the (value, type) index.
   */
  async findRelated(organisationId: string, signalId: string, limit: number): Promise<RelatedSignalView[]> {
    const rows = await this.dataSource.query<RelatedRow[]>(
      `SELECT r.id, r.title, r.category, r.severity, r.tlp, reporter.code AS reporter_code, r.observed_at,
              r.created_at,
              json_agg(json_build_object('type', theirs.type, 'value', theirs.value)) AS shared_observables
         FROM signal_observables mine
         JOIN signal_observables theirs
           ON theirs.value = mine.value AND theirs.type = mine.type AND theirs.signal_id <> mine.signal_id
         JOIN signals r ON r.id = theirs.signal_id
         JOIN organisations reporter ON reporter.id = r.organisation_id
        WHERE mine.signal_id = $2 AND ${visibleTo('r', '$1')}
        GROUP BY r.id, reporter.code
        ORDER BY r.seq DESC
        LIMIT $3`,
      [organisationId, signalId, limit],
    );
    return rows.map((row) => ({
      id: row.id,
      title: row.title,
      category: row.category,
      severity: row.severity,
      tlp: row.tlp,
      reporterCode: row.reporter_code,
      observedAt: row.observed_at,
      createdAt: row.created_at,
      sharedObservables: row.shared_observables,
    }));
  }

  /**
   * For each (organisation, signal) pair, the signal when that organisation may see it, in one query: each
   * signal read once, with the organisations among those asking that may see it. Others are left out.
   */
  async findVisibleToEach(
    pairs: readonly { organisationId: string; signalId: string }[],
  ): Promise<(SignalView & { viewerIds: string[] })[]> {
    if (pairs.length === 0) {
      return [];
    }
    const rows = await this.dataSource.query<(SignalRow & { viewer_ids: string[] })[]>(
      `WITH viewing AS (
         SELECT pair.organisation_id AS viewer_id, s.id AS signal_id
           FROM unnest($1::uuid[], $2::uuid[]) AS pair (organisation_id, signal_id)
           JOIN signals s ON s.id = pair.signal_id
          WHERE ${visibleTo('s', 'pair.organisation_id')}
       )
       SELECT ${SIGNAL_COLUMNS}, viewers.ids AS viewer_ids
         FROM (SELECT signal_id, array_agg(DISTINCT viewer_id) AS ids FROM viewing GROUP BY signal_id) viewers
         JOIN signals s ON s.id = viewers.signal_id
         ${SIGNAL_JOINS}`,
      [pairs.map((pair) => pair.organisationId), pairs.map((pair) => pair.signalId)],
    );
    return rows.map((row) => ({ ...toView(row), viewerIds: row.viewer_ids }));
  }
}

function toView(row: SignalRow): SignalView {
  return {
    id: row.id,
    seq: row.seq,
    organisationId: row.organisation_id,
    reporterCode: row.reporter_code,
    submittedByMemberId: row.submitted_by_member_id,
    submittedByName: row.submitted_by_name,
    title: row.title,
    description: row.description,
    category: row.category,
    severity: row.severity,
    tlp: row.tlp,
    classification: row.classification,
    election: row.election,
    phase: row.phase,
    municipalities: row.municipalities,
    observedAt: row.observed_at,
    source: row.source,
    confidence: row.confidence,
    attribution: row.attribution,
    externalRef: row.external_ref,
    observables: row.observables,
    addresseeCodes: row.addressee_codes,
    createdAt: row.created_at,
    version: row.version,
    updatedAt: row.updated_at,
    withdrawnAt: row.withdrawn_at,
    withdrawalReason: row.withdrawal_reason,
  };
}
