import http from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EventSource, type FetchLike } from 'eventsource';
import request from 'supertest';
import { createApp } from '../../src/app.setup.js';
import { PgListenerService } from '../../src/common/database/pg-listener.service.js';
import { AppConfig, loadEnv } from '../../src/config/app-config.js';
import { AlertWriter } from '../../src/modules/alerts/alert-writer.js';
import { build, insert, type TestMember } from '../factories/index.js';
import { alertFor } from '../integration/alerts/fixtures.js';
import { TestDb } from '../setup/test-db.js';

const STREAM = '/api/v1/alerts/stream';

/** As test-db.ts configures its application; the heartbeat is set per instance. */
const INSTANCE_ENV: Record<string, string> = {
  LOG_LEVEL: 'silent',
  MIGRATIONS_RUN: 'false',
  SECRET_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  WORKERS_ENABLED: 'false',
};

interface ReceivedEvent {
  id: string;
  seq: number;
  alertId: string;
  details: Record<string, unknown> | null;
  signalId: string | undefined;
}

interface Client {
  events: ReceivedEvent[];
  seqs: () => number[];
  close: () => void;
}

async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * EventSource's transport over node:http without keep-alive, so that closing a client closes its connection
 * (the built-in fetch keeps a spare connection open after an abort, which would hold up server shutdown).
 */
const httpFetch: FetchLike = (url, init) =>
  new Promise((resolve, reject) => {
    const req = http.get(
      url,
      { headers: init.headers, signal: init.signal as AbortSignal, agent: false },
      (res) => {
        const chunks = res[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
        resolve({
          url: String(url),
          status: res.statusCode ?? 0,
          redirected: false,
          headers: { get: (name) => [res.headers[name.toLowerCase()]].flat().join(', ') || null },
          body: {
            getReader: () => ({
              read: async () => {
                const chunk = await chunks.next();
                return chunk.done
                  ? { done: true as const }
                  : { done: false as const, value: new Uint8Array(chunk.value) };
              },
              cancel: () => {
                res.destroy();
                return Promise.resolve();
              },
            }),
          },
        });
      },
    );
    req.on('error', reject);
  });

/** An EventSource client (the `eventsource` package) with a token and, optionally, a Last-Event-ID. */
async function connect(
  baseUrl: string,
  member: TestMember,
  options: { lastEventId?: string; query?: string } = {},
): Promise<Client> {
  const events: ReceivedEvent[] = [];
  const source = new EventSource(`${baseUrl}${STREAM}${options.query ?? ''}`, {
    fetch: (input, init) =>
      httpFetch(input, {
        ...init,
        headers: {
          ...(options.lastEventId === undefined ? {} : { 'Last-Event-ID': options.lastEventId }),
          ...init.headers,
          ...member.auth,
        },
      }),
  });
  source.addEventListener('alert', (event) => {
    const alert = JSON.parse(event.data) as {
      id: string;
      seq: number;
      details: Record<string, unknown> | null;
      signal: { id: string } | null;
    };
    events.push({
      id: event.lastEventId,
      seq: alert.seq,
      alertId: alert.id,
      details: alert.details,
      signalId: alert.signal?.id,
    });
  });
  await new Promise<void>((resolve, reject) => {
    source.onopen = () => resolve();
    source.onerror = (error) => reject(new Error(`stream failed to open: ${error.message ?? error.code}`));
  });
  return { events, seqs: () => events.map((event) => event.seq), close: () => source.close() };
}

/** A plain HTTP request that collects the raw bytes of the stream (comments included). */
function rawStream(
  baseUrl: string,
  member: TestMember,
): Promise<{ text: () => string; ended: Promise<void>; close: () => void }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${baseUrl}${STREAM}`, { headers: member.auth, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      const ended = new Promise<void>((done) => res.on('close', () => done()));
      resolve({ text: () => text, ended, close: () => req.destroy() });
    });
    req.on('error', reject);
  });
}

async function listening(app: NestFastifyApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  return (await app.getUrl()).replace('[::1]', '127.0.0.1');
}

describe('alert stream (SSE)', () => {
  let db: TestDb;
  let baseUrl: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    db = await TestDb.create({ SSE_HEARTBEAT_SECONDS: '1' });
    baseUrl = await listening(db.app);
  });
  afterEach(() => {
    for (const client of clients.splice(0)) {
      client.close();
    }
  });
  afterAll(() => db.destroy());

  async function open(member: TestMember, options: { lastEventId?: string; query?: string } = {}) {
    const client = await connect(baseUrl, member, options);
    clients.push(client);
    return client;
  }

  /**
   * `count` alerts for the organisation, each in a transaction of its own, through the real writer; answers
   * once they are numbered (the stream shows them from then).
   */
  async function createAlerts(
    organisationId: string,
    count: number,
    writer = db.get(AlertWriter),
  ): Promise<void> {
    for (let i = 0; i < count; i += 1) {
      await db.dataSource.transaction((tx) =>
        writer.create(tx, [alertFor(organisationId, { note: `alert ${i}` })]),
      );
    }
    await db.sequenceAlerts();
  }

  async function analystOfNewOrganisation(): Promise<TestMember & { organisationId: string }> {
    const organisation = await insert.organisation(db);
    return insert.member(db, { organisation: organisation.code, roles: ['analyst'] });
  }

  it('answers 401 without a token', async () => {
    const response = await request(db.http).get(STREAM).expect(401);

    expect(response.body).toMatchObject({ code: 'auth.unauthenticated' });
  });

  it('answers 400 to a Last-Event-ID that is not an event id of the stream', async () => {
    const member = await analystOfNewOrganisation();

    const response = await request(db.http)
      .get(STREAM)
      .set(member.auth)
      .set('Last-Event-ID', 'abc')
      .expect(400);

    expect(response.body).toMatchObject({ code: 'validation_failed' });
  });

  it('replays the alerts after Last-Event-ID in order, then delivers live ones', async () => {
    const member = await analystOfNewOrganisation();
    await createAlerts(member.organisationId, 5);

    const client = await open(member, { lastEventId: '2' });
    await waitFor(() => client.events.length >= 3, 'the replay');
    await createAlerts(member.organisationId, 2);
    await waitFor(() => client.events.length >= 5, 'the live alerts');

    expect(client.seqs()).toEqual([3, 4, 5, 6, 7]);
    expect(client.events.map((event) => event.id)).toEqual(['3', '4', '5', '6', '7']);
  });

  it('sends each alert as the AlertResponse JSON, named by its seq', async () => {
    const member = await analystOfNewOrganisation();
    const client = await open(member);

    await createAlerts(member.organisationId, 1);
    await waitFor(() => client.events.length >= 1, 'the alert');

    const [row] = await db.sql<{ id: string }>(`SELECT id FROM alerts WHERE organisation_id = $1`, [
      member.organisationId,
    ]);
    expect(client.events).toEqual([
      { id: '1', seq: 1, alertId: row?.id, details: { note: 'alert 0' }, signalId: undefined },
    ]);
  });

  it('accepts the position as a lastEventId query parameter', async () => {
    const member = await analystOfNewOrganisation();
    await createAlerts(member.organisationId, 3);

    const client = await open(member, { query: '?lastEventId=1' });
    await waitFor(() => client.events.length >= 2, 'the replay');

    expect(client.seqs()).toEqual([2, 3]);
  });

  it('starts with what happens from now on when there is no Last-Event-ID', async () => {
    const member = await analystOfNewOrganisation();
    await createAlerts(member.organisationId, 2);

    const client = await open(member);
    await createAlerts(member.organisationId, 1);
    await waitFor(() => client.events.length >= 1, 'the live alert');

    expect(client.seqs()).toEqual([3]);
  });

  it("delivers only the caller's organisation's alerts", async () => {
    const member = await analystOfNewOrganisation();
    const other = await analystOfNewOrganisation();
    const client = await open(member);

    await createAlerts(other.organisationId, 2);
    await createAlerts(member.organisationId, 1);
    await waitFor(() => client.events.length >= 1, 'the own alert');
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(client.events).toHaveLength(1);
  });

  it('delivers every alert exactly once and in order while alerts are written during the replay', async () => {
    const member = await analystOfNewOrganisation();
    const writer = db.get(AlertWriter);
    await createAlerts(member.organisationId, 20);
    // Concurrent writers, several alerts per transaction, while clients connect and replay.
    const writing = Promise.all(
      Array.from({ length: 8 }, () =>
        (async () => {
          for (let i = 0; i < 5; i += 1) {
            await db.dataSource.transaction((tx) =>
              writer.create(tx, [
                alertFor(member.organisationId, { note: `alert ${i}` }),
                alertFor(member.organisationId, { note: `alert ${i}` }),
              ]),
            );
          }
        })(),
      ),
    );

    const fromStart = await open(member, { lastEventId: '0' });
    const fromMiddle = await open(member, { lastEventId: '10' });
    await writing;
    await waitFor(() => fromStart.events.length >= 100 && fromMiddle.events.length >= 90, 'all alerts');
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(fromStart.seqs()).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(fromMiddle.seqs()).toEqual(Array.from({ length: 90 }, (_, i) => i + 11));
  });

  it('delivers the alert of a signal posted through the API to the addressee, with the signal', async () => {
    const member = await analystOfNewOrganisation();
    const liaison = await insert.member(db, {
      organisation: (await insert.organisation(db)).code,
      roles: ['liaison'],
    });
    const client = await open(member);

    const posted = await request(db.http)
      .post('/api/v1/signals')
      .set(liaison.auth)
      .send(build.submitSignal({ tlp: 'AMBER', addressees: [member.organisationCode] }))
      .expect(201);
    await waitFor(() => client.events.length >= 1, 'the alert');

    expect(client.events[0]?.signalId).toBe(posted.body.id);
  });

  it('sends heartbeat comments on an idle stream', async () => {
    const member = await analystOfNewOrganisation();
    const stream = await rawStream(baseUrl, member);

    await waitFor(() => stream.text().includes(': heartbeat\n\n'), 'a heartbeat', 3000);
    stream.close();

    expect(stream.text()).not.toContain('event: alert');
  });

  it('counts connected clients in the stream clients gauge', async () => {
    const member = await analystOfNewOrganisation();
    const gauge = async () => {
      const response = await request(db.http).get('/metrics').expect(200);
      return Number(/^kiessignaal_stream_clients (\d+)$/m.exec(response.text)?.[1]);
    };
    const before = await gauge();

    const client = await connect(baseUrl, member);
    const during = await gauge();
    client.close();
    await waitFor(async () => (await gauge()) === before, 'the client to be counted out');

    expect(during - before).toBe(1);
  });

  describe('with a second application instance on the same database', () => {
    let second: NestFastifyApplication;
    let secondUrl: string;

    beforeAll(async () => {
      // A long heartbeat: what reaches this instance's clients comes through LISTEN/NOTIFY, not the timer.
      second = await createApp(
        new AppConfig(loadEnv({ ...INSTANCE_ENV, SSE_HEARTBEAT_SECONDS: '300' }), db.url),
        {
          swaggerUi: false,
        },
      );
      secondUrl = await listening(second);
    });
    afterAll(() => second.close());

    it('delivers to a client of one instance an alert created through the other', async () => {
      const member = await analystOfNewOrganisation();
      const client = await connect(secondUrl, member);
      clients.push(client);

      await createAlerts(member.organisationId, 2, db.get(AlertWriter));
      await waitFor(() => client.events.length >= 2, 'the alerts on the second instance', 2000);

      expect(client.seqs()).toEqual([1, 2]);
    });

    it('catches up from the table after its listener reconnects', async () => {
      const member = await analystOfNewOrganisation();
      const client = await connect(secondUrl, member);
      clients.push(client);
      const listener = second.get(PgListenerService);

      // Drop the listening connections: alerts committed before they LISTEN again are never notified.
      await db.sql(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE application_name = 'kiessignaal-listener' AND datname = current_database()`,
      );
      await createAlerts(member.organisationId, 1);
      await waitFor(() => !listener.isConnected, 'the connection loss', 2000).catch(() => undefined);
      await waitFor(() => listener.isConnected, 'the reconnection', 5000);
      await waitFor(() => client.events.length >= 1, 'the alert after reconnection', 3000);

      expect(client.seqs()).toEqual([1]);
    });
  });

  it('ends open streams on shutdown, so that closing the application does not hang', async () => {
    const third = await createApp(new AppConfig(loadEnv({ ...INSTANCE_ENV }), db.url), { swaggerUi: false });
    const url = await listening(third);
    const member = await analystOfNewOrganisation();
    const stream = await rawStream(url, member);

    let timer: NodeJS.Timeout | undefined;
    const closed = await Promise.race([
      third.close().then(() => 'closed'),
      new Promise((resolve) => (timer = setTimeout(() => resolve('hanging'), 5000))),
    ]);
    clearTimeout(timer);
    await stream.ended;

    expect(closed).toBe('closed');
  });
});
