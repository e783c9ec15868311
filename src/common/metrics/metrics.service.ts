import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The service's Prometheus instruments, in a registry of its own (not prom-client's global one, so that
 * several application instances in one process, as in the tests, do not collide). Values that live in the
 * database (the delivery backlog) are read at scrape time by MetricsController.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly alertsCreated = new Counter({
    name: 'kiessignaal_alerts_created_total',
    help: 'Alerts created, by kind (signal, update, escalation).',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly alertsResponded = new Counter({
    name: 'kiessignaal_alerts_responded_total',
    help: 'Responses to alerts, by response (acknowledged, not-competent, declined).',
    labelNames: ['response'] as const,
    registers: [this.registry],
  });

  readonly alertsEscalated = new Counter({
    name: 'kiessignaal_alerts_escalated_total',
    help: 'Alerts that escalated because nobody responded before their deadline.',
    registers: [this.registry],
  });

  readonly timeToRespond = new Histogram({
    name: 'kiessignaal_alert_time_to_respond_seconds',
    help: 'Time from an alert to its response.',
    labelNames: ['severity'] as const,
    buckets: [30, 60, 300, 900, 1800, 3600, 7200, 14_400, 28_800, 86_400],
    registers: [this.registry],
  });

  readonly webhookAttempts = new Counter({
    name: 'kiessignaal_webhook_attempts_total',
    help: 'Webhook delivery attempts, by outcome (delivered, failed, dead).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly streamClients = new Gauge({
    name: 'kiessignaal_stream_clients',
    help: 'Alert stream (SSE) clients connected to this instance.',
    registers: [this.registry],
  });

  readonly deliveryBacklog = new Gauge({
    name: 'kiessignaal_webhook_delivery_backlog',
    help: 'Webhook deliveries waiting to be sent (pending or being sent), read from the database at scrape time.',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'kiessignaal_' });
  }
}
