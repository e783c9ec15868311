import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { setTimeout as sleep } from 'node:timers/promises';
import { merge } from 'rxjs';
import type { DataSource } from 'typeorm';
import { PgListenerService } from '../../common/database/pg-listener.service.js';
import { WorkerLoop } from '../../common/worker-loop.js';
import { ALERTS_WRITTEN_CHANNEL, AlertWriter } from './alert-writer.js';

/** Arbitrary but fixed: the one sequencer at work, across every instance, holds this advisory lock. */
export const SEQUENCER_LOCK_KEY = 7_398_020;
/** Queued transactions' alerts numbered per pass; more wait for the next pass, which follows at once. */
const BATCH_SIZE = 500;
/**
 * The backstop for a missed wake-up (the listener reconnecting, an instance that died between a submission's
 * commit and its in-process wake-up). A pass that finds nothing is one probe.
 */
const POLL_INTERVAL_MS = 1_000;
/** Another instance's sequencer is at work: try again this soon, since its last pass may miss our rows. */
const BUSY_RETRY_MS = 10;
const BUSY_RETRIES = 5;
/** NOTIFY payloads are capped at 8000 bytes: at most this many organisation ids (37 bytes each) per one. */
const ORGANISATIONS_PER_NOTIFY = 150;

/**
 * Gives committed alerts their place in their recipient's sequence (alert_positions.seq, the SSE event id), in one
 * transaction per batch: the number, one webhook delivery per active endpoint of the recipient, and NOTIFY
 * `alerts` (the recipients) and `webhook_deliveries`, delivered on commit.
 *
 * It only ever numbers committed alerts, and a pass holds the `alert_sequences` rows it advanced until it
 * commits, so each organisation's numbers become visible in increasing order: a reader that has seen n never
 * later finds an alert numbered below n, which is what makes "resume after Last-Event-ID" gapless. Writers
 * (AlertWriter) therefore hold no lock on anything shared. One pass at a time, across every instance (a
 * transaction-level advisory lock, taken by its own statement so that the numbering statement's snapshot
 * includes the previous pass's commit): passes never wait for each other's rows nor deadlock on them.
 * The queue (alerts_to_sequence, one row per writing transaction) is a table: alerts written while no
 * sequencer ran (a crash, a restart) are numbered by the next pass. A position is a row of its own, written
 * once: numbering never rewrites an alert. Runs in every instance, whatever WORKERS_ENABLED says: without
 * it, no alert reaches a stream or a webhook. Woken by NOTIFY `alerts_written` from AlertWriter's statements
 * (any instance) and, in-process, after this instance's signal submissions (which do not notify: see
 * SignalsRepository's SUBMIT_SIGNAL).
 */
@Injectable()
export class AlertSequencer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AlertSequencer.name);
  private readonly loop = new WorkerLoop({
    name: 'alert sequencer',
    work: () => this.passUntilNotBusy(),
    batchSize: BATCH_SIZE,
    pollIntervalMs: POLL_INTERVAL_MS,
    logger: this.logger,
  });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly listener: PgListenerService,
    private readonly writer: AlertWriter,
  ) {}

  onApplicationBootstrap(): void {
    this.loop.start(
      merge(
        this.listener.on(ALERTS_WRITTEN_CHANNEL),
        this.writer.committedWithoutNotify$,
        this.listener.reconnected$,
      ),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }

  /**
   * Numbers every alert committed before the call (waiting for a sequencer at work elsewhere to finish),
   * for callers that must see them in sequence at once: tests, the CLI.
   */
  async sequenceCommitted(): Promise<void> {
    for (;;) {
      const numbered = await this.pass();
      if (numbered === 0) {
        return;
      }
      if (numbered === 'busy') {
        await sleep(BUSY_RETRY_MS);
      }
    }
  }

  private async passUntilNotBusy(): Promise<number> {
    for (let attempt = 0; attempt < BUSY_RETRIES; attempt++) {
      const numbered = await this.pass();
      if (numbered !== 'busy') {
        return numbered;
      }
      await sleep(BUSY_RETRY_MS);
    }
    return 0;
  }

  /** One pass; answers how many queued transactions' alerts it numbered, or 'busy' when another holds the lock. */
  private pass(): Promise<number | 'busy'> {
    return this.dataSource.transaction(async (tx) => {
      const [lock] = await tx.query<{ held: boolean }[]>(`SELECT pg_try_advisory_xact_lock($1) AS held`, [
        SEQUENCER_LOCK_KEY,
      ]);
      if (!lock?.held) {
        return 'busy';
      }
      const [result] = await tx.query<{ batches: number }[]>(
        `WITH batch AS (
           DELETE FROM alerts_to_sequence queue
            WHERE queue.id IN (SELECT id FROM alerts_to_sequence ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
           RETURNING queue.id, queue.alert_ids, queue.organisation_ids, queue.kinds
         ), pending AS (
           SELECT queued.id, queued.organisation_id, queued.kind, batch.id AS batch_id, queued.position
             FROM batch
            CROSS JOIN LATERAL unnest(batch.alert_ids, batch.organisation_ids, batch.kinds)
                               WITH ORDINALITY AS queued (id, organisation_id, kind, position)
         ), positioned AS (
           SELECT id, organisation_id, kind,
                  row_number() OVER recipient AS position, count(*) OVER recipient AS taken
             FROM pending
           WINDOW recipient AS (PARTITION BY organisation_id ORDER BY batch_id, position
                                ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
         ), sequence AS (
           INSERT INTO alert_sequences AS s (organisation_id, last_seq)
           SELECT organisation_id, count(*) FROM pending GROUP BY organisation_id ORDER BY organisation_id
           ON CONFLICT (organisation_id) DO UPDATE SET last_seq = s.last_seq + excluded.last_seq
           RETURNING organisation_id, last_seq
         ), numbered AS (
           INSERT INTO alert_positions (organisation_id, seq, alert_id)
           SELECT positioned.organisation_id, sequence.last_seq - positioned.taken + positioned.position,
                  positioned.id
             FROM positioned JOIN sequence USING (organisation_id)
         ), delivery AS (
           INSERT INTO webhook_deliveries (endpoint_id, alert_id, event_type)
           SELECT endpoint.id, positioned.id,
                  CASE positioned.kind WHEN 'update' THEN 'alert.updated'
                                       WHEN 'escalation' THEN 'alert.escalated'
                                       ELSE 'alert.created' END
             FROM positioned
             JOIN webhook_endpoints endpoint
               ON endpoint.organisation_id = positioned.organisation_id AND endpoint.deleted_at IS NULL
           RETURNING 1
         ), notified AS (
           SELECT pg_notify('alerts', string_agg(organisation_id::text, ',')) FROM (
             SELECT organisation_id,
                    (dense_rank() OVER (ORDER BY organisation_id) - 1) / ${ORGANISATIONS_PER_NOTIFY} AS chunk
               FROM sequence
           ) chunked GROUP BY chunk
           UNION ALL
           SELECT pg_notify('webhook_deliveries', '') WHERE EXISTS (SELECT 1 FROM delivery)
         )
         SELECT count(*)::int AS batches FROM batch
          -- A plain CTE runs only when read: this makes the notifications happen.
          WHERE (SELECT count(*) FROM notified) >= 0`,
        [BATCH_SIZE],
      );
      return result?.batches ?? 0;
    });
  }
}
