import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import request from 'supertest';
import { SecretBox } from '../../src/common/crypto/secret-box.js';
import type { CreatedWebhookResponse } from '../../src/modules/alerts/dto/webhook-created.response.js';
import type { WebhookDeliveryResponse } from '../../src/modules/alerts/dto/webhook-delivery.response.js';
import { insert, type TestMember } from '../factories/index.js';
import { deliveriesOf, newAlert, writeAlerts } from '../integration/webhooks/fixtures.js';
import { TestDb } from '../setup/test-db.js';

/** Collects every log line the application writes. */
class LogCapture extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
}

const idsOf = (body: unknown): string[] =>
  (body as { items: WebhookDeliveryResponse[] }).items.map((item) => item.id);

/** A public address written literally, so registration needs no DNS. */
const PUBLIC_URL = 'https://145.97.39.155/kiessignaal';

describe('webhooks', () => {
  const logs = new LogCapture();
  let db: TestDb;

  const register = (member: TestMember, body: object = { url: PUBLIC_URL }) =>
    request(db.http).post('/api/v1/webhooks').set(member.auth).send(body);

  async function analystOfNewOrganisation(): Promise<TestMember> {
    const organisation = await insert.organisation(db);
    return insert.member(db, { organisation: organisation.code, roles: ['analyst'] });
  }

  async function registered(
    member: TestMember,
    body: object = { url: PUBLIC_URL },
  ): Promise<CreatedWebhookResponse> {
    return (await register(member, body).expect(201)).body as CreatedWebhookResponse;
  }

  beforeAll(async () => {
    db = await TestDb.create(
      { LOG_LEVEL: 'debug', WEBHOOK_ALLOWED_HOSTS: 'receiver.test' },
      { logDestination: logs },
    );
  });
  afterAll(() => db.destroy());

  describe('POST /api/v1/webhooks', () => {
    it('answers the endpoint with a signing secret', async () => {
      const analyst = await analystOfNewOrganisation();

      const response = await register(analyst, { url: PUBLIC_URL, description: 'SOC ticketing' }).expect(201);

      expect(response.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        url: PUBLIC_URL,
        description: 'SOC ticketing',
        createdAt: expect.any(String),
        secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
      });
    });

    it('stores the secret sealed, never shows it again and never logs it', async () => {
      const analyst = await analystOfNewOrganisation();

      const endpoint = await registered(analyst);

      const [row] = await db.sql<{ secret_sealed: string }>(
        `SELECT secret_sealed FROM webhook_endpoints WHERE id = $1`,
        [endpoint.id],
      );
      expect(db.get(SecretBox).open(row!.secret_sealed)).toBe(endpoint.secret);
      const key = endpoint.secret.slice('whsec_'.length);
      const holding = await db.sql(
        `SELECT 1 FROM webhook_endpoints e WHERE strpos(row_to_json(e)::text, $1) > 0`,
        [key],
      );
      expect(holding).toEqual([]);
      const list = await request(db.http).get('/api/v1/webhooks').set(analyst.auth).expect(200);
      const one = await request(db.http).get(`/api/v1/webhooks/${endpoint.id}`).set(analyst.auth).expect(200);
      expect(one.body).not.toHaveProperty('secret');
      expect(JSON.stringify([list.body, one.body])).not.toContain(key);
      expect(logs.lines.join('\n')).not.toContain(key);
    });

    it('gives every endpoint a secret of its own', async () => {
      const analyst = await analystOfNewOrganisation();

      const [first, second] = [await registered(analyst), await registered(analyst)];

      expect(second.secret).not.toBe(first.secret);
    });

    it('accepts plain http for an allow-listed host', async () => {
      const analyst = await analystOfNewOrganisation();

      await register(analyst, { url: 'http://receiver.test:8080/hook' }).expect(201);
    });

    it.each([
      ['plain http to a host that is not allow-listed', 'http://145.97.39.155/hook', /https/],
      ['a name that resolves to loopback', 'https://localhost/hook', /not public/],
      ['a loopback address', 'https://127.0.0.1/hook', /not public/],
      ['the cloud metadata address', 'https://169.254.169.254/latest/meta-data', /not public/],
      ['a private network address', 'https://[fd12:3456::1]/hook', /not public/],
    ])('answers 422 webhook.address_refused for %s, saying why', async (_case, url, why) => {
      const analyst = await analystOfNewOrganisation();

      const response = await register(analyst, { url }).expect(422);

      expect(response.body).toMatchObject({
        code: 'webhook.address_refused',
        detail: expect.stringMatching(why),
      });
      expect(await db.sql(`SELECT 1 FROM webhook_endpoints WHERE url = $1`, [url])).toEqual([]);
    });

    it.each([
      ['no URL', {}],
      ['a text that is no URL', { url: 'receiver.test/hook' }],
      ['another scheme', { url: 'ftp://receiver.test/hook' }],
      ['credentials in the URL', { url: 'https://user:password@receiver.test/hook' }],
      ['a fragment', { url: 'https://receiver.test/hook#part' }],
      ['a URL over 2048 characters', { url: `https://receiver.test/${'a'.repeat(2048)}` }],
      ['a description over 500 characters', { url: PUBLIC_URL, description: 'x'.repeat(501) }],
      ['an unknown field', { url: PUBLIC_URL, secret: 'whsec_mine' }],
    ])('answers 400 for %s', async (_case, body) => {
      const analyst = await analystOfNewOrganisation();

      const response = await register(analyst, body).expect(400);

      expect(response.body).toMatchObject({ code: 'validation_failed' });
    });

    it('answers 401 without a token and 403 to a member who is not an analyst', async () => {
      const liaison = await insert.member(db, { organisation: 'AIVD', roles: ['liaison'] });

      await request(db.http).post('/api/v1/webhooks').send({ url: PUBLIC_URL }).expect(401);
      await register(liaison).expect(403);
    });
  });

  describe('GET /api/v1/webhooks', () => {
    it('lists the organisation’s own endpoints, newest first, page by page', async () => {
      const analyst = await analystOfNewOrganisation();
      const created = [await registered(analyst), await registered(analyst), await registered(analyst)];
      await registered(await analystOfNewOrganisation());

      const first = await request(db.http).get('/api/v1/webhooks?limit=2').set(analyst.auth).expect(200);
      const second = await request(db.http)
        .get('/api/v1/webhooks')
        .query({ limit: 2, cursor: first.body.nextCursor })
        .set(analyst.auth)
        .expect(200);

      expect([...first.body.items, ...second.body.items].map((item: { id: string }) => item.id)).toEqual(
        created.map((endpoint) => endpoint.id).reverse(),
      );
      expect(second.body.nextCursor).toBeNull();
    });

    it('answers 400 for a cursor that was not given out', async () => {
      const analyst = await analystOfNewOrganisation();

      await request(db.http).get('/api/v1/webhooks?cursor=bm90LWEtY3Vyc29y').set(analyst.auth).expect(400);
    });

    it('answers 404 for another organisation’s endpoint', async () => {
      const endpoint = await registered(await analystOfNewOrganisation());

      const response = await request(db.http)
        .get(`/api/v1/webhooks/${endpoint.id}`)
        .set((await analystOfNewOrganisation()).auth)
        .expect(404);

      expect(response.body).toMatchObject({ code: 'webhook.not_found' });
    });
  });

  describe('DELETE /api/v1/webhooks/:id', () => {
    it('deletes the endpoint: it is no longer listed, and deleting again answers 204', async () => {
      const analyst = await analystOfNewOrganisation();
      const endpoint = await registered(analyst);

      await request(db.http).delete(`/api/v1/webhooks/${endpoint.id}`).set(analyst.auth).expect(204, '');

      const list = await request(db.http).get('/api/v1/webhooks').set(analyst.auth).expect(200);
      expect(list.body.items).toEqual([]);
      await request(db.http).get(`/api/v1/webhooks/${endpoint.id}`).set(analyst.auth).expect(404);
      await request(db.http).delete(`/api/v1/webhooks/${endpoint.id}`).set(analyst.auth).expect(204);
      const [row] = await db.sql<{ deleted_at: Date | null }>(
        `SELECT deleted_at FROM webhook_endpoints WHERE id = $1`,
        [endpoint.id],
      );
      expect(row?.deleted_at).toBeInstanceOf(Date);
    });

    it('answers 404 for another organisation’s endpoint, which stays', async () => {
      const owner = await analystOfNewOrganisation();
      const endpoint = await registered(owner);

      await request(db.http)
        .delete(`/api/v1/webhooks/${endpoint.id}`)
        .set((await analystOfNewOrganisation()).auth)
        .expect(404);

      await request(db.http).get(`/api/v1/webhooks/${endpoint.id}`).set(owner.auth).expect(200);
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      const analyst = await analystOfNewOrganisation();

      await request(db.http).delete(`/api/v1/webhooks/${randomUUID()}`).set(analyst.auth).expect(404);
      await request(db.http).delete('/api/v1/webhooks/42').set(analyst.auth).expect(400);
    });
  });

  describe('deliveries', () => {
    /** An endpoint with three deliveries: one dead after two attempts, one delivered, one pending. */
    async function endpointWithDeliveries() {
      const analyst = await analystOfNewOrganisation();
      const endpoint = await registered(analyst);
      const alertIds = await writeAlerts(db, [
        newAlert(analyst.organisationId),
        newAlert(analyst.organisationId),
        newAlert(analyst.organisationId),
      ]);
      const [dead, delivered, pending] = await deliveriesOf(db, alertIds);
      await db.sql(
        `UPDATE webhook_deliveries SET status = 'dead', attempt_count = 2, body = '{"type":"alert.created"}'
          WHERE id = $1`,
        [dead],
      );
      await db.sql(
        `INSERT INTO webhook_delivery_attempts (delivery_id, attempted_at, status_code, duration_ms, error, outcome)
         VALUES ($1, '2018-03-21T20:00:00Z', 500, 40, 'HTTP 500', 'failed'),
                ($1, '2018-03-21T20:01:00Z', NULL, 5000, 'no answer within 5000 ms', 'failed')`,
        [dead],
      );
      await db.sql(
        `UPDATE webhook_deliveries SET status = 'delivered', attempt_count = 1, delivered_at = now() WHERE id = $1`,
        [delivered],
      );
      return { analyst, endpoint, dead: dead!, delivered: delivered!, pending: pending! };
    }

    const deliveries = (
      member: TestMember,
      endpointId: string,
      query: Record<string, string | number> = {},
    ) => request(db.http).get(`/api/v1/webhooks/${endpointId}/deliveries`).query(query).set(member.auth);

    const redeliver = (member: TestMember, endpointId: string, deliveryId: string) =>
      request(db.http)
        .post(`/api/v1/webhooks/${endpointId}/deliveries/${deliveryId}/redeliver`)
        .set(member.auth);

    it('lists the endpoint’s deliveries, each with its latest attempts, newest first', async () => {
      const { analyst, endpoint, dead, delivered, pending } = await endpointWithDeliveries();

      const response = await deliveries(analyst, endpoint.id).expect(200);

      expect(idsOf(response.body).sort()).toEqual([dead, delivered, pending].sort());
      const deadItem = (response.body.items as WebhookDeliveryResponse[]).find((item) => item.id === dead);
      expect(deadItem).toEqual({
        id: dead,
        alertId: expect.any(String),
        eventType: 'alert.created',
        status: 'dead',
        attemptCount: 2,
        nextAttemptAt: null,
        createdAt: expect.any(String),
        deliveredAt: null,
        attempts: [
          {
            attemptedAt: '2018-03-21T20:01:00.000Z',
            outcome: 'failed',
            statusCode: null,
            durationMs: 5000,
            error: 'no answer within 5000 ms',
          },
          {
            attemptedAt: '2018-03-21T20:00:00.000Z',
            outcome: 'failed',
            statusCode: 500,
            durationMs: 40,
            error: 'HTTP 500',
          },
        ],
      });
    });

    it('filters by status and pages without gaps or repeats', async () => {
      const { analyst, endpoint, dead, delivered, pending } = await endpointWithDeliveries();

      const onlyDead = await deliveries(analyst, endpoint.id, { status: 'dead' }).expect(200);
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await deliveries(analyst, endpoint.id, {
          limit: 1,
          ...(cursor ? { cursor } : {}),
        }).expect(200);
        ids.push(...idsOf(page.body));
        cursor = page.body.nextCursor as string | null;
      } while (cursor);

      expect(idsOf(onlyDead.body)).toEqual([dead]);
      expect(ids.sort()).toEqual([dead, delivered, pending].sort());
      await deliveries(analyst, endpoint.id, { status: 'lost' }).expect(400);
    });

    it('redelivers a dead delivery: due at once, a fresh schedule, the same id, its attempts kept', async () => {
      const { analyst, endpoint, dead } = await endpointWithDeliveries();

      const response = await redeliver(analyst, endpoint.id, dead).expect(202);

      expect(response.body).toMatchObject({
        id: dead,
        status: 'pending',
        attemptCount: 0,
        nextAttemptAt: expect.any(String),
      });
      expect(response.body.attempts).toHaveLength(2);
      const [row] = await db.sql<{ is_due: boolean; body: string }>(
        `SELECT next_attempt_at <= now() AS is_due, body FROM webhook_deliveries WHERE id = $1`,
        [dead],
      );
      expect(row).toEqual({ is_due: true, body: '{"type":"alert.created"}' });
    });

    it('redelivers a delivered one too', async () => {
      const { analyst, endpoint, delivered } = await endpointWithDeliveries();

      const response = await redeliver(analyst, endpoint.id, delivered).expect(202);

      expect(response.body).toMatchObject({ status: 'pending', deliveredAt: null });
    });

    it('answers 409 for a delivery being sent right now', async () => {
      const { analyst, endpoint, pending } = await endpointWithDeliveries();
      await db.sql(
        `UPDATE webhook_deliveries SET status = 'sending', lease_until = now() + interval '1 minute' WHERE id = $1`,
        [pending],
      );

      const response = await redeliver(analyst, endpoint.id, pending).expect(409);

      expect(response.body).toMatchObject({ code: 'webhook.delivery_sending' });
    });

    it('answers 404 for a delivery to another endpoint, an unknown one, or another organisation’s', async () => {
      const { analyst, endpoint, dead } = await endpointWithDeliveries();
      const otherEndpoint = await registered(analyst);
      const stranger = await analystOfNewOrganisation();

      const elsewhere = await redeliver(analyst, otherEndpoint.id, dead).expect(404);
      await redeliver(analyst, endpoint.id, randomUUID()).expect(404);
      const foreign = await redeliver(stranger, endpoint.id, dead).expect(404);
      await deliveries(stranger, endpoint.id).expect(404);
      await redeliver(analyst, endpoint.id, 'not-a-uuid').expect(400);

      expect(elsewhere.body).toMatchObject({ code: 'webhook.delivery_not_found' });
      expect(foreign.body).toMatchObject({ code: 'webhook.not_found' });
      const [row] = await db.sql<{ status: string }>(`SELECT status FROM webhook_deliveries WHERE id = $1`, [
        dead,
      ]);
      expect(row?.status).toBe('dead');
    });
  });
});
