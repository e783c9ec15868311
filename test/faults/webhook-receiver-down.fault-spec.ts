import http from 'node:http';
import { Webhook } from 'standardwebhooks';
import { build } from '../factories/index.js';
import { DrillDatabase, ServiceProcess, memberOf, request, waitUntil } from './harness.js';

const SIGNALS = 20;

describe('webhook receiver down', () => {
  let database: DrillDatabase;
  let service: ServiceProcess;

  beforeAll(async () => {
    database = await DrillDatabase.start();
    service = await ServiceProcess.start(database, {
      WEBHOOK_RETRY_SCHEDULE: '1s,1s,2s,2s,3s,3s,5s,5s',
      WORKER_POLL_INTERVAL_MS: '200',
    });
  });
  afterAll(async () => {
    await service.stop();
    await database.destroy();
  });

  it('delivers everything once the receiver is back, each webhook-id processed once, every attempt recorded', async () => {
    let isUp = false;
    const processed = new Map<string, number>();
    let secret = '';
    const receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        if (!isUp) {
          res.writeHead(503).end();
          return;
        }
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
        new Webhook(secret).verify(body, headers); // throws, and so answers 500, on a bad signature
        const id = headers['webhook-id']!;
        processed.set(id, (processed.get(id) ?? 0) + 1); // a de-duplicating receiver counts, but processes once
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const port = (receiver.address() as { port: number }).port;
    const liaison = await memberOf(service, 'AIVD', ['liaison']);
    const analyst = await memberOf(service, 'NCTV', ['analyst']);
    await request('POST', `${service.api}/subscriptions`, analyst.token, { name: 'everything' });
    const endpoint = await request('POST', `${service.api}/webhooks`, analyst.token, {
      url: `http://127.0.0.1:${port}/kiessignaal`,
    });
    expect(endpoint.status).toBe(201);
    secret = String(endpoint.body.secret);

    for (let i = 0; i < SIGNALS; i++) {
      expect(
        (await request('POST', `${service.api}/signals`, liaison.token, build.submitSignal())).status,
      ).toBe(201);
    }
    await new Promise((resolve) => setTimeout(resolve, 4000));
    isUp = true;
    await waitUntil(() => Promise.resolve(processed.size >= SIGNALS), 60_000);
    receiver.close();

    expect(processed.size).toBe(SIGNALS);
    const deliveries = await database.query<{
      id: string;
      status: string;
      failed: number;
      delivered: number;
    }>(
      `SELECT d.id, d.status,
              count(*) FILTER (WHERE a.outcome = 'failed')::int AS failed,
              count(*) FILTER (WHERE a.outcome = 'delivered')::int AS delivered
         FROM webhook_deliveries d JOIN webhook_delivery_attempts a ON a.delivery_id = d.id
        GROUP BY d.id, d.status`,
    );
    expect(deliveries).toHaveLength(SIGNALS);
    expect(deliveries.every((d) => d.status === 'delivered' && d.delivered === 1 && d.failed >= 1)).toBe(
      true,
    );
    expect(new Set(deliveries.map((d) => d.id))).toEqual(new Set(processed.keys()));
  });
});
