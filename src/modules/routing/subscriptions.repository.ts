import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { calendarPhaseAt } from '../signals/effective-phase.js';
import type { ObservableType, Severity, Tlp } from '../signals/signal.enums.js';
import { visibleTo } from '../signals/signal-visibility.js';
import type { ElectionPhase } from '../taxonomy/election.entity.js';
import type { Recipient, RoutingFacts } from './recipient.js';
import { recipientsQuery, SUBSCRIBABLE_TLPS, subscriptionMatches } from './subscription-match.js';

/** What a subscription matches on and whether it is paused: everything a caller may set. */
export interface SubscriptionFields {
  name: string;
  categories: string[];
  minSeverity: Severity | null;
  elections: string[];
  phases: ElectionPhase[];
  municipalities: string[];
  tlps: Tlp[];
  observableTypes: ObservableType[];
  isPaused: boolean;
}

export interface SubscriptionRecord extends SubscriptionFields {
  id: string;
  organisationId: string;
  createdByMemberId: string;
  createdAt: Date;
  updatedAt: Date;
}

export type SubscriptionReferenceKind = 'category' | 'election' | 'municipality';

export type WriteOutcome =
  | { kind: 'written'; subscription: SubscriptionRecord }
  | { kind: 'unknown-references'; references: { kind: SubscriptionReferenceKind; code: string }[] }
  | { kind: 'not-found' };

/** A past signal as a dry run considers it. */
export interface TestedSignal {
  id: string;
  title: string;
  category: string;
  severity: Severity;
  tlp: Tlp;
  election: string;
  phase: ElectionPhase | null;
  reporterCode: string;
  createdAt: Date;
  isMatch: boolean;
}

interface SubscriptionRow {
  id: string;
  organisation_id: string;
  name: string;
  categories: string[];
  min_severity: Severity | null;
  elections: string[];
  phases: ElectionPhase[];
  municipalities: string[];
  tlps: Tlp[];
  observable_types: ObservableType[];
  is_paused: boolean;
  created_by_member_id: string;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, organisation_id, name, categories, min_severity, elections, phases, municipalities, tlps,
                 observable_types, is_paused, created_by_member_id, created_at, updated_at`;

/** Every field, as `fieldParameters` binds them after the organisation ($1). */
const FIELD_PARAMETERS = `$2::text, $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::boolean,
                          $10::text`;

/** Codes among the given lists ($3 categories, $4 elections, $6 municipalities) that do not exist. */
const UNKNOWN_REFERENCES = `
  unknown AS (
    SELECT 'category' AS kind, given.code FROM unnest($3::text[]) AS given (code)
     WHERE NOT EXISTS (SELECT 1 FROM signal_categories WHERE code = given.code)
    UNION ALL
    SELECT 'election', given.code FROM unnest($4::text[]) AS given (code)
     WHERE NOT EXISTS (SELECT 1 FROM elections WHERE code = given.code)
    UNION ALL
    SELECT 'municipality', given.code FROM unnest($6::text[]) AS given (code)
     WHERE NOT EXISTS (SELECT 1 FROM municipalities WHERE code = given.code)
  )`;

/** Reads what a write CTE named `written` returned, next to the unknown codes; one row whatever happened. */
const WRITE_RESULT = `
  SELECT written.*,
         (SELECT coalesce(json_agg(json_build_object('kind', kind, 'code', code)), '[]'::json) FROM unknown)
           AS unknown
    FROM (VALUES (1)) AS one (n)
    LEFT JOIN written ON true`;

/** Routing for one signal, in one statement (see recipientsQuery). */
const RESOLVE_RECIPIENTS = recipientsQuery({
  reporter: '$1::uuid',
  tlp: '$2::text',
  category: '$3::text',
  severity: '$4::text',
  election: '$5::text',
  phase: '$6::text',
  municipalities: '$7::text[]',
  observableTypes: '$8::text[]',
  addressees: '$9::uuid[]',
});

/**
 * The last `$3` signals organisation `$1` may see (the visibility rule), each with whether subscription `$2`
 * would have matched it: as routing decides, so never the organisation's own signals nor RED ones. A signal
 * that names no phase is tried with the calendar's phase at the moment it was posted.
 */
const DRY_RUN = `
  WITH recent AS (
    SELECT s.id, s.seq, s.title, s.category, s.severity, s.tlp, s.election, s.municipalities, s.organisation_id,
           s.created_at, coalesce(s.phase, ${calendarPhaseAt('s.election', 's.created_at')}) AS phase,
           ARRAY(SELECT DISTINCT o.type FROM signal_observables o WHERE o.signal_id = s.id) AS observable_types
      FROM signals s
     WHERE ${visibleTo('s', '$1')}
     ORDER BY s.seq DESC
     LIMIT $3
  )
  SELECT recent.id, recent.title, recent.category, recent.severity, recent.tlp, recent.election, recent.phase,
         reporter.code AS reporter_code, recent.created_at,
         (recent.organisation_id <> $1::uuid
          AND recent.tlp = ANY ($4::text[])
          AND ${subscriptionMatches('sub', {
            category: 'recent.category',
            severity: 'recent.severity',
            election: 'recent.election',
            phase: 'recent.phase',
            municipalities: 'recent.municipalities',
            tlp: 'recent.tlp',
            observableTypes: 'recent.observable_types',
          })}) AS is_match
    FROM recent
    JOIN organisations reporter ON reporter.id = recent.organisation_id
    JOIN subscriptions sub ON sub.id = $2::uuid
   ORDER BY recent.seq DESC`;

@Injectable()
export class SubscriptionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(
    tx: EntityManager,
    organisationId: string,
    memberId: string,
    fields: SubscriptionFields,
  ): Promise<WriteOutcome> {
    return this.write(
      tx,
      `WITH ${UNKNOWN_REFERENCES}, written AS (
         INSERT INTO subscriptions (organisation_id, name, categories, elections, phases, municipalities, tlps,
                                    observable_types, is_paused, min_severity, created_by_member_id)
         SELECT $1::uuid, ${FIELD_PARAMETERS}, $11::uuid
          WHERE NOT EXISTS (SELECT 1 FROM unknown)
         RETURNING ${COLUMNS}
       ) ${WRITE_RESULT}`,
      [...fieldParameters(organisationId, fields), memberId],
    );
  }

  /** Replaces every field of the organisation's subscription `id`. */
  async update(
    tx: EntityManager,
    organisationId: string,
    id: string,
    fields: SubscriptionFields,
  ): Promise<WriteOutcome> {
    return this.write(
      tx,
      `WITH ${UNKNOWN_REFERENCES}, written AS (
         UPDATE subscriptions
            SET (name, categories, elections, phases, municipalities, tlps, observable_types, is_paused,
                 min_severity, updated_at) = (${FIELD_PARAMETERS}, now())
          WHERE organisation_id = $1::uuid AND id = $11::uuid AND NOT EXISTS (SELECT 1 FROM unknown)
         RETURNING ${COLUMNS}
       ) ${WRITE_RESULT}`,
      [...fieldParameters(organisationId, fields), id],
    );
  }

  /** The organisation's subscription, locked for an update when read inside a transaction with `lock`. */
  async findOwn(
    organisationId: string,
    id: string,
    options: { tx?: EntityManager; lock?: boolean } = {},
  ): Promise<SubscriptionRecord | undefined> {
    const [row] = await (options.tx ?? this.dataSource.manager).query<SubscriptionRow[]>(
      `SELECT ${COLUMNS} FROM subscriptions WHERE organisation_id = $1 AND id = $2
       ${options.lock ? 'FOR UPDATE' : ''}`,
      [organisationId, id],
    );
    return row ? toRecord(row) : undefined;
  }

  /** By name (bytewise, so pages do not depend on the locale), then id; `limit` rows after `after`. */
  async findPage(
    organisationId: string,
    after: { name: string; id: string } | undefined,
    limit: number,
  ): Promise<SubscriptionRecord[]> {
    const rows = await this.dataSource.query<SubscriptionRow[]>(
      `SELECT ${COLUMNS} FROM subscriptions
        WHERE organisation_id = $1
          AND ($2::text IS NULL OR (name COLLATE "C", id) > ($2::text COLLATE "C", $3::uuid))
        ORDER BY name COLLATE "C", id
        LIMIT $4`,
      [organisationId, after?.name ?? null, after?.id ?? null, limit],
    );
    return rows.map(toRecord);
  }

  async delete(organisationId: string, id: string): Promise<boolean> {
    // For a DELETE, TypeORM's query() answers [rows, rowCount].
    const [, rowCount] = await this.dataSource.query<[unknown[], number]>(
      `DELETE FROM subscriptions WHERE organisation_id = $1 AND id = $2`,
      [organisationId, id],
    );
    return rowCount > 0;
  }

  async resolveRecipients(tx: EntityManager, facts: RoutingFacts): Promise<Recipient[]> {
    const rows = await tx.query<{ organisation_id: string; reasons: Recipient['reasons'] }[]>(
      RESOLVE_RECIPIENTS,
      [
        facts.reporterOrganisationId,
        facts.tlp,
        facts.category,
        facts.severity,
        facts.election,
        facts.phase,
        facts.municipalities,
        facts.observableTypes,
        facts.addresseeOrganisationIds,
      ],
    );
    return rows.map((row) => ({ organisationId: row.organisation_id, reasons: row.reasons }));
  }

  /** Subscription `subscriptionId` must be the organisation's own (the service checks it first). */
  async dryRun(organisationId: string, subscriptionId: string, last: number): Promise<TestedSignal[]> {
    const rows = await this.dataSource.query<
      (Omit<TestedSignal, 'reporterCode' | 'createdAt' | 'isMatch'> & {
        reporter_code: string;
        created_at: Date;
        is_match: boolean;
      })[]
    >(DRY_RUN, [organisationId, subscriptionId, last, SUBSCRIBABLE_TLPS]);
    return rows.map(({ reporter_code, created_at, is_match, ...row }) => ({
      ...row,
      reporterCode: reporter_code,
      createdAt: created_at,
      isMatch: is_match,
    }));
  }

  private async write(tx: EntityManager, sql: string, parameters: unknown[]): Promise<WriteOutcome> {
    const [row] = await tx.query<
      (Omit<SubscriptionRow, 'id'> & {
        id: string | null;
        unknown: { kind: SubscriptionReferenceKind; code: string }[];
      })[]
    >(sql, parameters);
    if (!row) {
      throw new Error('the subscription write returned no row');
    }
    if (row.unknown.length > 0) {
      return { kind: 'unknown-references', references: row.unknown };
    }
    return row.id === null
      ? { kind: 'not-found' }
      : { kind: 'written', subscription: toRecord({ ...row, id: row.id }) };
  }
}

/** $1 the organisation, $2-$10 the fields in the order FIELD_PARAMETERS lists them. */
function fieldParameters(organisationId: string, fields: SubscriptionFields): unknown[] {
  return [
    organisationId,
    fields.name,
    fields.categories,
    fields.elections,
    fields.phases,
    fields.municipalities,
    fields.tlps,
    fields.observableTypes,
    fields.isPaused,
    fields.minSeverity,
  ];
}

function toRecord(row: SubscriptionRow): SubscriptionRecord {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    name: row.name,
    categories: row.categories,
    minSeverity: row.min_severity,
    elections: row.elections,
    phases: row.phases,
    municipalities: row.municipalities,
    tlps: row.tlps,
    observableTypes: row.observable_types,
    isPaused: row.is_paused,
    createdByMemberId: row.created_by_member_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
