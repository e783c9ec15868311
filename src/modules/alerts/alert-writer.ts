import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MetricsService } from '../../common/metrics/metrics.service.js';
import type { Severity } from '../signals/signal.enums.js';
import type { AlertKind, AlertReason } from './alert.entity.js';

export interface NewAlert {
  organisationId: string;
  kind: AlertKind;
  signalId: string | null;
  signalVersion: number | null;
  severity: Severity | null;
  election: string | null;
  reasons: AlertReason[];
  details: Record<string, unknown> | null;
  parentAlertId: string | null;
  /** When an unanswered alert escalates; null when it never does. */
  escalateAt: Date | null;
}

export interface CreatedAlert {
  id: string;
  organisationId: string;
  seq: string;
  kind: AlertKind;
}

/** NOTIFY payloads are capped at 8000 bytes: at most this many organisation ids (37 bytes each) per one. */
const ORGANISATIONS_PER_NOTIFY = 150;

/**
 * Writes alerts, in the caller's transaction and in one statement:
 * - each alert gets the next position in its recipient's sequence (the SSE event id). The sequence rows are
 *   locked in organisation order until commit, so an organisation's alerts commit in sequence order and
 *   concurrent writers cannot deadlock on them;
 * - one webhook delivery per alert and active endpoint of the recipient, for the worker to send;
 * - NOTIFY `alerts` with the recipients' ids and `webhook_deliveries`, which PostgreSQL delivers only on
 *   commit: listeners never hear of an alert that was rolled back.
 * An organisation gets one first alert per signal: when two transactions race to give it one (a forward and
 * an amendment that newly routes to it), the second writes none and answers without it; the position it had
 * taken stays unused (a stream resumes after "seq > n", so a gap is harmless).
 * Call it once per transaction, with every alert the transaction creates.
 */
@Injectable()
export class AlertWriter {
  constructor(private readonly metrics: MetricsService) {}

  async create(tx: EntityManager, alerts: readonly NewAlert[]): Promise<CreatedAlert[]> {
    if (alerts.length === 0) {
      return [];
    }
    const column = <T>(pick: (alert: NewAlert) => T): T[] => alerts.map(pick);
    const rows = await tx.query<CreatedAlert[]>(
      `WITH input AS (
         SELECT *
           FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::int[], $5::text[], $6::text[], $7::jsonb[],
                       $8::jsonb[], $9::uuid[], $10::timestamptz[])
                WITH ORDINALITY AS i (organisation_id, kind, signal_id, signal_version, severity, election, reasons,
                                      details, parent_alert_id, escalate_at, position)
       ), sequence AS (
         INSERT INTO alert_sequences AS s (organisation_id, last_seq)
         SELECT organisation_id, count(*) FROM input GROUP BY organisation_id ORDER BY organisation_id
         ON CONFLICT (organisation_id) DO UPDATE SET last_seq = s.last_seq + excluded.last_seq
         RETURNING organisation_id, last_seq
       ), numbered AS (
         SELECT input.*,
                sequence.last_seq - count(*) OVER recipient + row_number() OVER (recipient ORDER BY position) AS seq
           FROM input JOIN sequence USING (organisation_id)
         WINDOW recipient AS (PARTITION BY input.organisation_id)
       ), inserted AS (
         INSERT INTO alerts (organisation_id, seq, kind, signal_id, signal_version, severity, election, reasons,
                             details, parent_alert_id, escalate_at)
         SELECT organisation_id, seq, kind, signal_id, signal_version, severity, election, reasons, details,
                parent_alert_id, escalate_at
           FROM numbered ORDER BY position
         ON CONFLICT (signal_id, organisation_id) WHERE kind = 'signal' DO NOTHING
         RETURNING id, organisation_id, seq, kind
       ), delivery AS (
         INSERT INTO webhook_deliveries (endpoint_id, alert_id, event_type)
         SELECT endpoint.id, inserted.id,
                CASE inserted.kind WHEN 'update' THEN 'alert.updated'
                                   WHEN 'escalation' THEN 'alert.escalated'
                                   ELSE 'alert.created' END
           FROM inserted
           JOIN webhook_endpoints endpoint
             ON endpoint.organisation_id = inserted.organisation_id AND endpoint.deleted_at IS NULL
         RETURNING 1
       ), notified AS (
         SELECT pg_notify('alerts', string_agg(organisation_id::text, ',')) FROM (
           SELECT organisation_id, (dense_rank() OVER (ORDER BY organisation_id) - 1) / ${ORGANISATIONS_PER_NOTIFY}
                  AS chunk
             FROM (SELECT DISTINCT organisation_id FROM inserted) recipient
         ) chunked GROUP BY chunk
         UNION ALL
         SELECT pg_notify('webhook_deliveries', '') WHERE EXISTS (SELECT 1 FROM delivery)
       )
       SELECT id, organisation_id AS "organisationId", seq, kind
         FROM inserted
        -- A plain CTE runs only when read: this makes the notifications happen.
        WHERE (SELECT count(*) FROM notified) >= 0`,
      [
        column((a) => a.organisationId),
        column((a) => a.kind),
        column((a) => a.signalId),
        column((a) => a.signalVersion),
        column((a) => a.severity),
        column((a) => a.election),
        column((a) => JSON.stringify(a.reasons)),
        column((a) => (a.details === null ? null : JSON.stringify(a.details))),
        column((a) => a.parentAlertId),
        column((a) => a.escalateAt),
      ],
    );
    // Counted when written: a rollback after this, the last step of each transaction, is rare.
    for (const alert of rows) {
      this.metrics.alertsCreated.inc({ kind: alert.kind });
    }
    return rows;
  }
}
