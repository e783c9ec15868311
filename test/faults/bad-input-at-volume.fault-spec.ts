import fc from 'fast-check';
import { build } from '../factories/index.js';
import { DrillDatabase, ServiceProcess, memberOf, request } from './harness.js';

const RUNS_PER_ENDPOINT = 250;

/** Values at and past the edges that bounds must stop before the database does. */
const HOSTILE_VALUES: unknown[] = [
  -1,
  101,
  32_768,
  2 ** 31,
  2 ** 53 + 1,
  1e308,
  0.5,
  '',
  'x'.repeat(20_001),
  '\u0000',
  '🗳️'.repeat(150),
  [],
  Array.from({ length: 500 }, (_, i) => `GM${String(i).padStart(4, '0')}`),
  {},
  null,
  true,
  '2018-02-30T25:61:00Z',
];

/** Arbitrary JSON, and valid-looking bodies with one field replaced by something arbitrary or left out. */
function bodies(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid);
  return fc.oneof(
    fc.anything(),
    fc.jsonValue(),
    fc
      .record({
        key: fc.constantFrom(...keys, 'unexpected'),
        value: fc.oneof(fc.jsonValue(), fc.constantFrom(...HOSTILE_VALUES)),
      })
      .map(({ key, value }) => ({ ...valid, [key]: value })),
    fc
      .constantFrom(...keys)
      .map((key) => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key))),
  );
}

describe('bad input at volume', () => {
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

  it('answers every write endpoint with 2xx or 4xx and leaves no partial write behind', async () => {
    const everyRole = await memberOf(service, 'BZK', ['liaison', 'analyst', 'coordinator', 'admin']);
    const nctv = await memberOf(service, 'NCTV', ['analyst', 'coordinator']);
    await request('POST', `${service.api}/subscriptions`, nctv.token, { name: 'everything' });
    const signal = await request('POST', `${service.api}/signals`, everyRole.token, build.submitSignal());
    const signalId = String(signal.body.id);
    const alerts = await request('GET', `${service.api}/alerts`, nctv.token);
    const alertId = String((alerts.body.items as { id: string }[] | undefined)?.[0]?.id);
    const subscription = await request('POST', `${service.api}/subscriptions`, everyRole.token, {
      name: 'fuzz',
    });
    const kase = await request('POST', `${service.api}/cases`, everyRole.token, {
      title: 'Fuzz case',
      summary: 'For fuzzing',
      election: 'GR2018',
      priority: 'high',
      leadOrganisation: 'BZK',
    });
    const caseId = String(kase.body.id);
    const endpoints: { method: string; path: string; token: string; valid: Record<string, unknown> }[] = [
      { method: 'POST', path: '/signals', token: everyRole.token, valid: { ...build.submitSignal() } },
      { method: 'PATCH', path: `/signals/${signalId}`, token: everyRole.token, valid: { severity: 'high' } },
      { method: 'POST', path: `/signals/${signalId}/withdraw`, token: nctv.token, valid: { reason: 'x' } },
      {
        method: 'POST',
        path: '/subscriptions',
        token: everyRole.token,
        valid: { name: 'n', categories: ['disinformation'] },
      },
      {
        method: 'PATCH',
        path: `/subscriptions/${String(subscription.body.id)}`,
        token: everyRole.token,
        valid: { paused: true },
      },
      {
        method: 'POST',
        path: `/alerts/${alertId}/acknowledge`,
        token: nctv.token,
        valid: { response: 'declined', reason: 'r' },
      },
      {
        method: 'POST',
        path: '/webhooks',
        token: everyRole.token,
        valid: { url: 'https://receiver.example/hook' },
      },
      {
        method: 'POST',
        path: '/organisations',
        token: service.adminToken,
        valid: { code: 'FUZZ', name: 'n', kind: 'agency' },
      },
      {
        method: 'POST',
        path: '/organisations/BZK/members',
        token: service.adminToken,
        valid: { name: 'n', email: 'e@x.nl', roles: ['analyst'] },
      },
      {
        method: 'POST',
        path: `/members/${everyRole.id}/tokens`,
        token: service.adminToken,
        valid: { name: 'n' },
      },
      {
        method: 'POST',
        path: '/taxonomy/categories',
        token: service.adminToken,
        valid: { code: 'c-x', nameEn: 'n', nameNl: 'n' },
      },
      {
        method: 'POST',
        path: '/cases',
        token: everyRole.token,
        valid: { title: 't', summary: 's', election: 'GR2018', priority: 'high', leadOrganisation: 'BZK' },
      },
      { method: 'POST', path: `/cases/${caseId}/notes`, token: everyRole.token, valid: { text: 'note' } },
      {
        method: 'POST',
        path: `/cases/${caseId}/status`,
        token: everyRole.token,
        valid: { status: 'investigating', reason: 'r' },
      },
      {
        method: 'POST',
        path: `/cases/${caseId}/actions`,
        token: everyRole.token,
        valid: { type: 'fact-check', title: 't', assignee: 'NCTV', dueAt: '2030-01-01T00:00:00Z' },
      },
      {
        method: 'POST',
        path: `/cases/${caseId}/closure-requests`,
        token: everyRole.token,
        valid: { summary: 's' },
      },
    ];

    const serverErrors: string[] = [];
    const send = async (endpoint: (typeof endpoints)[number], body: unknown) => {
      const answer = await request(endpoint.method, `${service.api}${endpoint.path}`, endpoint.token, body);
      if (answer.status >= 500 || answer.status === 0) {
        serverErrors.push(
          `${endpoint.method} ${endpoint.path} → ${answer.status} for ${JSON.stringify(body).slice(0, 300)}`,
        );
      }
    };
    for (const endpoint of endpoints) {
      // Every field with every hostile value, then random bodies.
      for (const key of Object.keys(endpoint.valid)) {
        for (const value of HOSTILE_VALUES) {
          await send(endpoint, { ...endpoint.valid, [key]: value });
        }
      }
      await fc.assert(
        fc.asyncProperty(bodies(endpoint.valid), async (body) => {
          const answer = await request(
            endpoint.method,
            `${service.api}${endpoint.path}`,
            endpoint.token,
            body,
          );
          if (answer.status >= 500 || answer.status === 0) {
            serverErrors.push(
              `${endpoint.method} ${endpoint.path} → ${answer.status} for ${JSON.stringify(body)}`,
            );
          }
        }),
        { numRuns: RUNS_PER_ENDPOINT, seed: 2018 },
      );
    }

    expect(serverErrors).toEqual([]);
    // No partial writes: every signal has each of its superseded versions, and every alert its signal's routing.
    const versions = await database.query(
      `SELECT s.id FROM signals s WHERE s.version <> 1 + (SELECT count(*) FROM signal_versions v WHERE v.signal_id = s.id)`,
    );
    expect(versions).toEqual([]);
    const unrouted = await database.query(
      `SELECT s.id FROM signals s
        WHERE s.organisation_id <> (SELECT id FROM organisations WHERE code = 'NCTV')
          AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.signal_id = s.id AND a.kind = 'signal')`,
    );
    expect(unrouted).toEqual([]);
    const verified = await request('GET', `${service.api}/cases/${caseId}/timeline/verify`, everyRole.token);
    expect(verified.status).toBe(200);
  });
});
