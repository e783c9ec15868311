import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PreparedStatements } from '../../common/database/prepared-statement.js';
import { visibleTo } from '../signals/signal-visibility.js';
import type { CaseEventKind } from './case.enums.js';
import type { EventView } from './case-views.js';
import { EVENT_TIME_SQL, type StoredEvent } from './timeline-hash.js';

export interface TimelineFilters {
  kind?: CaseEventKind;
  organisation?: string;
  from?: Date;
  to?: Date;
}

interface EventRow {
  id: string;
  position: number;
  kind: CaseEventKind;
  occurred_at: Date;
  actor_organisation_id: string | null;
  actor_organisation_code: string | null;
  actor_member_id: string | null;
  actor_member_name: string | null;
  signal_id: string | null;
  action_id: string | null;
  details: Record<string, unknown> | null;
  hash: string | null;
  is_redacted: boolean;
}

@Injectable()
export class TimelineRepository {
  constructor(private readonly prepared: PreparedStatements) {}

  /**
   * A page of a case's timeline, oldest first, as the organisation `readerOrganisationId` may read it. An
   * event about a signal that organisation may not see (the signals' own rule, in this very query) keeps
   * its kind, time and organisation; its signal, details, member and hash are left out here, in SQL, so
   * that no code path can forget to.
   */
  async findPage(
    caseId: string,
    readerOrganisationId: string,
    filters: TimelineFilters,
    afterPosition: number,
    limit: number,
  ): Promise<EventView[]> {
    const params: unknown[] = [caseId, readerOrganisationId, afterPosition];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const conditions = ['e.case_id = $1', 'e.position > $3'];
    if (filters.kind !== undefined) {
      conditions.push(`e.kind = ${param(filters.kind)}`);
    }
    if (filters.organisation !== undefined) {
      conditions.push(`actor_organisation.code = ${param(filters.organisation)}`);
    }
    if (filters.from !== undefined) {
      conditions.push(`e.occurred_at >= ${param(filters.from)}::timestamptz`);
    }
    if (filters.to !== undefined) {
      conditions.push(`e.occurred_at < ${param(filters.to)}::timestamptz`);
    }
    // The page is cut first, with the sight of each event decided once (an expression in the outer query
    // would be evaluated again for every column that depends on it).
    const rows = await this.prepared.queryPlannedForValues<EventRow>(
      `SELECT e.id, e.position, e.kind, e.occurred_at, e.actor_organisation_id,
              actor_organisation.code AS actor_organisation_code,
              CASE WHEN e.is_visible THEN e.actor_member_id END AS actor_member_id,
              CASE WHEN e.is_visible THEN actor_member.name END AS actor_member_name,
              CASE WHEN e.is_visible THEN e.signal_id END AS signal_id,
              e.action_id,
              CASE WHEN e.is_visible THEN e.details END AS details,
              CASE WHEN e.is_visible THEN e.hash END AS hash,
              NOT e.is_visible AS is_redacted
         FROM (SELECT e.*,
                      e.signal_id IS NULL
                      OR EXISTS (SELECT 1 FROM signals s WHERE s.id = e.signal_id AND ${visibleTo('s', '$2')})
                      AS is_visible
                 FROM case_events e
                 LEFT JOIN organisations actor_organisation ON actor_organisation.id = e.actor_organisation_id
                WHERE ${conditions.join(' AND ')}
                ORDER BY e.position
                LIMIT ${param(limit)}) e
         LEFT JOIN organisations actor_organisation ON actor_organisation.id = e.actor_organisation_id
         LEFT JOIN members actor_member ON actor_member.id = e.actor_member_id
        ORDER BY e.position`,
      params,
    );
    return rows.map(toView);
  }

  /** Events as stored, for recomputing the hash chain; never returned to a reader as they are. */
  async findStored(
    tx: EntityManager,
    caseId: string,
    afterPosition: number,
    limit: number,
  ): Promise<StoredEvent[]> {
    return tx.query<StoredEvent[]>(
      `SELECT id, case_id AS "caseId", position, kind, ${EVENT_TIME_SQL('occurred_at')} AS "occurredAt",
              actor_member_id AS "actorMemberId", actor_organisation_id AS "actorOrganisationId",
              signal_id AS "signalId", action_id AS "actionId", details, previous_hash AS "previousHash", hash
         FROM case_events
        WHERE case_id = $1 AND position > $2
        ORDER BY position
        LIMIT $3`,
      [caseId, afterPosition, limit],
    );
  }
}

function toView(row: EventRow): EventView {
  return {
    id: row.id,
    position: row.position,
    kind: row.kind,
    occurredAt: row.occurred_at,
    actorOrganisationId: row.actor_organisation_id,
    actorOrganisationCode: row.actor_organisation_code,
    actorMemberId: row.actor_member_id,
    actorMemberName: row.actor_member_name,
    signalId: row.signal_id,
    actionId: row.action_id,
    details: row.details,
    hash: row.hash,
    isRedacted: row.is_redacted,
  };
}
