import request from 'supertest';
import type { Problem } from '../../src/common/errors/problem.js';
import type { Page } from '../../src/common/http/pagination.js';
import type { OrganisationResponse } from '../../src/modules/organisations/dto/organisation.response.js';
import { insert, type TestMember } from '../factories/index.js';
import { TestDb } from '../setup/test-db.js';

describe('organisations', () => {
  let db: TestDb;
  let operatorAdmin: TestMember;
  let aivdAdmin: TestMember;
  let liaison: TestMember;

  beforeAll(async () => {
    db = await TestDb.create();
    operatorAdmin = await insert.member(db, { organisation: 'BZK', roles: ['admin'] });
    aivdAdmin = await insert.member(db, { organisation: 'AIVD', roles: ['admin'] });
    liaison = await insert.member(db, { organisation: 'GM0363', roles: ['liaison'] });
  });
  afterAll(() => db.destroy());

  describe('GET /api/v1/organisations', () => {
    it('answers 401 without a token', async () => {
      await request(db.http).get('/api/v1/organisations').expect(401);
    });

    it('pages through the whole directory by code for any member', async () => {
      const codes: string[] = [];
      let cursor: string | null = null;
      do {
        const response: request.Response = await request(db.http)
          .get('/api/v1/organisations')
          .query({ limit: 7, ...(cursor ? { cursor } : {}) })
          .set(liaison.auth)
          .expect(200);
        const page = response.body as Page<OrganisationResponse>;
        expect(page.items.length).toBeLessThanOrEqual(7);
        codes.push(...page.items.map((o) => o.code));
        cursor = page.nextCursor;
      } while (cursor);

      const [row] = await db.sql<{ count: number }>(`SELECT count(*)::int AS count FROM organisations`);
      expect(codes).toHaveLength(row?.count ?? -1);
      expect(new Set(codes).size).toBe(codes.length);
      // Codes are ASCII, so JavaScript's default sort is the bytewise order the service promises.
      expect(codes).toEqual([...codes].sort());
    });

    it('answers each organisation with its parent code', async () => {
      const response = await request(db.http)
        .get('/api/v1/organisations')
        .query({ kind: 'agency', limit: 100 })
        .set(liaison.auth)
        .expect(200);

      expect(response.body.items).toEqual(
        expect.arrayContaining([
          {
            code: 'NCTV',
            name: 'National Coordinator for Security and Counterterrorism',
            nameNl: 'Nationaal Coördinator Terrorismebestrijding en Veiligheid',
            kind: 'agency',
            parentCode: 'JenV',
          },
        ]),
      );
    });

    it('filters by kind', async () => {
      const response = await request(db.http)
        .get('/api/v1/organisations')
        .query({ kind: 'municipality', limit: 100 })
        .set(liaison.auth)
        .expect(200);

      const page = response.body as Page<OrganisationResponse>;
      expect([...new Set(page.items.map((o) => o.kind))]).toEqual(['municipality']);
      expect(page.items.map((o) => o.code)).toEqual(
        expect.arrayContaining(['GM0344', 'GM0363', 'GM0518', 'GM0599']),
      );
      expect(response.body.nextCursor).toBeNull();
    });

    it('answers 400 for an unknown kind', async () => {
      const response = await request(db.http)
        .get('/api/v1/organisations')
        .query({ kind: 'party' })
        .set(liaison.auth)
        .expect(400);

      expect(response.body).toMatchObject({ code: 'validation_failed' });
    });

    it('answers 400 for a cursor it did not issue', async () => {
      const response = await request(db.http)
        .get('/api/v1/organisations')
        .query({ cursor: 'not-a-cursor' })
        .set(liaison.auth)
        .expect(400);

      expect(response.body).toMatchObject({ code: 'bad_request' });
    });
  });

  describe('GET /api/v1/organisations/:code', () => {
    it('answers the organisation with its parent code', async () => {
      const response = await request(db.http).get('/api/v1/organisations/AIVD').set(liaison.auth).expect(200);

      expect(response.body).toEqual({
        code: 'AIVD',
        name: 'General Intelligence and Security Service',
        nameNl: 'Algemene Inlichtingen- en Veiligheidsdienst',
        kind: 'agency',
        parentCode: 'BZK',
      });
    });

    it('answers 404 problem for an unknown code', async () => {
      const response = await request(db.http).get('/api/v1/organisations/NOPE').set(liaison.auth).expect(404);

      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 404, code: 'organisation.not_found' });
    });

    it('answers 400 for a malformed code', async () => {
      await request(db.http).get('/api/v1/organisations/a_b').set(liaison.auth).expect(400);
    });
  });

  describe('POST /api/v1/organisations', () => {
    it('lets an operator admin add an organisation under a parent', async () => {
      const response = await request(db.http)
        .post('/api/v1/organisations')
        .set(operatorAdmin.auth)
        .send({
          code: 'BZK-DGOO',
          name: 'Directorate-General for Public Administration',
          kind: 'agency',
          parentCode: 'BZK',
        })
        .expect(201);

      expect(response.body).toEqual({
        code: 'BZK-DGOO',
        name: 'Directorate-General for Public Administration',
        nameNl: 'Directorate-General for Public Administration',
        kind: 'agency',
        parentCode: 'BZK',
      });
      await request(db.http)
        .get('/api/v1/organisations/BZK-DGOO')
        .set(liaison.auth)
        .expect(200, response.body);
    });

    it('adds a top-level organisation with a Dutch name', async () => {
      const response = await request(db.http)
        .post('/api/v1/organisations')
        .set(operatorAdmin.auth)
        .send({
          code: 'OM',
          name: 'Public Prosecution Service',
          nameNl: 'Openbaar Ministerie',
          kind: 'agency',
        })
        .expect(201);

      expect(response.body).toMatchObject({ nameNl: 'Openbaar Ministerie', parentCode: null });
    });

    it('answers 403 to an admin of another organisation than the operator', async () => {
      const response = await request(db.http)
        .post('/api/v1/organisations')
        .set(aivdAdmin.auth)
        .send({ code: 'AIVD-X', name: 'Sub-unit', kind: 'agency', parentCode: 'AIVD' })
        .expect(403);

      expect(response.body).toMatchObject({ code: 'auth.forbidden' });
      expect(await db.sql(`SELECT 1 FROM organisations WHERE code = 'AIVD-X'`)).toHaveLength(0);
    });

    it('answers 403 to a member without the admin role', async () => {
      await request(db.http)
        .post('/api/v1/organisations')
        .set(liaison.auth)
        .send({ code: 'LIA-X', name: 'Nope', kind: 'agency' })
        .expect(403);
    });

    it('answers 409 for a code that is taken, also in another case', async () => {
      for (const code of ['NCTV', 'nctv']) {
        const response = await request(db.http)
          .post('/api/v1/organisations')
          .set(operatorAdmin.auth)
          .send({ code, name: 'Duplicate', kind: 'agency' })
          .expect(409);
        expect(response.body).toMatchObject({ code: 'organisation.duplicate_code' });
      }
    });

    it('answers 422 for an unknown parent', async () => {
      const response = await request(db.http)
        .post('/api/v1/organisations')
        .set(operatorAdmin.auth)
        .send({ code: 'ORPHAN', name: 'Orphan', kind: 'agency', parentCode: 'NOPE' })
        .expect(422);

      expect(response.body).toMatchObject({ code: 'organisation.parent_not_found' });
    });

    it('answers 400 naming every bad field, and for unknown fields', async () => {
      const response = await request(db.http)
        .post('/api/v1/organisations')
        .set(operatorAdmin.auth)
        .send({ code: 'x', name: '', kind: 'party', id: 'mine' })
        .expect(400);

      const fields = (response.body as Problem).errors?.map((e) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['code', 'name', 'kind', 'id']));
    });
  });
});
