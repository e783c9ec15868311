import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { build, insert, type TestMember } from '../factories/index.js';
import { TestDb } from '../setup/test-db.js';

const SIGNALS = '/api/v1/signals';
const PROBLEM = /^application\/problem\+json/;

describe('signals API', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await TestDb.create();
  });
  afterAll(() => db.destroy());

  /** A liaison of a fresh organisation (or of the one named), so that tests never share a reporter. */
  async function liaison(organisation?: string): Promise<TestMember> {
    return insert.member(db, {
      organisation: organisation ?? (await insert.organisation(db)).code,
      roles: ['liaison'],
    });
  }

  function reader(organisation: string): Promise<TestMember> {
    return insert.member(db, { organisation, roles: ['analyst'] });
  }

  function submit(member: TestMember, body: object, idempotencyKey?: string): request.Test {
    const test = request(db.http).post(SIGNALS).set(member.auth);
    return (idempotencyKey === undefined ? test : test.set('Idempotency-Key', idempotencyKey)).send(body);
  }

  async function submitted(member: TestMember, body: object): Promise<{ id: string }> {
    const response = await submit(member, body).expect(201);
    return response.body as { id: string };
  }

  function fieldsOf(response: request.Response): string[] {
    return (response.body as { errors: { field: string }[] }).errors.map((error) => error.field);
  }

  function idsOf(response: request.Response): string[] {
    return (response.body as { items: { id: string }[] }).items.map((item) => item.id);
  }

  function list(member: TestMember, query: Record<string, string | number> = {}): request.Test {
    return request(db.http).get(SIGNALS).query(query).set(member.auth);
  }

  describe('POST /api/v1/signals', () => {
    it('answers 401 problem without a token', async () => {
      const response = await request(db.http).post(SIGNALS).send(build.submitSignal()).expect(401);

      expect(response.headers['content-type']).toMatch(PROBLEM);
    });

    it('answers 403 problem to a member who is not a liaison', async () => {
      const analyst = await reader('NCTV');

      const response = await submit(analyst, build.submitSignal()).expect(403);

      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ code: 'auth.forbidden' });
    });

    it('answers 201 with the stored signal and its Location', async () => {
      const member = await liaison();
      const body = build.submitSignal({
        tlp: 'AMBER',
        addressees: ['NCTV'],
        attribution: { actor: 'State actor X', confidence: 30, rationale: 'Same tooling as in 2017.' },
        externalRef: 'AIVD-2018-0042',
      });

      const response = await submit(member, body).expect(201);

      expect(response.headers.location).toBe(`${SIGNALS}/${response.body.id}`);
      expect(response.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        title: body.title,
        description: body.description,
        category: 'disinformation',
        severity: 'moderate',
        tlp: 'AMBER',
        classification: 'unclassified',
        election: 'GR2018',
        phase: 'campaign',
        municipalities: ['GM0363'],
        observedAt: '2018-03-14T08:30:00.000Z',
        source: 'open-source',
        confidence: 60,
        attribution: { actor: 'State actor X', confidence: 30, rationale: 'Same tooling as in 2017.' },
        observables: [
          { type: 'hashtag', value: body.observables[0]!.value.slice(1) },
          { type: 'url', value: body.observables[1]!.value },
        ],
        addressees: ['NCTV'],
        externalRef: 'AIVD-2018-0042',
        reporter: member.organisationCode,
        submittedBy: { id: member.id, name: 'Test Member' },
        createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        version: 1,
        updatedAt: response.body.createdAt,
        withdrawnAt: null,
        withdrawalReason: null,
      });
    });

    it('stores observables normalised, and drops repeated observables, municipalities and addressees', async () => {
      const member = await liaison();
      const unique = randomUUID().slice(0, 8);

      const response = await submit(
        member,
        build.submitSignal({
          municipalities: ['GM0363', 'GM0599', 'GM0363'],
          addressees: ['NCTV', 'KR', 'NCTV'],
          observables: [
            { type: 'url', value: `hxxps://Nieuws-${unique}[.]example:443/a#x` },
            { type: 'url', value: `https://nieuws-${unique}.example/a` },
            { type: 'account', value: `@Troll_${unique}` },
            { type: 'phone', value: '06-12345678' },
          ],
        }),
      ).expect(201);

      expect(response.body).toMatchObject({
        municipalities: ['GM0363', 'GM0599'],
        addressees: ['KR', 'NCTV'],
        observables: [
          { type: 'account', value: `troll_${unique}` },
          { type: 'phone', value: '+31612345678' },
          { type: 'url', value: `https://nieuws-${unique}.example/a` },
        ],
      });
    });

    it('answers 400 problem naming every invalid field', async () => {
      const member = await liaison();

      const response = await submit(member, {
        ...build.submitSignal(),
        title: '',
        severity: 'extreme',
        confidence: 101,
        observedAt: '2018-02-30T10:00:00Z',
        municipalities: ['Amsterdam'],
      }).expect(400);

      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body.code).toBe('validation_failed');
      expect(fieldsOf(response).sort()).toEqual([
        'confidence',
        'municipalities',
        'observedAt',
        'severity',
        'title',
      ]);
    });

    it('answers 400 problem naming a missing required field', async () => {
      const member = await liaison();
      const { category: _omitted, ...body } = build.submitSignal();

      const response = await submit(member, body).expect(400);

      expect(response.body.errors).toEqual([{ field: 'category', messages: expect.any(Array) }]);
    });

    it.each([
      ['at the top level', { reporter: 'BZK' }, 'reporter'],
      [
        'in the attribution',
        { attribution: { actor: 'X', confidence: 1, source: 'y' } },
        'attribution.source',
      ],
      [
        'in an observable',
        { observables: [{ type: 'url', value: 'https://a.example/', note: 1 }] },
        'observables.0.note',
      ],
    ])('answers 400 problem for an unknown field %s', async (_where, overrides, field) => {
      const member = await liaison();

      const response = await submit(member, { ...build.submitSignal(), ...overrides }).expect(400);

      expect(response.body.errors).toEqual([
        { field, messages: [`property ${field.split('.').pop()} should not exist`] },
      ]);
    });

    it('answers 400 problem naming an observable that cannot be normalised', async () => {
      const member = await liaison();

      const response = await submit(
        member,
        build.submitSignal({
          observables: [
            { type: 'url', value: 'https://a.example/' },
            { type: 'domain', value: 'b.example' },
            { type: 'ip', value: '999.1.1.1' },
          ],
        }),
      ).expect(400);

      expect(response.body.errors).toEqual([
        {
          field: 'observables.2.value',
          messages: ['value is not a valid ip: it is not an IPv4 or IPv6 address'],
        },
      ]);
    });

    it.each([
      [
        'a title of more than 200 characters as the database counts them',
        { title: 'x\uFE0F'.repeat(101) },
        'title',
      ],
      ['a NUL character in free text', { description: 'before\u0000after' }, 'description'],
      [
        'an observable too long for the index once normalised',
        { observables: [{ type: 'account', value: '😀'.repeat(1000) }] },
        'observables.0.value',
      ],
      ['an attribution that is an array', { attribution: [{ actor: 'X', confidence: 1 }] }, 'attribution'],
      ['an observable that is not an object', { observables: ['https://a.example/'] }, 'observables'],
      [
        'more than 100 observables',
        { observables: Array.from({ length: 101 }, (_, i) => ({ type: 'hashtag', value: `t${i}` })) },
        'observables',
      ],
    ])('answers 400 rather than a database error for %s', async (_case, overrides, field) => {
      const member = await liaison();

      const response = await submit(member, { ...build.submitSignal(), ...overrides }).expect(400);

      expect(fieldsOf(response)).toContain(field);
    });

    it.each(['k'.repeat(201), 'sleutel\u00e9'])(
      'answers 400 problem for the Idempotency-Key %j',
      async (key) => {
        const member = await liaison();

        const response = await request(db.http)
          .post(SIGNALS)
          .set(member.auth)
          .set('Idempotency-Key', Buffer.from(key, 'utf8').toString('latin1'))
          .send(build.submitSignal())
          .expect(400);

        expect(response.body.errors).toEqual([{ field: 'Idempotency-Key', messages: expect.any(Array) }]);
      },
    );

    it.each(['stg-confidentieel', 'stg-geheim', 'stg-zeer-geheim'] as const)(
      'answers 422 problem for a state secret (%s), pointing to the CIVD',
      async (classification) => {
        const member = await liaison();

        const response = await submit(member, build.submitSignal({ classification })).expect(422);

        expect(response.headers['content-type']).toMatch(PROBLEM);
        expect(response.body.code).toBe('signal.state_secret_refused');
        expect(response.body.detail).toMatch(/state secrets .* only to the CIVD/i);
      },
    );

    it('answers 400 for a classification it does not know', async () => {
      const member = await liaison();

      const response = await submit(member, { ...build.submitSignal(), classification: 'top-secret' }).expect(
        400,
      );

      expect(response.body.errors).toEqual([{ field: 'classification', messages: expect.any(Array) }]);
    });

    it('answers 422 problem naming every unknown code', async () => {
      const member = await liaison();

      const response = await submit(
        member,
        build.submitSignal({
          category: 'weather',
          election: 'TK2099',
          phase: 'count',
          municipalities: ['GM0363', 'GM9999'],
          addressees: ['NCTV', 'NOPE'],
        }),
      ).expect(422);

      expect(response.body.code).toBe('signal.unknown_reference');
      expect(response.body.errors).toEqual([
        { field: 'category', messages: ['weather is not a category of the taxonomy'] },
        { field: 'election', messages: ['TK2099 is not a known election'] },
        { field: 'phase', messages: ['count is not a phase of this election'] },
        { field: 'municipalities.1', messages: ['GM9999 is not a known municipality'] },
        { field: 'addressees.1', messages: ['NOPE is not a known organisation'] },
      ]);
    });

    it('answers 422 for a phase its election does not have', async () => {
      const member = await liaison();
      const election = `T${randomUUID().slice(0, 8).toUpperCase()}`;
      await db.sql(
        `INSERT INTO elections (code, name_en, name_nl, election_date) VALUES ($1, $1, $1, '2019-03-20')`,
        [election],
      );
      await db.sql(
        `INSERT INTO election_phases (election_code, phase, starts_at, ends_at)
         VALUES ($1, 'campaign', '2019-02-01T00:00:00Z', '2019-03-20T06:30:00Z')`,
        [election],
      );

      const response = await submit(member, build.submitSignal({ election, phase: 'count' })).expect(422);

      expect(response.body.errors).toEqual([
        { field: 'phase', messages: ['count is not a phase of this election'] },
      ]);
    });

    it('answers 422 problem for an observation in the future', async () => {
      const member = await liaison();
      const observedAt = new Date(Date.now() + 3_600_000).toISOString();

      const response = await submit(member, build.submitSignal({ observedAt })).expect(422);

      expect(response.body).toMatchObject({
        code: 'signal.observed_in_future',
        errors: [{ field: 'observedAt' }],
      });
    });

    it('accepts an observation slightly ahead of its clock, within the allowed skew', async () => {
      const member = await liaison();
      const observedAt = new Date(Date.now() + 60_000).toISOString();

      await submit(member, build.submitSignal({ observedAt })).expect(201);
    });

    it('answers 422 problem for a RED signal without addressees', async () => {
      const member = await liaison();

      const response = await submit(member, build.submitSignal({ tlp: 'RED', addressees: [] })).expect(422);

      expect(response.body.code).toBe('signal.red_without_addressees');
    });

    it('answers 413 problem for a body over 1 MB', async () => {
      const member = await liaison();

      const response = await submit(member, {
        ...build.submitSignal(),
        description: 'x'.repeat(1_100_000),
      }).expect(413);

      expect(response.headers['content-type']).toMatch(PROBLEM);
    });
  });

  describe('Idempotency-Key', () => {
    it('answers the original response again for the same key and body', async () => {
      const member = await liaison();
      const body = build.submitSignal();
      const first = await submit(member, body, 'retry-1').expect(201);

      const again = await submit(member, body, 'retry-1').expect(201);

      expect([again.body, again.headers.location]).toEqual([first.body, first.headers.location]);
    });

    it('stores one signal however often the request is repeated', async () => {
      const member = await liaison();
      const body = build.submitSignal();
      for (let attempt = 0; attempt < 3; attempt++) {
        await submit(member, body, 'retry-2').expect(201);
      }

      const response = await list(member, { reporter: member.organisationCode }).expect(200);

      expect(response.body.items).toHaveLength(1);
    });

    it('answers 422 problem for the same key with another body', async () => {
      const member = await liaison();
      await submit(member, build.submitSignal(), 'retry-3').expect(201);

      const response = await submit(member, build.submitSignal(), 'retry-3').expect(422);

      expect(response.body.code).toBe('signal.idempotency_key_reused');
    });

    it('scopes keys to the organisation', async () => {
      const [one, other] = [await liaison(), await liaison()];
      const body = build.submitSignal();
      const first = await submit(one, body, 'shared-key').expect(201);

      const second = await submit(other, body, 'shared-key').expect(201);

      expect(second.body.id).not.toBe(first.body.id);
    });
  });

  describe('visibility', () => {
    it('lets an addressee read an AMBER signal, without the submitting member', async () => {
      const signal = await submitted(
        await liaison('AIVD'),
        build.submitSignal({ tlp: 'AMBER', addressees: ['NCTV'] }),
      );
      const nctv = await reader('NCTV');

      const response = await request(db.http).get(`${SIGNALS}/${signal.id}`).set(nctv.auth).expect(200);

      expect(response.body).toMatchObject({ id: signal.id, reporter: 'AIVD', submittedBy: null });
    });

    it('answers 404 problem to a municipality reading an AMBER signal not addressed to it', async () => {
      const signal = await submitted(
        await liaison('AIVD'),
        build.submitSignal({ tlp: 'AMBER', addressees: ['NCTV'] }),
      );
      const amsterdam = await reader('GM0363');

      const response = await request(db.http).get(`${SIGNALS}/${signal.id}`).set(amsterdam.auth).expect(404);

      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body.code).toBe('signal.not_found');
    });

    it("leaves an AMBER signal out of a municipality's list, next to a GREEN one", async () => {
      const reporter = await liaison();
      const amber = await submitted(reporter, build.submitSignal({ tlp: 'AMBER', addressees: ['NCTV'] }));
      const green = await submitted(reporter, build.submitSignal({ tlp: 'GREEN' }));
      const amsterdam = await reader('GM0363');

      const response = await list(amsterdam, { reporter: reporter.organisationCode, limit: 100 }).expect(200);

      const ids = idsOf(response);
      expect({ amber: ids.includes(amber.id), green: ids.includes(green.id) }).toEqual({
        amber: false,
        green: true,
      });
    });

    it.each(['GREEN', 'CLEAR'] as const)('lets any organisation read a %s signal', async (tlp) => {
      const signal = await submitted(await liaison('AIVD'), build.submitSignal({ tlp }));
      const amsterdam = await reader('GM0363');

      const response = await request(db.http).get(`${SIGNALS}/${signal.id}`).set(amsterdam.auth).expect(200);

      expect(response.body.id).toBe(signal.id);
    });

    it.each([
      ['the reporting organisation', 'reporter', 200],
      ['an addressee', 'addressee', 200],
      ['another organisation', 'other', 404],
    ] as const)('answers a RED signal to %s with %i', async (_who, role, status) => {
      const reporter = await liaison();
      const addressee = await insert.organisation(db);
      const signal = await submitted(
        reporter,
        build.submitSignal({ tlp: 'RED', addressees: [addressee.code] }),
      );
      const viewer = {
        reporter: reporter,
        addressee: await reader(addressee.code),
        other: await reader((await insert.organisation(db)).code),
      }[role];

      await request(db.http).get(`${SIGNALS}/${signal.id}`).set(viewer.auth).expect(status);
    });

    it('answers 404 to a non-addressee for AMBER+STRICT', async () => {
      const signal = await submitted(
        await liaison(),
        build.submitSignal({ tlp: 'AMBER+STRICT', addressees: ['NCTV'] }),
      );
      const jenv = await reader('JenV');

      await request(db.http).get(`${SIGNALS}/${signal.id}`).set(jenv.auth).expect(404);
    });

    it('answers 404 for an id that does not exist', async () => {
      const member = await reader('BZK');

      const response = await request(db.http).get(`${SIGNALS}/${randomUUID()}`).set(member.auth).expect(404);

      expect(response.body.code).toBe('signal.not_found');
    });

    it('answers 400 for an id that is not a UUID', async () => {
      const member = await reader('BZK');

      const response = await request(db.http).get(`${SIGNALS}/not-a-uuid`).set(member.auth).expect(400);

      expect(response.body.errors).toEqual([{ field: 'id', messages: expect.any(Array) }]);
    });

    it('answers 401 to a list request without a token', async () => {
      await request(db.http).get(SIGNALS).expect(401);
    });
  });

  describe('related', () => {
    it('lists other visible signals that share a normalised observable, with what they share', async () => {
      const unique = randomUUID().slice(0, 8);
      const shared = { type: 'domain' as const, value: `Nep-${unique}.example` };
      const [one, two, hidden] = [await liaison(), await liaison(), await liaison()];
      const earlier = await submitted(
        two,
        build.submitSignal({ observables: [{ type: 'domain', value: `nep-${unique}.example.` }] }),
      );
      await submitted(
        hidden,
        build.submitSignal({ tlp: 'RED', addressees: ['MIVD'], observables: [shared] }),
      );
      await submitted(two, build.submitSignal());
      const signal = await submitted(
        one,
        build.submitSignal({ observables: [shared, { type: 'hashtag', value: `#x${unique}` }] }),
      );

      const response = await request(db.http).get(`${SIGNALS}/${signal.id}`).set(one.auth).expect(200);

      expect(response.body.related).toEqual([
        {
          id: earlier.id,
          title: expect.any(String),
          category: 'disinformation',
          severity: 'moderate',
          tlp: 'GREEN',
          reporter: two.organisationCode,
          observedAt: '2018-03-14T08:30:00.000Z',
          createdAt: expect.any(String),
          sharedObservables: [{ type: 'domain', value: `nep-${unique}.example` }],
        },
      ]);
    });
  });

  describe('GET /api/v1/signals', () => {
    const keys = ['A', 'B', 'C', 'D'] as const;
    let reporter: TestMember;
    let ids: Record<(typeof keys)[number], string>;
    let before: string;
    const unique = randomUUID().slice(0, 8);

    // Read-only tests over one set of signals from a reporter of their own, submitted oldest first.
    beforeAll(async () => {
      before = new Date(Date.now() - 1000).toISOString();
      reporter = await liaison();
      const bodies = {
        A: build.submitSignal({ severity: 'low', observedAt: '2018-03-01T12:00:00Z' }),
        B: build.submitSignal({
          category: 'cyber-attack',
          severity: 'high',
          tlp: 'AMBER',
          addressees: ['NCTV'],
          election: 'REF2018',
          phase: 'count',
          municipalities: ['GM0599'],
          observedAt: '2018-03-21T22:00:00+01:00',
          observables: [{ type: 'url', value: `https://lek-${unique}.example/dump` }],
        }),
        C: build.submitSignal({
          severity: 'critical',
          tlp: 'CLEAR',
          phase: 'election-day',
          municipalities: ['GM0518', 'GM0363'],
          observedAt: '2018-03-21T10:00:00+01:00',
          observables: [{ type: 'account', value: `Troll_${unique}` }],
        }),
        D: build.submitSignal({
          category: 'intimidation',
          tlp: 'AMBER+STRICT',
          addressees: ['BZK'],
          municipalities: [],
          observedAt: '2018-02-20T08:00:00Z',
        }),
      };
      ids = {} as Record<(typeof keys)[number], string>;
      for (const key of keys) {
        ids[key] = (await submitted(reporter, bodies[key])).id;
      }
    });

    async function listed(query: Record<string, string | number>): Promise<string[]> {
      const response = await list(reporter, { reporter: reporter.organisationCode, ...query }).expect(200);
      const byId = Object.fromEntries(keys.map((key) => [ids[key], key]));
      return idsOf(response).map((id) => byId[id] ?? id);
    }

    it('lists newest first', async () => {
      expect(await listed({})).toEqual(['D', 'C', 'B', 'A']);
    });

    it.each([
      [{ category: 'disinformation' }, ['C', 'A']],
      [{ severity: 'high' }, ['C', 'B']],
      [{ severity: 'low' }, ['D', 'C', 'B', 'A']],
      [{ election: 'REF2018' }, ['B']],
      [{ phase: 'election-day' }, ['C']],
      [{ municipality: 'GM0363' }, ['C', 'A']],
      [{ tlp: 'AMBER' }, ['B']],
      [{ tlp: 'AMBER+STRICT' }, ['D']],
      [{ observedFrom: '2018-03-21T00:00:00+01:00' }, ['C', 'B']],
      [{ observedTo: '2018-03-01T12:00:00Z' }, ['D']],
      [{ observedFrom: '2018-03-01T12:00:00Z', observedTo: '2018-03-21T10:00:00+01:00' }, ['A']],
    ])('filters by %j', async (query, expected) => {
      expect(await listed(query)).toEqual(expected);
    });

    it('filters by a typed observable, normalised as on submission', async () => {
      expect(await listed({ observable: `url:HXXPS://Lek-${unique}[.]example:443/dump#top` })).toEqual(['B']);
    });

    it('filters by a bare observable value', async () => {
      expect(await listed({ observable: `@TROLL_${unique}` })).toEqual(['C']);
    });

    it('filters by creation time', async () => {
      const [from, to] = await Promise.all([listed({ createdFrom: before }), listed({ createdTo: before })]);

      expect([from, to]).toEqual([['D', 'C', 'B', 'A'], []]);
    });

    it('filters by reporter', async () => {
      const other = await liaison();

      expect(await listed({ reporter: other.organisationCode })).toEqual([]);
    });

    it('pages with an opaque cursor until nextCursor is null', async () => {
      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const query: Record<string, string | number> = { reporter: reporter.organisationCode, limit: 3 };
        const response = await list(reporter, cursor === null ? query : { ...query, cursor }).expect(200);
        pages.push(idsOf(response));
        cursor = response.body.nextCursor as string | null;
      } while (cursor !== null);

      expect(pages).toEqual([[ids.D, ids.C, ids.B], [ids.A]]);
    });

    it.each([
      [{ limit: 101 }, 'limit'],
      [{ limit: 0 }, 'limit'],
      [{ limit: 'ten' }, 'limit'],
      [{ severity: 'extreme' }, 'severity'],
      [{ observedFrom: 'yesterday' }, 'observedFrom'],
      [{ observable: 'ip:not-an-ip' }, 'observable'],
      [{ colour: 'red' }, 'colour'],
    ])('answers 400 problem for %j', async (query, field) => {
      const response = await list(reporter, query).expect(400);

      expect(fieldsOf(response)).toEqual([field]);
    });

    it.each(['garbage', Buffer.from('{"seq":"1; DROP"}').toString('base64url')])(
      'answers 400 problem for the cursor %j',
      async (cursor) => {
        const response = await list(reporter, { cursor }).expect(400);

        expect(response.headers['content-type']).toMatch(PROBLEM);
      },
    );
  });
});
