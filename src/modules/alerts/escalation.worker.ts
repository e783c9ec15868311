import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { MetricsService } from '../../common/metrics/metrics.service.js';
import { AppConfig } from '../../config/app-config.js';
import { TimelineWriter } from '../cases/timeline-writer.js';
import { AlertWriter, type NewAlert } from './alert-writer.js';
import { type DueAlert, EscalationRepository } from './escalation.repository.js';
import { WorkerLoop } from '../../common/worker-loop.js';

const BATCH_SIZE = 50;

/** What an escalation alert says, in `details`: who left which alert unanswered, and for how long. */
export interface EscalationDetails {
  unansweredOrganisation: string;
  alertId: string;
  severity: string | null;
  openForSeconds: number;
  deadline: string;
}

/**
 * Escalates open alerts whose deadline (escalate_at, set by whoever created the alert) has passed: each
 * coordinating organisation (ESCALATION_ORGANISATIONS) other than the one that did not respond gets an
 * `escalation` alert naming it, and the original records escalated_at. Driven by the rows, not by timers, so
 * it survives restarts; the escalation and the mark are one transaction, so each alert escalates once.
 * The escalation alert names the signal, but AlertViews shows its content only to organisations that may see
 * the signal anyway: escalation never widens sight.
 */
@Injectable()
export class EscalationWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(EscalationWorker.name);
  private readonly loop: WorkerLoop;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: EscalationRepository,
    private readonly alerts: AlertWriter,
    private readonly timeline: TimelineWriter,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {
    this.loop = new WorkerLoop({
      name: 'escalation',
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
      this.loop.start();
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }

  /** Escalates one batch of due alerts; answers how many alerts escalated. */
  async runOnce(): Promise<number> {
    const now = this.clock.now();
    const codes = this.config.escalation.organisationCodes;
    const escalated = await this.dataSource.transaction(async (tx) => {
      const due = await this.repo.lockDue(tx, now, BATCH_SIZE);
      if (due.length === 0) {
        return 0;
      }
      const coordinators = await this.repo.findOrganisations(tx, codes);
      if (coordinators.length < codes.length) {
        this.logger.warn({ codes }, 'some ESCALATION_ORGANISATIONS are not known organisations');
      }
      // Cases that link the signals record the escalations (before the alerts: case rows are locked first).
      for (const alert of due) {
        if (alert.signalId !== null) {
          await this.timeline.recordForSignal(tx, alert.signalId, {
            kind: 'alert.escalated',
            actor: { memberId: null, organisationId: null },
            details: {
              alertId: alert.id,
              unansweredOrganisation: alert.organisationCode,
              deadline: alert.escalateAt.toISOString(),
            },
          });
        }
      }
      await this.alerts.create(
        tx,
        due.flatMap((alert) =>
          coordinators
            .filter((coordinator) => coordinator.id !== alert.organisationId)
            .map((coordinator) => escalationAlert(coordinator.id, alert, now)),
        ),
      );
      await this.repo.markEscalated(
        tx,
        due.map((alert) => alert.id),
        now,
      );
      return due.length;
    });
    if (escalated > 0) {
      this.metrics.alertsEscalated.inc(escalated);
      this.logger.log({ escalated }, 'alerts escalated');
    }
    return escalated;
  }
}

function escalationAlert(organisationId: string, alert: DueAlert, now: Date): NewAlert {
  const details: EscalationDetails = {
    unansweredOrganisation: alert.organisationCode,
    alertId: alert.id,
    severity: alert.severity,
    openForSeconds: Math.max(0, Math.floor((now.getTime() - alert.createdAt.getTime()) / 1000)),
    deadline: alert.escalateAt.toISOString(),
  };
  return {
    organisationId,
    kind: 'escalation',
    signalId: alert.signalId,
    signalVersion: alert.signalVersion,
    severity: alert.severity,
    election: alert.election,
    reasons: [],
    details: { ...details },
    parentAlertId: alert.id,
    escalateAt: null,
  };
}
