import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Clock } from '../../common/clock.js';
import { AppConfig } from '../../config/app-config.js';
import { WorkerLoop } from '../../common/worker-loop.js';
import { ActionsService } from './actions.service.js';

const BATCH_SIZE = 50;

/**
 * Raises the overdue alerts of follow-up actions. Driven by the rows (due_at, overdue_alerted_at), claimed
 * with FOR UPDATE SKIP LOCKED, not by in-memory timers: it survives restarts, several instances share the
 * work, and each action is reported once, because the report and its mark commit together.
 */
@Injectable()
export class ActionOverdueWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ActionOverdueWorker.name);
  private readonly loop: WorkerLoop;

  constructor(
    private readonly actions: ActionsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    this.loop = new WorkerLoop({
      name: 'action-overdue',
      work: () => this.runOnce(),
      batchSize: BATCH_SIZE,
      pollIntervalMs: config.workers.pollIntervalMs,
      logger: this.logger,
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.workers.isEnabled) {
      this.loop.start();
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }

  /** Reports one batch of overdue actions; answers how many. */
  async runOnce(): Promise<number> {
    const reported = await this.actions.raiseOverdue(this.clock.now(), BATCH_SIZE);
    if (reported > 0) {
      this.logger.log({ reported }, 'overdue actions reported');
    }
    return reported;
  }
}
