import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { PreparedStatements } from '../../common/database/prepared-statement.js';
import type { Severity } from '../signals/signal.enums.js';
import type { AlertKind, AlertState } from './alert.entity.js';
import type { AlertView, SequencedAlertView } from './alert-views.js';

export interface AlertFilters {
  state?: AlertState;
  severities?: Severity[];
  election?: string;
  kind?: AlertKind;
}

/** Where a reader stands in an organisation's sequence: it wants the alerts after `afterSeq`. */
export interface AlertPosition {
  organisationId: string;
  afterSeq: string;
}

/** The columns a response needs, read under the row lock. */
export interface LockedAlert {
  id: string;
  kind: AlertKind;
  state: AlertState;
  signalId: string | null;
  signalVersion: number | null;
  severity: Severity | null;
  createdAt: Date;
}

export interface AlertResponseRecord {
  state: Exclude<AlertState, 'open'>;
  memberId: string;
  respondedAt: Date;
  reason: string | null;
  forwardedToOrganisationId: string | null;
}

/**
 * Everything AlertView needs, from the alert `a`, its place in the sequence (`seq`: by default from its
 * position `placed`, alert_positions) and ALERT_JOINS; callers add `WHERE …` (always scoped to an
 * organisation or checked ids).
 */
const alertColumns = (seq = 'placed.seq') => `
  a.id, a.organisation_id AS "organisationId", ${seq} AS seq, a.kind, a.signal_id AS "signalId", a.severity, a.election,
  a.reasons, a.details, a.parent_alert_id AS "parentAlertId", a.state, responder.name AS "respondedByName",
  a.responded_at AS "respondedAt", a.response_reason AS "responseReason", forwarded.code AS "forwardedToCode",
  a.escalated_at AS "escalatedAt", a.created_at AS "createdAt"`;
const ALERT_JOINS = `
  LEFT JOIN members responder ON responder.id = a.responded_by_member_id
  LEFT JOIN organisations forwarded ON forwarded.id = a.forwarded_to_organisation_id`;

@Injectable()
export class AlertsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly prepared: PreparedStatements,
  ) {}

  /** Alerts by id, whoever received them: for callers that already decided these ids may be rendered. */
  async findByIds(ids: readonly string[]): Promise<AlertView[]> {
    if (ids.length === 0) {
      return [];
    }
    return this.dataSource.query<AlertView[]>(
      `SELECT ${alertColumns()}
         FROM alerts a LEFT JOIN alert_positions placed ON placed.alert_id = a.id ${ALERT_JOINS}
        WHERE a.id = ANY ($1::uuid[])`,
      [[...new Set(ids)]],
    );
  }

  async findOne(organisationId: string, id: string): Promise<AlertView | undefined> {
    const [row] = await this.dataSource.query<AlertView[]>(
      `SELECT ${alertColumns()}
         FROM alerts a LEFT JOIN alert_positions placed ON placed.alert_id = a.id ${ALERT_JOINS}
        WHERE a.organisation_id = $1 AND a.id = $2`,
      [organisationId, id],
    );
    return row;
  }

  /** Newest first, `limit` rows before the keyset position `beforeSeq` (exclusive). */
  async findPage(
    organisationId: string,
    filters: AlertFilters,
    limit: number,
    beforeSeq: string | undefined,
  ): Promise<SequencedAlertView[]> {
    const values: unknown[] = [organisationId];
    const param = (value: unknown): string => {
      values.push(value);
      return `$${values.length}`;
    };
    // An alert joins the inbox when it takes its place in the sequence, as it does on the stream.
    const conditions = ['placed.organisation_id = $1'];
    if (beforeSeq !== undefined) {
      conditions.push(`placed.seq < ${param(beforeSeq)}::bigint`);
    }
    if (filters.state !== undefined) {
      conditions.push(`a.state = ${param(filters.state)}`);
    }
    if (filters.severities !== undefined) {
      conditions.push(`a.severity = ANY (${param(filters.severities)}::text[])`);
    }
    if (filters.election !== undefined) {
      conditions.push(`a.election = ${param(filters.election)}`);
    }
    if (filters.kind !== undefined) {
      conditions.push(`a.kind = ${param(filters.kind)}`);
    }
    return this.prepared.queryPlannedForValues<SequencedAlertView>(
      `SELECT ${alertColumns()}
         FROM alert_positions placed JOIN alerts a ON a.id = placed.alert_id ${ALERT_JOINS}
        WHERE ${conditions.join(' AND ')}
        ORDER BY placed.seq DESC LIMIT ${param(limit)}`,
      values,
    );
  }

  /**
   * For several organisations at once, the alerts after each one's position, in sequence order per
   * organisation: one statement, one index range scan per organisation. A page cut by `limit` holds a
   * prefix of each organisation's alerts, so a reader can continue from the last seq it got.
   */
  async findAfter(positions: readonly AlertPosition[], limit: number): Promise<SequencedAlertView[]> {
    if (positions.length === 0) {
      return [];
    }
    // Per organisation, one index range scan and a key lookup per alert, inside the LATERAL so that the
    // planner cannot trade them for a hash join that reads the whole alerts table (it did, once the table
    // had grown: it expects each position to find up to $3 rows). Planned on every run, not prepared: a
    // plan kept from when the tables were small would scan them whole as they grow.
    return this.dataSource.query<SequencedAlertView[]>(
      `SELECT ${alertColumns('a.seq')}
         FROM unnest($1::uuid[], $2::bigint[]) AS position (organisation_id, after_seq)
        CROSS JOIN LATERAL (
              SELECT placed.seq, a.*
                FROM alert_positions placed
                JOIN alerts a ON a.id = placed.alert_id
               WHERE placed.organisation_id = position.organisation_id
                 AND placed.seq > position.after_seq
               ORDER BY placed.seq
               LIMIT $3) a
         ${ALERT_JOINS}
        ORDER BY a.organisation_id, a.seq
        LIMIT $3`,
      [positions.map((p) => p.organisationId), positions.map((p) => p.afterSeq), limit],
    );
  }

  /** The organisation's last position handed out (numbers become visible in order; 0 when it has none). */
  async lastSeq(organisationId: string): Promise<string> {
    const [row] = await this.dataSource.query<{ seq: string }[]>(
      `SELECT coalesce(max(seq), 0)::text AS seq FROM alert_positions WHERE organisation_id = $1`,
      [organisationId],
    );
    return row?.seq ?? '0';
  }

  /**
   * The organisation's alert, locked until the transaction ends, so that only one response wins. NO KEY:
   * the sequencer may still be queueing its webhook deliveries (which reference it) and need not wait.
   */
  async lockForResponse(
    tx: EntityManager,
    organisationId: string,
    id: string,
  ): Promise<LockedAlert | undefined> {
    const [row] = await tx.query<LockedAlert[]>(
      `SELECT id, kind, state, signal_id AS "signalId", signal_version AS "signalVersion", severity,
              created_at AS "createdAt"
         FROM alerts WHERE organisation_id = $1 AND id = $2
          FOR NO KEY UPDATE`,
      [organisationId, id],
    );
    return row;
  }

  async recordResponse(tx: EntityManager, id: string, response: AlertResponseRecord): Promise<void> {
    await tx.query(
      `UPDATE alerts
          SET state = $2, responded_by_member_id = $3, responded_at = $4, response_reason = $5,
              forwarded_to_organisation_id = $6
        WHERE id = $1`,
      [
        id,
        response.state,
        response.memberId,
        response.respondedAt,
        response.reason,
        response.forwardedToOrganisationId,
      ],
    );
  }

  async findOrganisation(tx: EntityManager, code: string): Promise<{ id: string; code: string } | undefined> {
    const [row] = await tx.query<{ id: string; code: string }[]>(
      `SELECT id, code FROM organisations WHERE code = $1`,
      [code],
    );
    return row;
  }

  /** Whether the organisation already holds its one first alert for the signal. */
  async hasFirstAlert(tx: EntityManager, signalId: string, organisationId: string): Promise<boolean> {
    const rows = await tx.query<unknown[]>(
      `SELECT 1 FROM alerts WHERE signal_id = $1 AND organisation_id = $2 AND kind = 'signal'`,
      [signalId, organisationId],
    );
    return rows.length > 0;
  }
}
