import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { ElectionPhase } from '../taxonomy/election.entity.js';
import type { Observable } from './observable-normalisation.js';
import type { Attribution } from './signal.entity.js';
import type { Classification, ObservableType, Severity, SignalSource, Tlp } from './signal.enums.js';
import type { RelatedSignalView, SignalView } from './signal-view.js';
import { visibleTo } from './signal-visibility.js';

/** A signal to store: already validated and normalised by the service. */
export interface NewSignal {
  organisationId: string;
  submittedByMemberId: string;
  title: string;
  description: string;
  category: string;
  severity: Severity;
  tlp: Tlp;
  classification: Classification;
  election: string;
  phase: ElectionPhase | null;
  municipalities: string[];
  observedAt: Date;
  source: SignalSource;
  confidence: number;
  attribution: Attribution | null;
  externalRef: string | null;
  idempotency: { key: string; requestHash: string } | null;
  observables: Observable[];
  addresseeCodes: string[];
}

export type ReferenceKind = 'category' | 'election' | 'phase' | 'municipality' | 'addressee';

export type InsertOutcome =
  | { kind: 'inserted'; id: string; seq: string; createdAt: Date }
  | { kind: 'unknown-references'; references: { kind: ReferenceKind; code: string }[] }
  | { kind: 'idempotency-key-taken' };

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
 * Checks every reference and writes the signal, its observables and its addressees in one statement (one
 * round trip). The insert happens only when no reference is unknown; a signal already holding this
 * organisation's Idempotency-Key makes it a no-op (ON CONFLICT waits for a concurrent holder to commit, so
 * the race ends without a unique violation). Data-modifying CTEs run exactly once, read or not.
 */
const INSERT_SIGNAL = `
  WITH addressee AS (
    SELECT requested.code, organisations.id AS organisation_id
      FROM unnest($21::text[]) AS requested (code)
      LEFT JOIN organisations ON organisations.code = requested.code
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
     WHERE NOT EXISTS (SELECT 1 FROM municipalities WHERE code = requested.code)
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
    RETURNING id, seq, created_at
  ), observable AS (
    INSERT INTO signal_observables (signal_id, type, value)
    SELECT signal.id, given.type, given.value
      FROM signal, unnest($19::text[], $20::text[]) AS given (type, value)
  ), addressed AS (
    INSERT INTO signal_addressees (signal_id, organisation_id)
    SELECT signal.id, addressee.organisation_id FROM signal, addressee
  )
  SELECT signal.id, signal.seq, signal.created_at,
         (SELECT coalesce(json_agg(json_build_object('kind', kind, 'code', code)), '[]'::json) FROM unknown)
           AS unknown
    FROM (VALUES (1)) AS one (n)
    LEFT JOIN signal ON true`;

/** A signal with everything SignalView needs; callers add `WHERE …` (the visibility rule included). */
const SELECT_SIGNAL = `
  SELECT s.id, s.seq, s.organisation_id, reporter.code AS reporter_code, s.submitted_by_member_id,
         submitter.name AS submitted_by_name, s.title, s.description, s.category, s.severity, s.tlp,
         s.classification, s.election, s.phase, s.municipalities, s.observed_at, s.source, s.confidence,
         s.attribution, s.external_ref, s.request_hash, s.created_at,
         (SELECT coalesce(json_agg(json_build_object('type', o.type, 'value', o.value)), '[]'::json)
            FROM signal_observables o WHERE o.signal_id = s.id) AS observables,
         ARRAY(SELECT addressee.code
                 FROM signal_addressees a JOIN organisations addressee ON addressee.id = a.organisation_id
                WHERE a.signal_id = s.id) AS addressee_codes
    FROM signals s
    JOIN organisations reporter ON reporter.id = s.organisation_id
    JOIN members submitter ON submitter.id = s.submitted_by_member_id`;

@Injectable()
export class SignalsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(tx: EntityManager, signal: NewSignal): Promise<InsertOutcome> {
    const [row] = await tx.query<
      {
        id: string | null;
        seq: string | null;
        created_at: Date | null;
        unknown: { kind: ReferenceKind; code: string }[];
      }[]
    >(INSERT_SIGNAL, [
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
    ]);
    if (!row) {
      throw new Error('the signal insert returned no row');
    }
    if (row.unknown.length > 0) {
      return { kind: 'unknown-references', references: row.unknown };
    }
    if (row.id === null || row.seq === null || row.created_at === null) {
      return { kind: 'idempotency-key-taken' };
    }
    return { kind: 'inserted', id: row.id, seq: row.seq, createdAt: row.created_at };
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
    const rows = await this.dataSource.query<SignalRow[]>(
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
  };
}
