import fc from 'fast-check';
import request from 'supertest';
import { build, insert, type TestMember } from '../factories/index.js';
import { TestDb } from '../setup/test-db.js';

const SIGNALS = '/api/v1/signals';
const RUNS = 200;

type Json = fc.JsonValue;
type Body = Record<string, Json>;

const anyJson = fc.jsonValue({ maxDepth: 4, stringUnit: 'binary' });
const validBody = (): Body =>
  JSON.parse(JSON.stringify(build.submitSignal({ tlp: 'AMBER', addressees: ['NCTV'] }))) as Body;
const FIELDS = [...Object.keys(validBody()), 'attribution', 'externalRef'];

/** Valid bodies with one thing broken: a field replaced, dropped or added, or a nested object damaged. */
const mutatedBody: fc.Arbitrary<Body> = fc.oneof(
  fc
    .record({ field: fc.constantFrom(...FIELDS), value: anyJson })
    .map(({ field, value }) => ({ ...validBody(), [field]: value })),
  fc.constantFrom(...FIELDS).map((field) => {
    const { [field]: _dropped, ...rest } = validBody();
    return rest;
  }),
  fc.dictionary(fc.string({ unit: 'binary', maxLength: 20 }), anyJson, { maxKeys: 3 }).map((extra) => ({
    ...validBody(),
    ...extra,
  })),
  fc
    .record({ key: fc.constantFrom('type', 'value', 'extra'), value: anyJson, index: fc.nat(2) })
    .map(({ key, value, index }) => {
      const body = validBody();
      const observables = [...(body.observables as Json[])];
      observables[index] = { ...(observables[index] as Record<string, Json>), [key]: value };
      return { ...body, observables };
    }),
  fc
    .record({ key: fc.constantFrom('actor', 'confidence', 'rationale', 'extra'), value: anyJson })
    .map(({ key, value }) => ({ ...validBody(), attribution: { actor: 'X', confidence: 10, [key]: value } })),
  fc
    .record({
      type: fc.constantFrom('url', 'domain', 'account', 'hashtag', 'ip', 'email', 'sha256', 'phone', 'other'),
      value: fc.string({ unit: 'binary', maxLength: 80 }),
    })
    .map((observable) => ({ ...validBody(), observables: [observable] })),
);

/** What goes over the wire: any JSON value, a mutated valid body, or raw text that may not even be JSON. */
const payload = fc.oneof(
  anyJson.map((value) => ({ raw: false as const, value })),
  mutatedBody.map((value) => ({ raw: false as const, value })),
  fc.oneof(fc.json(), fc.string({ unit: 'binary' })).map((value) => ({ raw: true as const, value })),
);

const idempotencyKey = fc.option(
  fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    maxLength: 220,
  }),
  { nil: undefined },
);

describe('POST /api/v1/signals with arbitrary input', () => {
  let db: TestDb;
  let member: TestMember;
  beforeAll(async () => {
    db = await TestDb.create();
    member = await insert.member(db, {
      organisation: (await insert.organisation(db)).code,
      roles: ['liaison'],
    });
  });
  afterAll(() => db.destroy());

  it(`answers only 2xx or 4xx, and every 4xx as problem+json (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(payload, idempotencyKey, async (sent, key) => {
        let test = request(db.http).post(SIGNALS).set(member.auth).set('Content-Type', 'application/json');
        if (key !== undefined) {
          test = test.set('Idempotency-Key', key);
        }
        const response = await test.send(sent.raw ? sent.value : JSON.stringify(sent.value));

        const body = response.body as { id?: unknown; status?: unknown };
        const isSignal = response.status >= 200 && response.status < 300 && typeof body.id === 'string';
        const isProblem =
          response.status >= 400 &&
          response.status < 500 &&
          /^application\/problem\+json/.test(String(response.headers['content-type'])) &&
          body.status === response.status;

        expect({ status: response.status, isSignalOrProblem: isSignal || isProblem }).toEqual({
          status: response.status,
          isSignalOrProblem: true,
        });
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
