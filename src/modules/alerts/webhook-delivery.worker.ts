import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { performance } from 'node:perf_hooks';
import { merge } from 'rxjs';
import type { DataSource } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { SecretBox } from '../../common/crypto/secret-box.js';
import { PgListenerService } from '../../common/database/pg-listener.service.js';
import { MetricsService } from '../../common/metrics/metrics.service.js';
import { AppConfig } from '../../config/app-config.js';
import { AlertViews } from './alert-views.js';
import type { AlertResponse } from './dto/alert.response.js';
import { WebhookAddressPolicy } from './webhook-address.js';
import { postWebhook } from './webhook-sender.js';
import { signWebhook } from './webhook-signature.js';
import { type AttemptOutcome, type ClaimedDelivery, WebhooksRepository } from './webhooks.repository.js';
import { WorkerLoop } from '../../common/worker-loop.js';

const BATCH_SIZE = 20;
/** Retry delays vary by ±20%, so that deliveries that failed together do not all retry together. */
const JITTER = 0.2;
/** Error texts are stored and shown; a receiver's or resolver's message is cut to this length. */
const MAX_ERROR_LENGTH = 500;

/** The failure of one attempt before or during the request, with the receiver's status when it answered. */
interface Failure {
  statusCode: number | null;
  error: string;
  /** Not worth retrying: the endpoint is gone. */
  isFinal?: boolean;
}

/**
 * Sends queued webhook deliveries (rows of webhook_deliveries; AlertSequencer queues them as it places alerts).
 * Each batch is claimed under a lease with FOR UPDATE SKIP LOCKED, so concurrent workers (in this process or
 * others) never send the same delivery at once, and a delivery whose worker died is taken over when its lease
 * ends, with the same id (webhook-id) and body. Sends happen outside any transaction. A 2xx answer delivers;
 * anything else (3xx included: redirects are never followed) is retried after the next delay of
 * WEBHOOK_RETRY_SCHEDULE, and once the schedule is used up the delivery is dead (redeliver it by hand).
 */
@Injectable()
export class WebhookDeliveryWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WebhookDeliveryWorker.name);
  private readonly loop: WorkerLoop;
  /** A lease shorter than a send would let another worker send the same delivery while it is in flight. */
  private readonly leaseMs: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: WebhooksRepository,
    private readonly views: AlertViews,
    private readonly addresses: WebhookAddressPolicy,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
    private readonly listener: PgListenerService,
  ) {
    this.leaseMs = Math.max(config.workers.leaseMs, 2 * config.webhooks.timeoutMs);
    this.loop = new WorkerLoop({
      name: 'webhook delivery',
      work: () => this.runOnce(),
      batchSize: BATCH_SIZE,
      pollIntervalMs: config.workers.pollIntervalMs,
      logger: this.logger,
    });
  }

  /** Whether this instance's loop runs (WORKERS_ENABLED, between start-up and shutdown). */
  get isRunning(): boolean {
    return this.loop.isRunning;
  }

  onApplicationBootstrap(): void {
    if (this.config.workers.isEnabled) {
      // After a reconnection, notifications sent meanwhile are lost: look at the table at once.
      this.loop.start(merge(this.listener.on('webhook_deliveries'), this.listener.reconnected$));
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }

  /** Claims and sends one batch of due deliveries; answers how many were claimed. */
  async runOnce(): Promise<number> {
    const now = this.clock.now();
    const claimed = await this.repo.claimDue(now, new Date(now.getTime() + this.leaseMs), BATCH_SIZE);
    if (claimed.length === 0) {
      return 0;
    }
    const bodies = await this.renderBodies(claimed, now);
    // In parallel: one slow receiver must not hold the others' deliveries until their leases run out.
    await Promise.all(claimed.map((delivery) => this.deliver(delivery, bodies)));
    return claimed.length;
  }

  /**
   * The body of each delivery that has none yet, rendered in one call: the alert as its recipient may see
   * it. A rendering failure fails those attempts (they are retried), not the batch.
   */
  private async renderBodies(claimed: readonly ClaimedDelivery[], now: Date): Promise<Map<string, string>> {
    const unrendered = claimed.filter((delivery) => delivery.body === null && !delivery.isEndpointDeleted);
    if (unrendered.length === 0) {
      return new Map();
    }
    let alerts: Map<string, AlertResponse>;
    try {
      alerts = await this.views.render([...new Set(unrendered.map((delivery) => delivery.alertId))]);
    } catch (error) {
      this.logger.error({ err: error }, 'alerts could not be rendered for webhooks');
      return new Map();
    }
    const bodies = new Map<string, string>();
    for (const delivery of unrendered) {
      const data = alerts.get(delivery.alertId);
      if (data !== undefined) {
        bodies.set(
          delivery.id,
          JSON.stringify({ type: delivery.eventType, timestamp: now.toISOString(), data }),
        );
      }
    }
    return bodies;
  }

  private async deliver(delivery: ClaimedDelivery, bodies: ReadonlyMap<string, string>): Promise<void> {
    const attemptedAt = this.clock.now();
    const started = performance.now();
    let result: { statusCode: number } | Failure | undefined;
    try {
      result = await this.send(delivery, bodies.get(delivery.id));
    } catch (error) {
      this.logger.error({ err: error, deliveryId: delivery.id }, 'webhook delivery failed unexpectedly');
      result = { statusCode: null, error: 'internal error while sending' };
    }
    if (result === undefined) {
      return; // the claim was lost to another worker, which sends it instead
    }
    const durationMs = Math.round(performance.now() - started);
    const outcome = this.outcomeOf(delivery, result, attemptedAt, durationMs);
    try {
      await this.dataSource.transaction((tx) => this.repo.recordAttempt(tx, delivery, outcome));
    } catch (error) {
      // The lease runs out and the delivery is sent again: at least once, never lost.
      this.logger.error({ err: error, deliveryId: delivery.id }, 'webhook attempt could not be recorded');
      return;
    }
    const label = outcome.status === 'pending' ? 'failed' : outcome.status;
    this.metrics.webhookAttempts.inc({ outcome: label });
    if (outcome.status === 'dead') {
      this.logger.warn(
        { deliveryId: delivery.id, statusCode: outcome.attempt.statusCode, error: outcome.attempt.error },
        'webhook delivery is dead: every attempt failed',
      );
    }
  }

  /** One attempt; undefined when this worker no longer holds the delivery. */
  private async send(
    delivery: ClaimedDelivery,
    rendered: string | undefined,
  ): Promise<{ statusCode: number } | Failure | undefined> {
    if (delivery.isEndpointDeleted) {
      return { statusCode: null, error: 'the endpoint was deleted; not sent', isFinal: true };
    }
    const candidate = delivery.body ?? rendered;
    if (candidate === undefined) {
      return { statusCode: null, error: 'the alert could not be rendered' };
    }
    // Also confirms, just before sending, that the claim still holds.
    const body = await this.repo.fixBody(delivery.id, delivery.leaseUntil, candidate);
    if (body === undefined) {
      return undefined;
    }
    const url = new URL(delivery.endpointUrl);
    // Checked again at every send, and the request connects to exactly the address checked.
    const address = await this.addresses.resolve(url);
    if ('refused' in address) {
      return { statusCode: null, error: `refused: ${address.refused}` };
    }
    const headers = signWebhook(
      this.secrets.open(delivery.endpointSecretSealed),
      delivery.id,
      this.clock.now(),
      body,
    );
    const sent = await postWebhook({
      url,
      address,
      headers: { ...headers },
      body,
      timeoutMs: this.config.webhooks.timeoutMs,
    });
    if ('error' in sent) {
      return { statusCode: null, error: sent.error };
    }
    if (sent.statusCode >= 200 && sent.statusCode < 300) {
      return sent;
    }
    const redirect = sent.statusCode >= 300 && sent.statusCode < 400 ? ' (redirects are not followed)' : '';
    return { statusCode: sent.statusCode, error: `HTTP ${sent.statusCode}${redirect}` };
  }

  private outcomeOf(
    delivery: ClaimedDelivery,
    result: { statusCode: number } | Failure,
    attemptedAt: Date,
    durationMs: number,
  ): AttemptOutcome {
    const now = this.clock.now();
    if (!('error' in result)) {
      return {
        status: 'delivered',
        nextAttemptAt: null,
        deliveredAt: now,
        attempt: {
          attemptedAt,
          outcome: 'delivered',
          statusCode: result.statusCode,
          durationMs,
          error: null,
        },
      };
    }
    const attempt = {
      attemptedAt,
      outcome: 'failed' as const,
      statusCode: result.statusCode,
      durationMs,
      error: result.error.slice(0, MAX_ERROR_LENGTH),
    };
    // attempt_count counts the attempts before this one: after the n-th attempt comes the n-th delay.
    const delay = this.config.webhooks.retryDelaysMs[delivery.attemptCount];
    if (result.isFinal || delay === undefined) {
      return { status: 'dead', nextAttemptAt: null, deliveredAt: null, attempt };
    }
    const jittered = delay * (1 - JITTER + Math.random() * 2 * JITTER);
    return {
      status: 'pending',
      nextAttemptAt: new Date(now.getTime() + Math.round(jittered)),
      deliveredAt: null,
      attempt,
    };
  }
}
