import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { visibleTo } from '../signals/signal-visibility.js';

export interface Count {
  key: string | null;
  count: number;
}

export type SignalDimension = 'category' | 'severity' | 'phase';

/**
 * The coordinators' overview of one election: each figure is one aggregate query, computed in the database
 * (nothing is loaded wholesale). Reads several modules' tables, as reports do; counts of signals still
 * follow the signals' visibility rule, so that the overview reveals no signal the reader may not see.
 */
@Injectable()
export class OverviewRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async electionExists(code: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM elections WHERE code = $1`, [code]);
    return rows.length > 0;
  }

  /** `dimension` is one of three constants, never input. */
  signalsBy(election: string, organisationId: string, dimension: SignalDimension): Promise<Count[]> {
    return this.dataSource.query<Count[]>(
      `SELECT s.${dimension} AS key, count(*)::int AS count
         FROM signals s
        WHERE s.election = $1 AND s.withdrawn_at IS NULL AND ${visibleTo('s', '$2')}
        GROUP BY s.${dimension}
        ORDER BY count DESC, s.${dimension} COLLATE "C" NULLS LAST`,
      [election, organisationId],
    );
  }

  /** Signal alerts not yet responded to, per recipient, with the oldest. */
  unacknowledgedAlerts(election: string): Promise<{ organisation: string; count: number; oldestAt: Date }[]> {
    return this.dataSource.query(
      `SELECT o.code AS organisation, count(*)::int AS count, min(a.created_at) AS "oldestAt"
         FROM alerts a
         JOIN organisations o ON o.id = a.organisation_id
        WHERE a.election = $1 AND a.kind = 'signal' AND a.state = 'open'
        GROUP BY o.code
        ORDER BY count DESC, o.code COLLATE "C"`,
      [election],
    );
  }

  /** Median and 90th percentile time from a signal alert to its response, per recipient. */
  timeToAcknowledge(
    election: string,
  ): Promise<{ organisation: string; responded: number; medianSeconds: number; p90Seconds: number }[]> {
    return this.dataSource.query(
      `SELECT o.code AS organisation, count(*)::int AS responded,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.responded_at - a.created_at))
                AS "medianSeconds",
              percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM a.responded_at - a.created_at))
                AS "p90Seconds"
         FROM alerts a
         JOIN organisations o ON o.id = a.organisation_id
        WHERE a.election = $1 AND a.kind = 'signal' AND a.responded_at IS NOT NULL
        GROUP BY o.code
        ORDER BY o.code COLLATE "C"`,
      [election],
    );
  }

  /** Unfinished actions per assignee: how many, how many overdue, and the next due time. */
  openActions(
    election: string,
    now: Date,
  ): Promise<{ organisation: string; open: number; overdue: number; nextDueAt: Date }[]> {
    return this.dataSource.query(
      `SELECT o.code AS organisation, count(*)::int AS open,
              (count(*) FILTER (WHERE a.due_at <= $2))::int AS overdue, min(a.due_at) AS "nextDueAt"
         FROM case_actions a
         JOIN cases c ON c.id = a.case_id
         JOIN organisations o ON o.id = a.assignee_organisation_id
        WHERE c.election = $1 AND a.status IN ('open', 'in-progress')
        GROUP BY o.code
        ORDER BY overdue DESC, open DESC, o.code COLLATE "C"`,
      [election, now],
    );
  }

  casesByStatus(election: string): Promise<Count[]> {
    return this.dataSource.query<Count[]>(
      `SELECT status AS key, count(*)::int AS count
         FROM cases WHERE election = $1
        GROUP BY status
        ORDER BY count DESC, status COLLATE "C"`,
      [election],
    );
  }
}
