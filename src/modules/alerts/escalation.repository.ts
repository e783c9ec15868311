import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Severity } from '../signals/signal.enums.js';

/** An open alert past its deadline, locked by the escalating transaction. */
export interface DueAlert {
  id: string;
  organisationId: string;
  organisationCode: string;
  signalId: string | null;
  signalVersion: number | null;
  severity: Severity | null;
  election: string | null;
  escalateAt: Date;
  createdAt: Date;
}

@Injectable()
export class EscalationRepository {
  /**
   * Locks up to `limit` open alerts whose deadline has passed and that have not escalated (the partial index
   * alerts_escalate_at_idx holds exactly these). SKIP LOCKED: concurrent workers take disjoint sets, and a row
   * another worker has just escalated is re-checked after its lock and no longer matches. NO KEY: queueing an
   * alert's webhook deliveries (which reference it) never waits for an escalation.
   */
  async lockDue(tx: EntityManager, now: Date, limit: number): Promise<DueAlert[]> {
    return tx.query<DueAlert[]>(
      `WITH due AS (
         SELECT id, organisation_id, signal_id, signal_version, severity, election, escalate_at, created_at
           FROM alerts
          WHERE escalate_at <= $1 AND escalated_at IS NULL AND state = 'open'
          ORDER BY escalate_at
          FOR NO KEY UPDATE SKIP LOCKED
          LIMIT $2
       )
       SELECT due.id, due.organisation_id AS "organisationId", o.code AS "organisationCode",
              due.signal_id AS "signalId", due.signal_version AS "signalVersion", due.severity, due.election,
              due.escalate_at AS "escalateAt", due.created_at AS "createdAt"
         FROM due JOIN organisations o ON o.id = due.organisation_id
        ORDER BY due.escalate_at`,
      [now, limit],
    );
  }

  /** The organisations with these codes (unknown codes are left out). */
  async findOrganisations(
    tx: EntityManager,
    codes: readonly string[],
  ): Promise<{ id: string; code: string }[]> {
    return tx.query<{ id: string; code: string }[]>(
      `SELECT id, code FROM organisations WHERE code = ANY ($1::text[]) ORDER BY code`,
      [codes],
    );
  }

  async markEscalated(tx: EntityManager, alertIds: readonly string[], at: Date): Promise<void> {
    await tx.query(`UPDATE alerts SET escalated_at = $2 WHERE id = ANY ($1::uuid[])`, [alertIds, at]);
  }
}
