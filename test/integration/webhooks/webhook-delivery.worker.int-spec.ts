import { jest } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import { Clock } from '../../../src/common/clock.js';
import { SecretBox } from '../../../src/common/crypto/secret-box.js';
import { MetricsService } from '../../../src/common/metrics/metrics.service.js';
import { WebhookAddressPolicy } from '../../../src/modules/alerts/webhook-address.js';
import { WebhookDeliveryWorker } from '../../../src/modules/alerts/webhook-delivery.worker.js';
import { generateWebhookSecret } from '../../../src/modules/alerts/webhook-signature.js';
import { WebhooksService } from '../../../src/modules/alerts/webhooks.service.js';
import { SignalsService } from '../../../src/modules/signals/signals.service.js';
import { build, insert } from '../../factories/index.js';
import { TestDb } from '../../setup/test-db.js';
import {
  attemptsOf,
  deliveriesOf,
  deliveryState,
  memberOf,
  newAlert,
  organisationWithAnalyst,
  signatureHeaders,
  writeAlerts,
} from './fixtures.js';
import { WebhookReceiver } from './webhook-receiver.js';

const ENV = {
  WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  WEBHOOK_RETRY_SCHEDULE: '1s,2s',
  // Long enough that a busy test machine does not turn answers into timeouts.
  WEBHOOK_TIMEOUT_MS: '2000',
};

describe(WebhookDeliveryWorker.name, () => {
  let db: TestDb;
  let sut: WebhookDeliveryWorker;
  let clock: Clock;
  let receiver: WebhookReceiver;

  /** An organisation with one endpoint at the receiver, and one alert queued for it. */
  async function queuedDelivery(path = '/hook') {
    const { organisation, member } = await organisationWithAnalyst(db);
    const endpoint = await db.get(WebhooksService).create(member, { url: receiver.url(path) });
    const [alertId] = await writeAlerts(db, [newAlert(organisation.id)]);
    const [deliveryId] = await deliveriesOf(db, [alertId!]);
    return { organisation, member, endpoint, alertId: alertId!, deliveryId: deliveryId! };
  }

  const at = (time: Date, plusMs = 0) =>
    jest.spyOn(clock, 'now').mockReturnValue(new Date(time.getTime() + plusMs));

  async function counted(outcome: string): Promise<number> {
    const metric = await db.get(MetricsService).webhookAttempts.get();
    return metric.values.find((value) => value.labels.outcome === outcome)?.value ?? 0;
  }

  beforeAll(async () => {
    db = await TestDb.create(ENV);
    sut = db.get(WebhookDeliveryWorker);
    clock = db.get(Clock);
  });
  afterAll(() => db.destroy());
  beforeEach(async () => {
    receiver = await WebhookReceiver.start();
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await receiver.close();
  });

  it('delivers an alert with its signal, signed so that the standardwebhooks library verifies it', async () => {
    const { organisation, member } = await organisationWithAnalyst(db);
    const endpoint = await db.get(WebhooksService).create(member, { url: receiver.url() });
    const liaison = await memberOf(db, await insert.member(db, { organisation: 'AIVD', roles: ['liaison'] }));
    const signal = await db.get(SignalsService).submit(liaison, build.submitSignal({ tlp: 'GREEN' }));
    const [alertId] = await writeAlerts(db, [
      newAlert(organisation.id, { signalId: signal.id, signalVersion: 1 }),
    ]);
    const [deliveryId] = await deliveriesOf(db, [alertId!]);
    const delivered = await counted('delivered');

    await sut.runOnce();

    const [request] = receiver.for(deliveryId!);
    expect(receiver.for(deliveryId!)).toHaveLength(1);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers.host).toBe(`127.0.0.1:${receiver.port}`);
    const payload = new Webhook(endpoint.secret).verify(request!.body, signatureHeaders(request!.headers));
    expect(payload).toEqual({
      type: 'alert.created',
      timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      data: expect.objectContaining({
        id: alertId,
        kind: 'signal',
        signal: expect.objectContaining({ id: signal.id, title: signal.title }),
      }),
    });
    expect(await deliveryState(db, deliveryId!)).toMatchObject({
      status: 'delivered',
      attempt_count: 1,
      delivered_at: expect.any(Date),
      body: request!.body,
    });
    expect(await attemptsOf(db, deliveryId!)).toEqual([
      { outcome: 'delivered', status_code: 200, duration_ms: expect.any(Number), error: null },
    ]);
    expect(await counted('delivered')).toBe(delivered + 1);
  });

  it('retries a failing receiver after each delay of the schedule, with jitter, then marks the delivery dead', async () => {
    receiver.answer(() => ({ status: 500 }));
    const { deliveryId } = await queuedDelivery();
    const [failed, dead] = [await counted('failed'), await counted('dead')];
    const t0 = new Date();

    at(t0);
    await sut.runOnce();
    const afterFirst = await deliveryState(db, deliveryId);
    at(t0, 700);
    await sut.runOnce();
    const beforeDue = receiver.for(deliveryId).length;
    at(t0, 1300);
    await sut.runOnce();
    const afterSecond = await deliveryState(db, deliveryId);
    at(t0, 1300 + 2500);
    await sut.runOnce();

    expect(afterFirst).toMatchObject({ status: 'pending', attempt_count: 1 });
    expect(afterFirst.next_attempt_at.getTime() - t0.getTime()).toBeGreaterThanOrEqual(800);
    expect(afterFirst.next_attempt_at.getTime() - t0.getTime()).toBeLessThanOrEqual(1200);
    expect(beforeDue).toBe(1);
    expect(afterSecond).toMatchObject({ status: 'pending', attempt_count: 2 });
    expect(afterSecond.next_attempt_at.getTime() - (t0.getTime() + 1300)).toBeGreaterThanOrEqual(1600);
    expect(afterSecond.next_attempt_at.getTime() - (t0.getTime() + 1300)).toBeLessThanOrEqual(2400);
    expect(await deliveryState(db, deliveryId)).toMatchObject({ status: 'dead', attempt_count: 3 });
    const requests = receiver.for(deliveryId);
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((request) => request.body)).size).toBe(1);
    expect(await attemptsOf(db, deliveryId)).toEqual(
      Array.from({ length: 3 }, () => ({
        outcome: 'failed',
        status_code: 500,
        duration_ms: expect.any(Number),
        error: 'HTTP 500',
      })),
    );
    expect(await counted('failed')).toBe(failed + 2);
    expect(await counted('dead')).toBe(dead + 1);
  });

  it('delivers on a later attempt with the same webhook-id and the same signed bytes', async () => {
    receiver.answer(() => ({ status: receiver.received.length === 1 ? 503 : 204 }));
    const { deliveryId, endpoint } = await queuedDelivery();
    const t0 = new Date();

    at(t0);
    await sut.runOnce();
    at(t0, 1300);
    await sut.runOnce();

    const [first, second] = receiver.for(deliveryId);
    expect(second?.body).toBe(first?.body);
    expect(() =>
      new Webhook(endpoint.secret).verify(second!.body, signatureHeaders(second!.headers)),
    ).not.toThrow();
    expect(await deliveryState(db, deliveryId)).toMatchObject({ status: 'delivered', attempt_count: 2 });
    expect((await attemptsOf(db, deliveryId)).map((attempt) => attempt.status_code)).toEqual([503, 204]);
  });

  it('does not follow a redirect: it is a failed attempt', async () => {
    receiver.answer((request) =>
      request.path === '/hook'
        ? { status: 302, headers: { location: receiver.url('/elsewhere') } }
        : { status: 200 },
    );
    const { deliveryId } = await queuedDelivery();

    await sut.runOnce();

    expect(receiver.received.map((request) => request.path)).toEqual(['/hook']);
    expect(await deliveryState(db, deliveryId)).toMatchObject({ status: 'pending', attempt_count: 1 });
    expect(await attemptsOf(db, deliveryId)).toEqual([
      expect.objectContaining({
        outcome: 'failed',
        status_code: 302,
        error: 'HTTP 302 (redirects are not followed)',
      }),
    ]);
  });

  it('gives up an attempt when the receiver does not answer within the timeout', async () => {
    receiver.answer(() => ({ status: 200, delayMs: 5000 }));
    const { deliveryId } = await queuedDelivery();

    await sut.runOnce();

    const [attempt] = await attemptsOf(db, deliveryId);
    expect(attempt).toMatchObject({
      outcome: 'failed',
      status_code: null,
      error: 'no answer within 2000 ms',
    });
    expect(attempt!.duration_ms).toBeGreaterThanOrEqual(1990);
    expect(attempt!.duration_ms).toBeLessThan(4500);
    expect(await deliveryState(db, deliveryId)).toMatchObject({ status: 'pending' });
  });

  it('connects only to the address it vetted, not to a fresh DNS answer, and keeps the URL’s host', async () => {
    const { organisation, analyst } = await organisationWithAnalyst(db);
    // receiver.test has no DNS answer at all: only the vetted address can be reached.
    const [endpoint] = await db.sql<{ id: string }>(
      `INSERT INTO webhook_endpoints (organisation_id, url, secret_sealed, created_by_member_id)
       VALUES ($1, $2, $3, $4) RETURNING id`,
      [
        organisation.id,
        `http://receiver.test:${receiver.port}/hook`,
        db.get(SecretBox).seal(generateWebhookSecret()),
        analyst.id,
      ],
    );
    const resolve = jest
      .spyOn(db.get(WebhookAddressPolicy), 'resolve')
      .mockResolvedValue({ address: '127.0.0.1', family: 4 });
    const [alertId] = await writeAlerts(db, [newAlert(organisation.id)]);
    const [deliveryId] = await deliveriesOf(db, [alertId!]);

    await sut.runOnce();

    expect(resolve).toHaveBeenCalledWith(new URL(`http://receiver.test:${receiver.port}/hook`));
    expect(receiver.for(deliveryId!).map((request) => request.headers.host)).toEqual([
      `receiver.test:${receiver.port}`,
    ]);
    expect(endpoint).toBeDefined();
    expect(await deliveryState(db, deliveryId!)).toMatchObject({ status: 'delivered' });
  });

  it('sends nothing more to a deleted endpoint: its deliveries are dead', async () => {
    const { member, endpoint, deliveryId } = await queuedDelivery();
    await db.get(WebhooksService).delete(member, endpoint.id);

    await sut.runOnce();

    expect(receiver.received).toEqual([]);
    expect(await deliveryState(db, deliveryId)).toMatchObject({ status: 'dead' });
    expect(await attemptsOf(db, deliveryId)).toEqual([
      expect.objectContaining({
        outcome: 'failed',
        status_code: null,
        error: 'the endpoint was deleted; not sent',
      }),
    ]);
  });

  it('takes over a delivery whose worker crashed, sending the same webhook-id and stored body', async () => {
    const { deliveryId, endpoint } = await queuedDelivery();
    const body = JSON.stringify({
      type: 'alert.created',
      timestamp: '2018-03-21T20:00:00.000Z',
      data: { id: 'x' },
    });
    await db.sql(
      `UPDATE webhook_deliveries
          SET status = 'sending', lease_until = now() - interval '1 second', body = $2, attempt_count = 1
        WHERE id = $1`,
      [deliveryId, body],
    );

    await sut.runOnce();

    const [request] = receiver.for(deliveryId);
    expect(request?.body).toBe(body);
    expect(new Webhook(endpoint.secret).verify(request!.body, signatureHeaders(request!.headers))).toEqual(
      JSON.parse(body),
    );
    expect(await deliveryState(db, deliveryId)).toMatchObject({ status: 'delivered', attempt_count: 2 });
  });

  it('leaves a delivery alone while another worker’s lease on it holds', async () => {
    const { deliveryId } = await queuedDelivery();
    await db.sql(
      `UPDATE webhook_deliveries SET status = 'sending', lease_until = now() + interval '1 minute' WHERE id = $1`,
      [deliveryId],
    );

    await sut.runOnce();

    expect(receiver.for(deliveryId)).toEqual([]);
    expect(await deliveryState(db, deliveryId)).toMatchObject({ status: 'sending', attempt_count: 0 });
  });

  it('sends a redelivered dead delivery again, with the same webhook-id and body', async () => {
    receiver.answer(() => ({ status: 500 }));
    const { member, endpoint, deliveryId } = await queuedDelivery();
    const t0 = new Date();
    for (const plusMs of [0, 1300, 3800]) {
      at(t0, plusMs);
      await sut.runOnce();
    }
    const dead = await deliveryState(db, deliveryId);
    receiver.answer(() => ({ status: 200 }));

    const redelivered = await db.get(WebhooksService).redeliver(member, endpoint.id, deliveryId);
    await sut.runOnce();

    expect(dead.status).toBe('dead');
    expect(redelivered).toMatchObject({ id: deliveryId, status: 'pending', attemptCount: 0 });
    const requests = receiver.for(deliveryId);
    expect(requests).toHaveLength(4);
    expect(requests[3]?.body).toBe(requests[0]?.body);
    expect(await deliveryState(db, deliveryId)).toMatchObject({ status: 'delivered', attempt_count: 1 });
    expect(await attemptsOf(db, deliveryId)).toHaveLength(4);
  });
});

describe(`${WebhookDeliveryWorker.name} without an allow-list`, () => {
  let db: TestDb;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    db = await TestDb.create();
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await receiver.close();
    await db.destroy();
  });

  it('refuses at send time an endpoint whose host resolves to loopback', async () => {
    const { organisation, analyst } = await organisationWithAnalyst(db);
    // Registration would refuse this URL; a row written before a policy change (or by hand) must not pass either.
    await db.sql(
      `INSERT INTO webhook_endpoints (organisation_id, url, secret_sealed, created_by_member_id)
       VALUES ($1, $2, $3, $4)`,
      [
        organisation.id,
        `http://localhost:${receiver.port}/hook`,
        db.get(SecretBox).seal(generateWebhookSecret()),
        analyst.id,
      ],
    );
    const [alertId] = await writeAlerts(db, [newAlert(organisation.id)]);
    const [deliveryId] = await deliveriesOf(db, [alertId!]);

    await db.get(WebhookDeliveryWorker).runOnce();

    expect(receiver.received).toEqual([]);
    const [attempt] = await attemptsOf(db, deliveryId!);
    expect(attempt).toMatchObject({ outcome: 'failed', status_code: null });
    expect(attempt?.error).toMatch(/^refused: the host localhost resolves to an address that is not public/);
  });
});
