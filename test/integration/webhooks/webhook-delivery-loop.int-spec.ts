import { WebhookDeliveryWorker } from '../../../src/modules/alerts/webhook-delivery.worker.js';
import { WebhooksService } from '../../../src/modules/alerts/webhooks.service.js';
import { TestDb } from '../../setup/test-db.js';
import { deliveriesOf, deliveryState, newAlert, organisationWithAnalyst, writeAlerts } from './fixtures.js';
import { WebhookReceiver } from './webhook-receiver.js';

async function eventually<T>(
  probe: () => Promise<T>,
  isDone: (value: T) => boolean,
  withinMs = 5000,
): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await probe();
    if (isDone(value) || Date.now() > deadline) {
      return value;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe(`${WebhookDeliveryWorker.name} in a running application`, () => {
  let db: TestDb;
  let receiver: WebhookReceiver;
  let isDestroyed = false;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    // A poll interval far beyond the test: only a NOTIFY can wake the worker in time.
    db = await TestDb.create({
      WORKERS_ENABLED: 'true',
      WORKER_POLL_INTERVAL_MS: '60000',
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    });
  });
  afterAll(async () => {
    if (!isDestroyed) {
      await db.destroy();
    }
    await receiver.close();
  });

  it('is woken by the NOTIFY of a committed alert, and stops with the application without delay', async () => {
    const { organisation, member } = await organisationWithAnalyst(db);
    await db.get(WebhooksService).create(member, { url: receiver.url() });
    // Let the first round (at start-up) finish, so that the worker is asleep when the alert arrives.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const [deliveryId] = await deliveriesOf(db, await writeAlerts(db, [newAlert(organisation.id)]));

    const state = await eventually(
      () => deliveryState(db, deliveryId!),
      (delivery) => delivery.status === 'delivered',
    );
    const worker = db.get(WebhookDeliveryWorker);
    const wasRunning = worker.isRunning;
    expect(state.status).toBe('delivered');
    expect(receiver.for(deliveryId!)).toHaveLength(1);
    const closing = Date.now();
    await db.destroy();
    isDestroyed = true;
    // A worker left asleep would hold it for the whole poll interval (60 s), or forever.
    expect(Date.now() - closing).toBeLessThan(10_000);
    expect([wasRunning, worker.isRunning]).toEqual([true, false]);
  });
});
