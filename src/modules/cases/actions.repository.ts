import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { ActionStatus } from './case.enums.js';
import type { ActionView } from './case-views.js';
import { type CaseViewer, caseVisibleTo, viewerParams } from './case-visibility.js';
import type { ActionState } from './dto/list-actions.query.js';

export interface NewAction {
  caseId: string;
  type: string;
  title: string;
  description: string | null;
  assigneeOrganisationId: string;
  dueAt: Date;
  counterpartRef: string | null;
  createdByMemberId: string;
  createdAt: Date;
}

export interface ActionFilters {
  assignee?: { organisationId: string } | { code: string };
  state: ActionState;
  caseId?: string;
}

/** An action claimed by the overdue worker, with what its alerts and timeline event need. */
export interface OverdueAction {
  id: string;
  caseId: string;
  caseTitle: string;
  election: string;
  leadOrganisationId: string;
  title: string;
  type: string;
  dueAt: Date;
  assigneeOrganisationId: string;
  assigneeCode: string;
}

interface ActionRow {
  id: string;
  case_id: string;
  case_title: string;
  type: string;
  title: string;
  description: string | null;
  assignee_organisation_id: string;
  assignee_code: string;
  due_at: Date;
  counterpart_ref: string | null;
  status: ActionStatus;
  outcome: string | null;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
  overdue_alerted_at: Date | null;
}

/** An action with what ActionView needs; callers add `WHERE …` with the case visibility rule. */
const SELECT_ACTION = `
  SELECT a.id, a.case_id, c.title AS case_title, a.type, a.title, a.description, a.assignee_organisation_id,
         assignee.code AS assignee_code, a.due_at, a.counterpart_ref, a.status, a.outcome, a.created_at,
         a.updated_at, a.finished_at, a.overdue_alerted_at
    FROM case_actions a
    JOIN cases c ON c.id = a.case_id
    JOIN organisations assignee ON assignee.id = a.assignee_organisation_id`;

const UNFINISHED = `('open', 'in-progress')`;

@Injectable()
export class ActionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async actionTypeExists(tx: EntityManager, code: string): Promise<boolean> {
    const rows = await tx.query<unknown[]>(`SELECT 1 FROM action_types WHERE code = $1`, [code]);
    return rows.length > 0;
  }

  async insert(tx: EntityManager, action: NewAction): Promise<string> {
    const [row] = await tx.query<{ id: string }[]>(
      `INSERT INTO case_actions (case_id, type, title, description, assignee_organisation_id, due_at,
                                 counterpart_ref, created_by_member_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
       RETURNING id`,
      [
        action.caseId,
        action.type,
        action.title,
        action.description,
        action.assigneeOrganisationId,
        action.dueAt,
        action.counterpartRef,
        action.createdByMemberId,
        action.createdAt,
      ],
    );
    if (!row) {
      throw new Error('INSERT … RETURNING answered no row');
    }
    return row.id;
  }

  /** The action if the viewer may see its case; with `lock`, the action row stays locked. */
  async findVisible(
    viewer: CaseViewer,
    id: string,
    options: { tx?: EntityManager; lock?: boolean } = {},
  ): Promise<ActionView | undefined> {
    const [row] = await (options.tx ?? this.dataSource.manager).query<ActionRow[]>(
      `${SELECT_ACTION} WHERE a.id = $1 AND ${caseVisibleTo('c', '$2', '$3')}
       ${options.lock ? 'FOR UPDATE OF a' : ''}`,
      [id, ...viewerParams(viewer)],
    );
    return row ? toView(row) : undefined;
  }

  /** Soonest due first, `limit` rows after the keyset position `after` (exclusive). */
  async findVisiblePage(
    viewer: CaseViewer,
    filters: ActionFilters,
    limit: number,
    after: { dueAt: Date; id: string } | undefined,
  ): Promise<ActionView[]> {
    const params: unknown[] = [...viewerParams(viewer)];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const conditions = [caseVisibleTo('c', '$1', '$2')];
    if (filters.assignee !== undefined) {
      conditions.push(
        'organisationId' in filters.assignee
          ? `a.assignee_organisation_id = ${param(filters.assignee.organisationId)}::uuid`
          : `assignee.code = ${param(filters.assignee.code)}`,
      );
    }
    if (filters.state === 'open') {
      conditions.push(`a.status IN ${UNFINISHED}`);
    } else if (filters.state === 'finished') {
      conditions.push(`a.status NOT IN ${UNFINISHED}`);
    }
    if (filters.caseId !== undefined) {
      conditions.push(`a.case_id = ${param(filters.caseId)}::uuid`);
    }
    if (after !== undefined) {
      conditions.push(`(a.due_at, a.id) > (${param(after.dueAt)}::timestamptz, ${param(after.id)}::uuid)`);
    }
    const rows = await this.dataSource.query<ActionRow[]>(
      `${SELECT_ACTION} WHERE ${conditions.join(' AND ')} ORDER BY a.due_at, a.id LIMIT ${param(limit)}`,
      params,
    );
    return rows.map(toView);
  }

  /** Every action of a case, soonest due first (for the case report). */
  async findForCase(caseId: string): Promise<ActionView[]> {
    const rows = await this.dataSource.query<ActionRow[]>(
      `${SELECT_ACTION} WHERE a.case_id = $1 ORDER BY a.due_at, a.id`,
      [caseId],
    );
    return rows.map(toView);
  }

  async updateStatus(
    tx: EntityManager,
    change: {
      id: string;
      status: ActionStatus;
      outcome: string | null;
      finishedAt: Date | null;
      finishedByMemberId: string | null;
      at: Date;
    },
  ): Promise<void> {
    await tx.query(
      `UPDATE case_actions
          SET status = $2, outcome = $3, finished_at = $4, finished_by_member_id = $5, updated_at = $6
        WHERE id = $1`,
      [change.id, change.status, change.outcome, change.finishedAt, change.finishedByMemberId, change.at],
    );
  }

  /**
   * Claims unfinished actions whose due time has passed and that were not yet reported overdue, and marks
   * them reported, in the caller's transaction. SKIP LOCKED: concurrent workers take disjoint rows, and a
   * row whose status is being changed right now waits for the next round.
   */
  async claimOverdue(tx: EntityManager, now: Date, limit: number): Promise<OverdueAction[]> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [rows] = await tx.query<[OverdueAction[], number]>(
      `UPDATE case_actions a
          SET overdue_alerted_at = $1
         FROM cases c, organisations assignee
        WHERE a.id IN (SELECT id FROM case_actions
                        WHERE status IN ${UNFINISHED} AND overdue_alerted_at IS NULL AND due_at <= $1
                        ORDER BY due_at
                        LIMIT $2
                          FOR UPDATE SKIP LOCKED)
          AND c.id = a.case_id
          AND assignee.id = a.assignee_organisation_id
       RETURNING a.id, a.case_id AS "caseId", c.title AS "caseTitle", c.election,
                 c.lead_organisation_id AS "leadOrganisationId", a.title, a.type, a.due_at AS "dueAt",
                 a.assignee_organisation_id AS "assigneeOrganisationId", assignee.code AS "assigneeCode"`,
      [now, limit],
    );
    return rows;
  }
}

function toView(row: ActionRow): ActionView {
  return {
    id: row.id,
    caseId: row.case_id,
    caseTitle: row.case_title,
    type: row.type,
    title: row.title,
    description: row.description,
    assigneeOrganisationId: row.assignee_organisation_id,
    assigneeCode: row.assignee_code,
    dueAt: row.due_at,
    counterpartRef: row.counterpart_ref,
    status: row.status,
    outcome: row.outcome,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
    overdueAlertedAt: row.overdue_alerted_at,
  };
}
