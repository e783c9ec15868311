import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../../src/app.setup.js';
import { AppConfig, loadEnv } from '../../../src/config/app-config.js';
import { WebhookDeliveryWorker } from '../../../src/modules/alerts/webhook-delivery.worker.js';
import { WebhooksService } from '../../../src/modules/alerts/webhooks.service.js';
import { TestDb } from '../../setup/test-db.js';
import { attemptsOf, deliveriesOf, newAlert, organisationWithAnalyst, writeAlerts } from './fixtures.js';
import { WebhookReceiver } from './webhook-receiver.js';

const ENV = { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' };

describe(`${WebhookDeliveryWorker.name} with two instances on one database`, () => {
  let db: TestDb;
  let other: NestFastifyApplication;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    db = await TestDb.create(ENV);
    // A second application on the same database, as a second process would be.
    const config = new AppConfig(
      loadEnv({
        ...ENV,
        LOG_LEVEL: 'silent',
        MIGRATIONS_RUN: 'false',
        WORKERS_ENABLED: 'false',
        SECRET_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      }),
      db.url,
    );
    other = await createApp(config, { swaggerUi: false });
    await other.init();
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await receiver.close();
    await other.close();
    await db.destroy();
  });

  it('never sends the same delivery twice, however the workers race', async () => {
    receiver.answer(() => ({ status: 200, delayMs: 20 }));
    const { organisation, member } = await organisationWithAnalyst(db);
    await db.get(WebhooksService).create(member, { url: receiver.url() });
    const deliveryIds = await deliveriesOf(
      db,
      await writeAlerts(
        db,
        Array.from({ length: 100 }, () => newAlert(organisation.id)),
      ),
    );
    // Three concurrent batches in each instance, until nothing is left to claim.
    const workers = [db.get(WebhookDeliveryWorker), other.get(WebhookDeliveryWorker)].flatMap((worker) => [
      worker,
      worker,
      worker,
    ]);

    let claimed: number[];
    do {
      claimed = await Promise.all(workers.map((worker) => worker.runOnce()));
    } while (claimed.some((count) => count > 0));

    const sent = receiver.received.map((request) => String(request.headers['webhook-id']));
    expect(sent.sort()).toEqual([...deliveryIds].sort());
    const attempts = await Promise.all(deliveryIds.map((id) => attemptsOf(db, id)));
    expect(attempts.every((list) => list.length === 1 && list[0]?.outcome === 'delivered')).toBe(true);
  });
});
