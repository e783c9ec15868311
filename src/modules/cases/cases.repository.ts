import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { PreparedStatements } from '../../common/database/prepared-statement.js';
import { AppError } from '../../common/errors/app-error.js';
import { isUniqueViolation } from '../../common/database/postgres-errors.js';
import type { CasePriority, CaseStatus, ClosureRequestState } from './case.enums.js';
import type { CaseView, ClosureRequestView, MemberRef } from './case-views.js';
import { type CaseViewer, caseVisibleTo, viewerParams } from './case-visibility.js';

export interface NewCase {
  title: string;
  summary: string;
  election: string;
  priority: CasePriority;
  leadOrganisationId: string;
  createdByMemberId: string;
  createdAt: Date;
}

/** The columns a change may set; version and updated_at move with every one. */
export interface CaseChanges {
  title?: string;
  summary?: string;
  priority?: CasePriority;
  leadOrganisationId?: string;
  status?: CaseStatus;
  closedAt?: Date | null;
}

export interface CaseFilters {
  status?: CaseStatus;
  election?: string;
  priority?: CasePriority;
  leadOrganisation?: string;
}

interface CaseRow {
  id: string;
  seq: string;
  title: string;
  summary: string;
  election: string;
  priority: CasePriority;
  lead_organisation_id: string;
  lead_organisation_code: string;
  status: CaseStatus;
  version: number;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  last_event_position: number;
  last_event_hash: string | null;
}

interface ClosureRequestRow {
  id: string;
  case_id: string;
  summary: string;
  state: ClosureRequestState;
  requested_at: Date;
  decided_at: Date | null;
  decision_reason: string | null;
  requested_by: MemberRef;
  decided_by: MemberRef | null;
}

/** A case with what CaseView needs; callers add `WHERE …` with the visibility rule. */
const SELECT_CASE = `
  SELECT c.id, c.seq, c.title, c.summary, c.election, c.priority, c.lead_organisation_id,
         lead.code AS lead_organisation_code, c.status, c.version, c.created_at, c.updated_at, c.closed_at,
         c.last_event_position, c.last_event_hash
    FROM cases c
    JOIN organisations lead ON lead.id = c.lead_organisation_id`;

const MEMBER_REF = (alias: string) =>
  `(SELECT json_build_object('id', m.id, 'name', m.name, 'organisationId', o.id, 'organisationCode', o.code)
      FROM members m JOIN organisations o ON o.id = m.organisation_id WHERE m.id = ${alias})`;

const SELECT_CLOSURE_REQUEST = `
  SELECT r.id, r.case_id, r.summary, r.state, r.requested_at, r.decided_at, r.decision_reason,
         ${MEMBER_REF('r.requested_by_member_id')} AS requested_by,
         ${MEMBER_REF('r.decided_by_member_id')} AS decided_by
    FROM case_closure_requests r`;

/** Columns a change may set, by CaseChanges key: a whitelist, so no key ever reaches SQL unchecked. */
const CHANGE_COLUMNS: Record<keyof CaseChanges, string> = {
  title: 'title',
  summary: 'summary',
  priority: 'priority',
  leadOrganisationId: 'lead_organisation_id',
  status: 'status',
  closedAt: 'closed_at',
};

@Injectable()
export class CasesRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly prepared: PreparedStatements,
  ) {}

  async organisationIdByCode(tx: EntityManager, code: string): Promise<string | undefined> {
    const [row] = await tx.query<{ id: string }[]>(`SELECT id FROM organisations WHERE code = $1`, [code]);
    return row?.id;
  }

  async electionExists(tx: EntityManager, code: string): Promise<boolean> {
    const rows = await tx.query<unknown[]>(`SELECT 1 FROM elections WHERE code = $1`, [code]);
    return rows.length > 0;
  }

  async insert(tx: EntityManager, row: NewCase): Promise<string> {
    const [inserted] = await tx.query<{ id: string }[]>(
      `INSERT INTO cases (title, summary, election, priority, lead_organisation_id, created_by_member_id,
                          created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
       RETURNING id`,
      [
        row.title,
        row.summary,
        row.election,
        row.priority,
        row.leadOrganisationId,
        row.createdByMemberId,
        row.createdAt,
      ],
    );
    if (!inserted) {
      throw new Error('INSERT … RETURNING answered no row');
    }
    return inserted.id;
  }

  /** The case if the viewer may see it; with `lock`, its row stays locked until the transaction ends. */
  async findVisible(
    viewer: CaseViewer,
    id: string,
    options: { tx?: EntityManager; lock?: boolean } = {},
  ): Promise<CaseView | undefined> {
    const sql = `${SELECT_CASE} WHERE c.id = $1 AND ${caseVisibleTo('c', '$2', '$3')}
       ${options.lock ? 'FOR UPDATE OF c' : ''}`;
    const parameters = [id, ...viewerParams(viewer)];
    // Outside a transaction, prepared: every read of a case, its actions or its timeline asks first.
    const [row] = options.tx
      ? await options.tx.query<CaseRow[]>(sql, parameters)
      : await this.prepared.queryPlannedForValues<CaseRow>(sql, parameters);
    return row ? toView(row) : undefined;
  }

  /** Newest first, `limit` rows after the keyset position `beforeSeq` (exclusive). */
  async findVisiblePage(
    viewer: CaseViewer,
    filters: CaseFilters,
    limit: number,
    beforeSeq: string | undefined,
  ): Promise<CaseView[]> {
    const params: unknown[] = [...viewerParams(viewer)];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const conditions = [caseVisibleTo('c', '$1', '$2')];
    if (beforeSeq !== undefined) {
      conditions.push(`c.seq < ${param(beforeSeq)}::bigint`);
    }
    if (filters.status !== undefined) {
      conditions.push(`c.status = ${param(filters.status)}`);
    }
    if (filters.election !== undefined) {
      conditions.push(`c.election = ${param(filters.election)}`);
    }
    if (filters.priority !== undefined) {
      conditions.push(`c.priority = ${param(filters.priority)}`);
    }
    if (filters.leadOrganisation !== undefined) {
      conditions.push(`lead.code = ${param(filters.leadOrganisation)}`);
    }
    const rows = await this.dataSource.query<CaseRow[]>(
      `${SELECT_CASE} WHERE ${conditions.join(' AND ')} ORDER BY c.seq DESC LIMIT ${param(limit)}`,
      params,
    );
    return rows.map(toView);
  }

  /** Applies the changes and moves the version on: every change of the case is a new ETag. */
  async update(tx: EntityManager, id: string, changes: CaseChanges, now: Date): Promise<void> {
    const params: unknown[] = [id, now];
    const assignments = (Object.keys(changes) as (keyof CaseChanges)[])
      .filter((key) => changes[key] !== undefined)
      .map((key) => {
        params.push(changes[key]);
        return `${CHANGE_COLUMNS[key]} = $${params.length}`;
      });
    await tx.query(
      `UPDATE cases SET ${[...assignments, 'version = version + 1', 'updated_at = $2'].join(', ')} WHERE id = $1`,
      params,
    );
  }

  /** The linked signals' ids (visible or not: the caller filters), oldest link first. */
  linkedSignals(caseId: string, tx?: EntityManager): Promise<{ signalId: string; linkedAt: Date }[]> {
    return (tx ?? this.dataSource.manager).query(
      `SELECT signal_id AS "signalId", linked_at AS "linkedAt"
         FROM case_signals WHERE case_id = $1 ORDER BY linked_at, signal_id`,
      [caseId],
    );
  }

  /** False when the signal was linked already. */
  async link(
    tx: EntityManager,
    link: { caseId: string; signalId: string; memberId: string; at: Date },
  ): Promise<boolean> {
    const rows = await tx.query<unknown[]>(
      `INSERT INTO case_signals (case_id, signal_id, linked_by_member_id, linked_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (case_id, signal_id) DO NOTHING RETURNING 1`,
      [link.caseId, link.signalId, link.memberId, link.at],
    );
    return rows.length > 0;
  }

  /** False when the signal was not linked. */
  async unlink(tx: EntityManager, caseId: string, signalId: string): Promise<boolean> {
    // TypeORM answers a DELETE with [rows, affected].
    const [, affected] = await tx.query<[unknown[], number]>(
      `DELETE FROM case_signals WHERE case_id = $1 AND signal_id = $2`,
      [caseId, signalId],
    );
    return affected > 0;
  }

  async countUnfinishedActions(tx: EntityManager, caseId: string): Promise<number> {
    const [row] = await tx.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM case_actions
        WHERE case_id = $1 AND status NOT IN ('done', 'cancelled')`,
      [caseId],
    );
    return row?.count ?? 0;
  }

  async insertClosureRequest(
    tx: EntityManager,
    request: { caseId: string; summary: string; memberId: string; at: Date },
  ): Promise<string> {
    try {
      const [row] = await tx.query<{ id: string }[]>(
        `INSERT INTO case_closure_requests (case_id, summary, requested_by_member_id, requested_at)
         VALUES ($1, $2, $3, $4) RETURNING id`,
        [request.caseId, request.summary, request.memberId, request.at],
      );
      if (!row) {
        throw new Error('INSERT … RETURNING answered no row');
      }
      return row.id;
    } catch (error) {
      if (isUniqueViolation(error, 'case_closure_requests_pending_idx')) {
        throw pendingAlready();
      }
      throw error;
    }
  }

  async findClosureRequest(
    tx: EntityManager,
    caseId: string,
    requestId: string,
  ): Promise<ClosureRequestView | undefined> {
    const [row] = await tx.query<ClosureRequestRow[]>(
      `${SELECT_CLOSURE_REQUEST} WHERE r.case_id = $1 AND r.id = $2`,
      [caseId, requestId],
    );
    return row ? toClosureRequestView(row) : undefined;
  }

  async findPendingClosureRequest(
    caseId: string,
    tx?: EntityManager,
  ): Promise<ClosureRequestView | undefined> {
    const [row] = await (tx ?? this.dataSource.manager).query<ClosureRequestRow[]>(
      `${SELECT_CLOSURE_REQUEST} WHERE r.case_id = $1 AND r.state = 'pending'`,
      [caseId],
    );
    return row ? toClosureRequestView(row) : undefined;
  }

  async decideClosureRequest(
    tx: EntityManager,
    decision: {
      id: string;
      state: 'approved' | 'rejected';
      memberId: string;
      at: Date;
      reason: string | null;
    },
  ): Promise<void> {
    await tx.query(
      `UPDATE case_closure_requests
          SET state = $2, decided_by_member_id = $3, decided_at = $4, decision_reason = $5
        WHERE id = $1 AND state = 'pending'`,
      [decision.id, decision.state, decision.memberId, decision.at, decision.reason],
    );
  }
}

export function pendingAlready(): AppError {
  return new AppError(
    'case.closure_pending',
    'A closure request for this case is already waiting for a decision: approve or reject it first.',
  );
}

function toView(row: CaseRow): CaseView {
  return {
    id: row.id,
    seq: row.seq,
    title: row.title,
    summary: row.summary,
    election: row.election,
    priority: row.priority,
    leadOrganisationId: row.lead_organisation_id,
    leadOrganisationCode: row.lead_organisation_code,
    status: row.status,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    closedAt: row.closed_at,
    lastEventPosition: row.last_event_position,
    lastEventHash: row.last_event_hash,
  };
}

function toClosureRequestView(row: ClosureRequestRow): ClosureRequestView {
  return {
    id: row.id,
    caseId: row.case_id,
    summary: row.summary,
    state: row.state,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    decisionReason: row.decision_reason,
  };
}
