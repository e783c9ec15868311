import { Injectable } from '@nestjs/common';
import { type Observable, Subject } from 'rxjs';
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
  kind: AlertKind;
}

/** The NOTIFY channel that wakes AlertSequencer, sent by the statements that write alerts (but one, below). */
export const ALERTS_WRITTEN_CHANNEL = 'alerts_written';

/**
 * The CTE (`queued`) by which a statement that wrote alerts hands them to AlertSequencer: their ids,
 * recipients and kinds in one `alerts_to_sequence` row (so that the sequencer need not read the alerts back).
 * `written` is the FROM clause of the alerts written, with columns id, organisation_id and kind; `order` the
 * order to number them in. The sequencer still has to be woken: see `wakeSequencerOnCommit`.
 */
export function queueForSequencer(written: string, order: string): string {
  return `queued AS (
         INSERT INTO alerts_to_sequence (alert_ids, organisation_ids, kinds)
         SELECT array_agg(id ORDER BY ${order}), array_agg(organisation_id ORDER BY ${order}),
                array_agg(kind ORDER BY ${order})
           FROM ${written} HAVING count(*) > 0
       )`;
}

/**
 * The CTE (`sequencer_woken`) that sends NOTIFY `alerts_written`, which PostgreSQL delivers on commit to
 * every instance's sequencer. The statement must read it (a plain CTE runs only when read).
 */
export function wakeSequencerOnCommit(written: string): string {
  return `sequencer_woken AS (
         SELECT pg_notify('${ALERTS_WRITTEN_CHANNEL}', '') WHERE EXISTS (SELECT 1 FROM ${written})
       )`;
}

/**
 * Writes alerts, in the caller's transaction and in one statement, queues their ids for AlertSequencer (one
 * `alerts_to_sequence` row, in the order given) and sends NOTIFY `alerts_written`, which PostgreSQL delivers
 * only on commit: the sequencer then gives each committed alert its place in its recipient's sequence (the
 * SSE event id), creates its webhook deliveries and wakes the streams. Nothing here
 * holds a lock a concurrent writer waits for, so signals with the same recipients commit side by side.
 * An organisation gets one first alert per signal: when two transactions race to give it one (a forward and
 * an amendment that newly routes to it), the second writes none and answers without it.
 * Call it once per transaction, with every alert the transaction creates. (A new signal's first alerts are
 * written by the statement that stores it, SignalsRepository.submit, which wakes the sequencer in-process.)
 */
@Injectable()
export class AlertWriter {
  private readonly committedHere = new Subject<void>();

  constructor(private readonly metrics: MetricsService) {}

  /** Wake-ups for this instance's AlertSequencer from writers that queued alerts without NOTIFY. */
  get committedWithoutNotify$(): Observable<void> {
    return this.committedHere.asObservable();
  }

  /**
   * For a writer that queued alerts without NOTIFY (SignalsRepository.submit), once they committed: wakes this
   * instance's sequencer. Should the process die before, the sequencer's next poll (any instance) finds them.
   */
  alertsCommitted(): void {
    this.committedHere.next();
  }

  async create(tx: EntityManager, alerts: readonly NewAlert[]): Promise<CreatedAlert[]> {
    if (alerts.length === 0) {
      return [];
    }
    const column = <T>(pick: (alert: NewAlert) => T): T[] => alerts.map(pick);
    const rows = await tx.query<CreatedAlert[]>(
      `WITH input AS (
         SELECT gen_random_uuid() AS id, *
           FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::int[], $5::text[], $6::text[], $7::jsonb[],
                       $8::jsonb[], $9::uuid[], $10::timestamptz[])
                WITH ORDINALITY AS given (organisation_id, kind, signal_id, signal_version, severity, election,
                                          reasons, details, parent_alert_id, escalate_at, position)
       ), inserted AS (
         INSERT INTO alerts (id, organisation_id, kind, signal_id, signal_version, severity, election, reasons,
                             details, parent_alert_id, escalate_at)
         SELECT id, organisation_id, kind, signal_id, signal_version, severity, election, reasons, details,
                parent_alert_id, escalate_at
           FROM input ORDER BY position
         ON CONFLICT (signal_id, organisation_id) WHERE kind = 'signal' DO NOTHING
         RETURNING id, organisation_id, kind
       ), written AS (
         SELECT inserted.*, input.position FROM inserted JOIN input USING (id)
       ), ${queueForSequencer('written', 'position')}, ${wakeSequencerOnCommit('written')}
       SELECT id, organisation_id AS "organisationId", kind
         FROM inserted
        WHERE (SELECT count(*) FROM sequencer_woken) >= 0`,
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
