import { build } from '../factories/index.js';
import {
  DrillDatabase,
  ServiceProcess,
  followStream,
  memberOf,
  request,
  status,
  waitUntil,
} from './harness.js';

describe('database connections cut', () => {
  let database: DrillDatabase;
  let service: ServiceProcess;

  beforeAll(async () => {
    database = await DrillDatabase.start();
    // Heartbeats (which also catch up from the table) far apart: what arrives in time came through the
    // re-subscribed listener.
    service = await ServiceProcess.start(database, { SSE_HEARTBEAT_SECONDS: '120' });
  });
  afterAll(async () => {
    await service.stop();
    await database.destroy();
  });

  it('recovers from terminated connections and a full restart, and the stream misses nothing', async () => {
    const liaison = await memberOf(service, 'AIVD', ['liaison']);
    const analyst = await memberOf(service, 'NCTV', ['analyst']);
    await request('POST', `${service.api}/subscriptions`, analyst.token, { name: 'everything' });
    const stream = followStream(service, analyst.token);
    const accepted: string[] = [];
    const post = async () => {
      const answer = await request('POST', `${service.api}/signals`, liaison.token, build.submitSignal());
      if (answer.status === 201) {
        accepted.push(String(answer.body.id));
      }
      return answer.status;
    };
    for (let i = 0; i < 5; i++) {
      await post();
    }

    // Every connection of the service, the stream listener's included, cut at once.
    await database.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'kiessignaal%'`,
    );
    await waitUntil(async () => (await post()) === 201, 30_000);
    for (let i = 0; i < 5; i++) {
      await post();
    }

    await database.stopServer();
    await waitUntil(async () => (await status(`${service.url}/health/ready`)) === 503, 30_000);
    expect(await post()).toBe(503);
    await database.startServer();
    await waitUntil(async () => (await status(`${service.url}/health/ready`)) === 200, 60_000);
    await waitUntil(async () => (await post()) === 201, 30_000);
    for (let i = 0; i < 5; i++) {
      await post();
    }
    await waitUntil(
      async () =>
        Promise.resolve(new Set(stream.events.map((e) => e.alert.signal?.id)).size >= accepted.length),
      30_000,
    ).catch(() => undefined);
    stream.close();

    const stored = await database.query<{ id: string }>(`SELECT id FROM signals WHERE id = ANY($1)`, [
      accepted,
    ]);
    expect(stored).toHaveLength(accepted.length);
    const streamed = stream.events.map((e) => e.alert.signal?.id);
    expect(new Set(streamed)).toEqual(new Set(accepted));
    expect(streamed).toHaveLength(accepted.length);
  });
});
