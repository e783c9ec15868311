import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { Subject } from 'rxjs';
import { WorkerLoop } from './worker-loop.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

/** A batch function that records how many batches run at once, and can be held open. */
function recordingWork(answers: number[] = []) {
  const state = { calls: 0, running: 0, maxRunning: 0, release: (): void => undefined, hold: false };
  const work = async (): Promise<number> => {
    state.calls += 1;
    state.running += 1;
    state.maxRunning = Math.max(state.maxRunning, state.running);
    if (state.hold) {
      await new Promise<void>((resolve) => {
        state.release = resolve;
      });
    }
    await Promise.resolve();
    state.running -= 1;
    return answers.shift() ?? 0;
  };
  return { state, work };
}

function loopOf(work: () => Promise<number>, pollIntervalMs = 60_000): WorkerLoop {
  const logger = new Logger('test');
  jest.spyOn(logger, 'log').mockImplementation(() => undefined);
  jest.spyOn(logger, 'error').mockImplementation(() => undefined);
  return new WorkerLoop({ name: 'test', work, batchSize: 2, pollIntervalMs, logger });
}

describe(WorkerLoop.name, () => {
  it('runs one loop however often it is started', async () => {
    const { state, work } = recordingWork();
    state.hold = true;
    const sut = loopOf(work);

    sut.start();
    sut.start();
    await tick();
    state.release();
    await sut.stop();

    expect(state.maxRunning).toBe(1);
    expect(state.calls).toBe(1);
  });

  it('goes on at once while batches come back full, then sleeps', async () => {
    const { state, work } = recordingWork([2, 2, 1]);
    const sut = loopOf(work);

    sut.start();
    await tick();
    await sut.stop();

    expect(state.calls).toBe(3);
  });

  it('wakes from its sleep on a wake-up', async () => {
    const { state, work } = recordingWork();
    const wakeUps = new Subject<void>();
    const sut = loopOf(work);

    sut.start(wakeUps);
    await tick();
    wakeUps.next();
    await tick();
    await sut.stop();

    expect(state.calls).toBe(2);
  });

  it('waits on stop for the batch in progress, and runs no other', async () => {
    const { state, work } = recordingWork();
    state.hold = true;
    const sut = loopOf(work, 1);
    sut.start();
    await tick();

    const stopped = sut.stop();
    await tick();
    const runningWhileStopping = state.running;
    state.release();
    await stopped;

    expect(runningWhileStopping).toBe(1);
    expect(state.running).toBe(0);
    expect(state.calls).toBe(1);
    expect(sut.isRunning).toBe(false);
  });

  it('keeps going after a failed batch', async () => {
    let calls = 0;
    const sut = loopOf(() => {
      calls += 1;
      return calls === 1 ? Promise.reject(new Error('database away')) : Promise.resolve(0);
    }, 1);

    sut.start();
    await tick();
    await sut.stop();

    expect(calls).toBeGreaterThan(1);
  });
});
