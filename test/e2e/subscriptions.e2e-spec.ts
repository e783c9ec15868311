import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { build, insert, type TestMember } from '../factories/index.js';
import { TestDb } from '../setup/test-db.js';

const SUBSCRIPTIONS = '/api/v1/subscriptions';
const PROBLEM = /^application\/problem\+json/;

describe('subscriptions API', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await TestDb.create();
  });
  afterAll(() => db.destroy());

  /** An analyst of a fresh organisation (or of the one named). */
  async function analyst(organisation?: string): Promise<TestMember> {
    return insert.member(db, {
      organisation: organisation ?? (await insert.organisation(db)).code,
      roles: ['analyst'],
    });
  }

  function create(member: TestMember, body: object): request.Test {
    return request(db.http).post(SUBSCRIPTIONS).set(member.auth).send(body);
  }

  async function created(member: TestMember, body: object = { name: 'Everything' }): Promise<{ id: string }> {
    return (await create(member, body).expect(201)).body as { id: string };
  }

  function fieldsOf(response: request.Response): string[] {
    return (response.body as { errors: { field: string }[] }).errors.map((error) => error.field).sort();
  }

  describe('POST /api/v1/subscriptions', () => {
    it('answers 401 problem without a token', async () => {
      const response = await request(db.http).post(SUBSCRIPTIONS).send({ name: 'x' }).expect(401);

      expect(response.headers['content-type']).toMatch(PROBLEM);
    });

    it('answers 403 problem to a member who is not an analyst', async () => {
      const liaison = await insert.member(db, { organisation: 'AIVD', roles: ['liaison'] });

      const response = await create(liaison, { name: 'x' }).expect(403);

      expect(response.body.code).toBe('auth.forbidden');
    });

    it('answers 201 with the subscription, matching everything it does not narrow', async () => {
      const member = await analyst();

      const response = await create(member, {
        name: 'Critical disinformation',
        minSeverity: 'critical',
      }).expect(201);

      expect(response.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'Critical disinformation',
        categories: [],
        minSeverity: 'critical',
        elections: [],
        phases: [],
        municipalities: [],
        tlp: [],
        observableTypes: [],
        paused: false,
        createdBy: member.id,
        createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        updatedAt: response.body.createdAt,
      });
    });

    it('stores every matcher, dropping repeated codes', async () => {
      const member = await analyst();
      const body = {
        name: 'Amsterdam on election day',
        categories: ['disinformation', 'election-process', 'disinformation'],
        elections: ['GR2018'],
        phases: ['election-day', 'count'],
        municipalities: ['GM0363'],
        tlp: ['GREEN', 'AMBER+STRICT'],
        observableTypes: ['url', 'account'],
        paused: true,
      };

      const response = await create(member, body).expect(201);

      expect(response.body).toMatchObject({
        ...body,
        categories: ['disinformation', 'election-process'],
      });
    });

    it('answers 400 problem naming every invalid field', async () => {
      const response = await create(await analyst(), {
        name: '',
        categories: ['Not A Code'],
        minSeverity: 'extreme',
        elections: 'GR2018',
        phases: ['voting'],
        municipalities: ['Amsterdam'],
        tlp: ['PURPLE'],
        observableTypes: ['fax'],
        paused: 'yes',
      }).expect(400);

      expect(response.body.code).toBe('validation_failed');
      expect(fieldsOf(response)).toEqual([
        'categories',
        'elections',
        'minSeverity',
        'municipalities',
        'name',
        'observableTypes',
        'paused',
        'phases',
        'tlp',
      ]);
    });

    it.each([
      [
        'a list that is too long',
        { categories: Array.from({ length: 51 }, (_, i) => `c${i}`) },
        'categories',
      ],
      ['a list sent as null', { municipalities: null }, 'municipalities'],
      ['a missing name', { name: undefined }, 'name'],
      ['an organisation in the body', { organisation: 'BZK' }, 'organisation'],
    ])('answers 400 for %s', async (_case, overrides, field) => {
      const response = await create(await analyst(), { name: 'x', ...overrides }).expect(400);

      expect(fieldsOf(response)).toEqual([field]);
    });

    it('answers 422 problem naming every unknown code', async () => {
      const response = await create(await analyst(), {
        name: 'Unknown codes',
        categories: ['disinformation', 'weather'],
        elections: ['TK2099'],
        municipalities: ['GM0363', 'GM9999'],
      }).expect(422);

      expect(response.body.code).toBe('subscription.unknown_reference');
      expect(response.body.errors).toEqual([
        { field: 'categories.1', messages: ['weather is not a category of the taxonomy'] },
        { field: 'elections.0', messages: ['TK2099 is not a known election'] },
        { field: 'municipalities.1', messages: ['GM9999 is not a known municipality'] },
      ]);
    });
  });

  describe('GET /api/v1/subscriptions', () => {
    it("pages through the organisation's own subscriptions by name, and never another's", async () => {
      const member = await analyst();
      for (const name of ['delta', 'alpha', 'charlie', 'bravo']) {
        await created(member, { name });
      }
      await created(await analyst(), { name: 'another organisation' });

      const names: string[][] = [];
      let cursor: string | null = null;
      do {
        const response = await request(db.http)
          .get(SUBSCRIPTIONS)
          .query(cursor === null ? { limit: 3 } : { limit: 3, cursor })
          .set(member.auth)
          .expect(200);
        names.push((response.body.items as { name: string }[]).map((item) => item.name));
        cursor = response.body.nextCursor as string | null;
      } while (cursor !== null);

      expect(names).toEqual([['alpha', 'bravo', 'charlie'], ['delta']]);
    });

    it.each(['garbage', Buffer.from('{"name":"a","id":"1; DROP"}').toString('base64url')])(
      'answers 400 problem for the cursor %j',
      async (cursor) => {
        const response = await request(db.http)
          .get(SUBSCRIPTIONS)
          .query({ cursor })
          .set((await analyst()).auth)
          .expect(400);

        expect(response.headers['content-type']).toMatch(PROBLEM);
      },
    );
  });

  describe('GET /api/v1/subscriptions/{id}', () => {
    it('answers the subscription to its organisation', async () => {
      const member = await analyst();
      const subscription = await created(member);

      const response = await request(db.http)
        .get(`${SUBSCRIPTIONS}/${subscription.id}`)
        .set(member.auth)
        .expect(200);

      expect(response.body).toMatchObject({ id: subscription.id, name: 'Everything' });
    });

    it("answers 404 problem for another organisation's subscription", async () => {
      const subscription = await created(await analyst());

      const response = await request(db.http)
        .get(`${SUBSCRIPTIONS}/${subscription.id}`)
        .set((await analyst()).auth)
        .expect(404);

      expect(response.body.code).toBe('subscription.not_found');
    });

    it('answers 400 for an id that is not a UUID', async () => {
      await request(db.http)
        .get(`${SUBSCRIPTIONS}/nope`)
        .set((await analyst()).auth)
        .expect(400);
    });
  });

  describe('PATCH /api/v1/subscriptions/{id}', () => {
    function patch(member: TestMember, id: string, body: object): request.Test {
      return request(db.http).patch(`${SUBSCRIPTIONS}/${id}`).set(member.auth).send(body);
    }

    it('changes the fields given and keeps the others; an empty list or null clears a matcher', async () => {
      const member = await analyst();
      const subscription = await created(member, {
        name: 'Before',
        categories: ['disinformation'],
        municipalities: ['GM0363'],
        minSeverity: 'high',
      });

      const response = await patch(member, subscription.id, {
        name: 'After',
        municipalities: [],
        minSeverity: null,
        paused: true,
      }).expect(200);

      expect(response.body).toMatchObject({
        name: 'After',
        categories: ['disinformation'],
        municipalities: [],
        minSeverity: null,
        paused: true,
      });
    });

    it.each([
      ['a null name', { name: null }, 'name'],
      ['a null list', { categories: null }, 'categories'],
      ['a null paused', { paused: null }, 'paused'],
    ])('answers 400 for %s', async (_case, body, field) => {
      const member = await analyst();
      const subscription = await created(member);

      const response = await patch(member, subscription.id, body).expect(400);

      expect(fieldsOf(response)).toEqual([field]);
    });

    it('answers 422 for an unknown code and leaves the subscription unchanged', async () => {
      const member = await analyst();
      const subscription = await created(member, { name: 'Kept', elections: ['GR2018'] });

      const response = await patch(member, subscription.id, { name: 'Lost', elections: ['TK2099'] }).expect(
        422,
      );

      expect(response.body.errors).toEqual([
        { field: 'elections.0', messages: ['TK2099 is not a known election'] },
      ]);
      const kept = await request(db.http)
        .get(`${SUBSCRIPTIONS}/${subscription.id}`)
        .set(member.auth)
        .expect(200);
      expect(kept.body).toMatchObject({ name: 'Kept', elections: ['GR2018'] });
    });

    it("answers 404 for another organisation's subscription, and leaves it unchanged", async () => {
      const owner = await analyst();
      const subscription = await created(owner, { name: 'Mine' });

      await patch(await analyst(), subscription.id, { name: 'Taken over' }).expect(404);

      const kept = await request(db.http)
        .get(`${SUBSCRIPTIONS}/${subscription.id}`)
        .set(owner.auth)
        .expect(200);
      expect(kept.body.name).toBe('Mine');
    });
  });

  describe('DELETE /api/v1/subscriptions/{id}', () => {
    it('deletes the subscription', async () => {
      const member = await analyst();
      const subscription = await created(member);

      await request(db.http).delete(`${SUBSCRIPTIONS}/${subscription.id}`).set(member.auth).expect(204);

      await request(db.http).get(`${SUBSCRIPTIONS}/${subscription.id}`).set(member.auth).expect(404);
    });

    it("answers 404 for another organisation's subscription, and keeps it", async () => {
      const owner = await analyst();
      const subscription = await created(owner);

      await request(db.http)
        .delete(`${SUBSCRIPTIONS}/${subscription.id}`)
        .set((await analyst()).auth)
        .expect(404);

      await request(db.http).get(`${SUBSCRIPTIONS}/${subscription.id}`).set(owner.auth).expect(200);
    });
  });

  describe('POST /api/v1/subscriptions/{id}/test', () => {
    function dryRun(
      member: TestMember,
      id: string,
      query: Record<string, string | number> = {},
    ): request.Test {
      return request(db.http).post(`${SUBSCRIPTIONS}/${id}/test`).query(query).set(member.auth).send();
    }

    it('answers which of the latest signals the organisation may see it would have matched, newest first', async () => {
      const category = `t-${randomUUID().slice(0, 8)}`;
      await db.sql(`INSERT INTO signal_categories (code, name_en, name_nl) VALUES ($1, $1, $1)`, [category]);
      const member = await analyst();
      const subscription = await created(member, {
        name: 'This category, paused',
        categories: [category],
        paused: true,
      });
      const reporter = await insert.member(db, { organisation: 'AIVD', roles: ['liaison'] });
      const own = await insert.member(db, { organisation: member.organisationCode, roles: ['liaison'] });
      const post = async (poster: TestMember, overrides: object) =>
        (
          await request(db.http)
            .post('/api/v1/signals')
            .set(poster.auth)
            .send(build.submitSignal({ category, ...overrides }))
            .expect(201)
        ).body.id as string;
      const green = await post(reporter, { tlp: 'GREEN' });
      await post(reporter, { tlp: 'GREEN', category: 'disinformation' });
      const hidden = await post(reporter, { tlp: 'AMBER', addressees: ['NCTV'] });
      const addressed = await post(reporter, { tlp: 'AMBER', addressees: [member.organisationCode] });
      await post(reporter, { tlp: 'RED', addressees: [member.organisationCode] });
      await post(own, { tlp: 'GREEN' });

      const response = await dryRun(member, subscription.id, { last: 5 }).expect(200);

      expect(response.body.considered).toBe(5);
      expect((response.body.matched as { id: string }[]).map((signal) => signal.id)).toEqual([
        addressed,
        green,
      ]);
      expect(response.body.matched[0]).toEqual({
        id: addressed,
        title: expect.any(String),
        category,
        severity: 'moderate',
        tlp: 'AMBER',
        election: 'GR2018',
        phase: 'campaign',
        reporter: 'AIVD',
        createdAt: expect.stringMatching(/^\d{4}-/),
      });
      expect(JSON.stringify(response.body)).not.toContain(hidden);
    });

    it.each([0, 501, 'ten'])('answers 400 for last=%j', async (last) => {
      const member = await analyst();
      const subscription = await created(member);

      const response = await dryRun(member, subscription.id, { last }).expect(400);

      expect(fieldsOf(response)).toEqual(['last']);
    });

    it("answers 404 for another organisation's subscription", async () => {
      const subscription = await created(await analyst());

      await dryRun(await analyst(), subscription.id).expect(404);
    });
  });
});
