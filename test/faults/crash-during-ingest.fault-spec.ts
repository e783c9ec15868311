import { randomUUID } from 'node:crypto';
import { build } from '../factories/index.js';
import { DrillDatabase, ServiceProcess, memberOf, request } from './harness.js';

const RECIPIENTS = ['NCTV', 'BZK', 'GM0363'];
const CLIENTS = 8;

interface Attempt {
  key: string;
  body: unknown;
  id?: string;
}

describe('crash during ingest', () => {
  let database: DrillDatabase;
  let service: ServiceProcess;

  beforeAll(async () => {
    database = await DrillDatabase.start();
    service = await ServiceProcess.start(database);
  });
  afterAll(async () => {
    await service.stop();
    await database.destroy();
  });

  it('loses no accepted signal, leaves none without its alerts, and answers retries with the original', async () => {
    const liaison = await memberOf(service, 'AIVD', ['liaison']);
    for (const code of RECIPIENTS) {
      const analyst = await memberOf(service, code, ['analyst']);
      const subscribed = await request('POST', `${service.api}/subscriptions`, analyst.token, {
        name: 'everything',
      });
      expect(subscribed.status).toBe(201);
    }
    const attempts: Attempt[] = [];
    let crashed = false;
    const post = async (attempt: Attempt): Promise<void> => {
      const answer = await request('POST', `${service.api}/signals`, liaison.token, attempt.body, {
        'idempotency-key': attempt.key,
      });
      if (answer.status === 201) {
        attempt.id = String(answer.body.id);
      } else if (answer.status !== 0) {
        throw new Error(`unexpected ${answer.status}: ${JSON.stringify(answer.body)}`);
      }
    };
    const clients = Array.from({ length: CLIENTS }, async () => {
      while (!crashed) {
        const attempt: Attempt = { key: randomUUID(), body: build.submitSignal({ severity: 'moderate' }) };
        attempts.push(attempt);
        await post(attempt);
      }
    });

    await new Promise((resolve) => setTimeout(resolve, 2000));
    await service.kill();
    crashed = true;
    await Promise.all(clients);
    const acceptedBeforeCrash = attempts.filter((a) => a.id).map((a) => ({ ...a }));
    await service.launch(database);
    // Clients that got no answer retry with the same key; clients that did may retry too.
    for (const attempt of attempts) {
      attempt.id = undefined;
      await post(attempt);
    }

    expect(acceptedBeforeCrash.length).toBeGreaterThan(10);
    const answeredAgain = new Map(attempts.map((a) => [a.key, a.id]));
    expect(acceptedBeforeCrash.filter((a) => answeredAgain.get(a.key) !== a.id)).toEqual([]);
    expect(attempts.every((a) => a.id)).toBe(true);
    const signals = await database.query<{ id: string; idempotency_key: string; alerts: number }>(
      `SELECT s.id, s.idempotency_key,
              (SELECT count(*)::int FROM alerts a WHERE a.signal_id = s.id AND a.kind = 'signal') AS alerts
         FROM signals s`,
    );
    expect(signals).toHaveLength(attempts.length);
    expect(new Set(signals.map((s) => s.idempotency_key))).toEqual(new Set(attempts.map((a) => a.key)));
    expect(signals.filter((s) => s.alerts !== RECIPIENTS.length)).toEqual([]);
  });
});
