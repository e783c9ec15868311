import type { Logger } from '@nestjs/common';
import type { Observable, Subscription } from 'rxjs';

export interface WorkerLoopOptions {
  /** For the logs. */
  name: string;
  /** One batch; answers how many items it handled. */
  work: () => Promise<number>;
  /** A full batch means more may be waiting: the loop goes on at once instead of sleeping. */
  batchSize: number;
  pollIntervalMs: number;
  logger: Logger;
}

/**
 * Runs a worker's batches one after another: at once while batches come back full or a wake-up arrived
 * meanwhile, otherwise after the poll interval or the next wake-up (NOTIFY), whichever comes first. The
 * rows are the queue, so a lost wake-up costs at most one poll interval. One loop per instance: start()
 * while running does nothing; stop() waits for the batch in progress, so nothing is cut off mid-write.
 */
export class WorkerLoop {
  private running: Promise<void> | undefined;
  private isStopping = false;
  private isWakeRequested = false;
  private interruptSleep: (() => void) | undefined;
  private subscription: Subscription | undefined;

  constructor(private readonly options: WorkerLoopOptions) {}

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  start(wakeUps?: Observable<unknown>): void {
    if (this.running) {
      return;
    }
    this.isStopping = false;
    this.subscription = wakeUps?.subscribe(() => this.wake());
    this.running = this.run();
  }

  wake(): void {
    this.isWakeRequested = true;
    this.interruptSleep?.();
  }

  async stop(): Promise<void> {
    this.isStopping = true;
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.interruptSleep?.();
    await this.running;
    this.running = undefined;
  }

  private async run(): Promise<void> {
    const { name, work, batchSize, pollIntervalMs, logger } = this.options;
    logger.log(`${name} worker started`);
    while (!this.isStopping) {
      this.isWakeRequested = false;
      let handled = 0;
      try {
        handled = await work();
      } catch (error) {
        // The database may be away for a moment; the next round tries again.
        logger.error({ err: error }, `${name} worker batch failed`);
      }
      if (this.isStopping) {
        break;
      }
      if (handled < batchSize && !this.isWakeRequested) {
        await this.sleep(pollIntervalMs);
      }
    }
    logger.log(`${name} worker stopped`);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.interruptSleep = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.interruptSleep = done;
    });
  }
}
