import http from 'node:http';
import { build } from '../factories/index.js';
import { DrillDatabase, ServiceProcess, followStream, memberOf, request, waitUntil } from './harness.js';

const SIGNALS = 30;

describe('two instances behind no load balancer', () => {
  let database: DrillDatabase;
  let first: ServiceProcess;
  let second: ServiceProcess;

  beforeAll(async () => {
    database = await DrillDatabase.start();
    const env = {
      WORKER_POLL_INTERVAL_MS: '100',
      ESCALATION_DEADLINES: '{"default":{"critical":"2s","high":"2s"}}',
    };
    first = await ServiceProcess.start(database, env);
    second = await ServiceProcess.start(database, env, first.adminToken);
  });
  afterAll(async () => {
    await Promise.all([first.stop(), second.stop()]);
    await database.destroy();
  });

  it('streams every alert once to every client, sends no delivery twice at once, escalates once', async () => {
    const liaison = await memberOf(first, 'AIVD', ['liaison']);
    const recipients = await Promise.all(
      ['NCTV', 'BZK', 'GM0363'].map((code) => memberOf(first, code, ['analyst'])),
    );
    for (const analyst of recipients) {
      await request('POST', `${first.api}/subscriptions`, analyst.token, { name: 'everything' });
    }
    // A slow receiver, so that a second sender of the same delivery would overlap the first.
    const receiver = http.createServer((req, res) => {
      req.resume();
      setTimeout(() => res.writeHead(204).end(), 20);
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const port = (receiver.address() as { port: number }).port;
    await request('POST', `${first.api}/webhooks`, recipients[0]!.token, {
      url: `http://127.0.0.1:${port}/hook`,
    });
    // Each recipient has one client on each instance.
    const streams = recipients.flatMap((analyst) => [
      { analyst, client: followStream(first, analyst.token) },
      { analyst, client: followStream(second, analyst.token) },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 500));

    const posted: string[] = [];
    for (let i = 0; i < SIGNALS; i++) {
      const via = i % 2 === 0 ? first : second;
      const severity = i < 3 ? 'critical' : 'moderate';
      const answer = await request(
        'POST',
        `${via.api}/signals`,
        liaison.token,
        build.submitSignal({ severity }),
      );
      expect(answer.status).toBe(201);
      posted.push(String(answer.body.id));
    }
    await waitUntil(
      () =>
        Promise.resolve(
          streams.every(
            ({ client }) => client.events.filter((e) => e.alert.kind === 'signal').length >= SIGNALS,
          ),
        ),
      30_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 5000)); // past the 2 s escalation deadline, twice over
    streams.forEach(({ client }) => client.close());
    receiver.close();

    for (const { client } of streams) {
      const signalIds = client.events.filter((e) => e.alert.kind === 'signal').map((e) => e.alert.signal?.id);
      expect(signalIds).toHaveLength(SIGNALS);
      expect(new Set(signalIds)).toEqual(new Set(posted));
      const sequence = client.events.map((e) => Number(e.id));
      expect(sequence).toEqual([...sequence].sort((a, b) => a - b));
    }
    const overlapping = await database.query<{ delivery_id: string }>(
      `SELECT a.delivery_id FROM webhook_delivery_attempts a JOIN webhook_delivery_attempts b
          ON a.delivery_id = b.delivery_id AND a.id < b.id
         AND b.attempted_at < a.attempted_at + (a.duration_ms || ' milliseconds')::interval`,
    );
    expect(overlapping).toEqual([]);
    const delivered = await database.query<{ attempts: number }>(
      `SELECT count(*)::int AS attempts FROM webhook_delivery_attempts GROUP BY delivery_id`,
    );
    expect(delivered.every((d) => d.attempts === 1)).toBe(true);
    const escalations = await database.query<{ parent_alert_id: string; count: number }>(
      `SELECT parent_alert_id, count(*)::int AS count FROM alerts WHERE kind = 'escalation' GROUP BY parent_alert_id`,
    );
    // 3 critical signals × 3 recipients, each escalated once to NCTV and BZK (less the unanswering one itself).
    expect(escalations).toHaveLength(9);
    expect(escalations.every((e) => e.count <= 2)).toBe(true);
    const escalatedTwice = await database.query(
      `SELECT parent_alert_id, organisation_id FROM alerts WHERE kind = 'escalation'
        GROUP BY parent_alert_id, organisation_id HAVING count(*) > 1`,
    );
    expect(escalatedTwice).toEqual([]);
  });
});
