import request from 'supertest';
import type { TaxonomyResponse } from '../../src/modules/taxonomy/dto/taxonomy.response.js';
import { insert, type TestMember } from '../factories/index.js';
import { TestDb } from '../setup/test-db.js';

describe('taxonomy', () => {
  let db: TestDb;
  let operatorAdmin: TestMember;
  let aivdAdmin: TestMember;
  let liaison: TestMember;

  beforeAll(async () => {
    db = await TestDb.create();
    operatorAdmin = await insert.member(db, { organisation: 'BZK', roles: ['admin'] });
    aivdAdmin = await insert.member(db, { organisation: 'AIVD', roles: ['admin'] });
    liaison = await insert.member(db, { organisation: 'GM0599', roles: ['liaison'] });
  });
  afterAll(() => db.destroy());

  describe('GET /api/v1/taxonomy', () => {
    it('answers the categories and action types, sorted by code', async () => {
      const response = await request(db.http).get('/api/v1/taxonomy').set(liaison.auth).expect(200);

      const taxonomy = response.body as TaxonomyResponse;
      const categories = taxonomy.categories.map((c) => c.code);
      expect(categories).toEqual([
        'covert-influence',
        'cyber-attack',
        'disinformation',
        'election-process',
        'hack-and-leak',
        'inauthentic-behaviour',
        'intimidation',
        'microtargeting',
      ]);
      expect(taxonomy.categories[2]).toEqual({
        code: 'disinformation',
        nameEn: 'Disinformation / fake news',
        nameNl: 'Desinformatie / nepnieuws',
      });
      const actionTypes = taxonomy.actionTypes.map((a) => a.code);
      expect(actionTypes).toHaveLength(13);
      expect(actionTypes).toEqual([...actionTypes].sort());
      expect(actionTypes).toContain('report-to-ap');
    });

    it('answers both elections of 21 March 2018 with their phases in order', async () => {
      const response = await request(db.http).get('/api/v1/taxonomy').set(liaison.auth).expect(200);

      const { elections } = response.body as TaxonomyResponse;
      expect(elections.map((e) => e.code)).toEqual(['GR2018', 'REF2018']);
      const [municipal] = elections;
      expect(municipal).toMatchObject({
        nameNl: 'Gemeenteraadsverkiezingen 2018',
        electionDate: '2018-03-21',
      });
      expect(municipal?.phases.map((p) => p.phase)).toEqual(['campaign', 'election-day', 'count', 'result']);
      // 07:30-21:00 in Amsterdam, CET in March 2018.
      expect(municipal?.phases[1]).toEqual({
        phase: 'election-day',
        startsAt: '2018-03-21T06:30:00.000Z',
        endsAt: '2018-03-21T20:00:00.000Z',
      });
    });

    it('answers 401 without a token', async () => {
      await request(db.http).get('/api/v1/taxonomy').expect(401);
    });
  });

  describe.each([
    ['categories', 'categories'],
    ['action-types', 'actionTypes'],
  ])('POST /api/v1/taxonomy/%s', (path, listName) => {
    const url = `/api/v1/taxonomy/${path}`;

    it('lets an operator admin add an entry that every member then sees', async () => {
      const entry = { code: `deepfake-${path}`, nameEn: 'Deepfake audio or video', nameNl: 'Deepfake' };

      const response = await request(db.http).post(url).set(operatorAdmin.auth).send(entry).expect(201);

      expect(response.body).toEqual(entry);
      const taxonomy = await request(db.http).get('/api/v1/taxonomy').set(liaison.auth).expect(200);
      expect(taxonomy.body[listName]).toContainEqual(entry);
    });

    it('answers 409 for a code that is taken', async () => {
      const entry = { code: `taken-${path}`, nameEn: 'Taken', nameNl: 'Bezet' };
      await request(db.http).post(url).set(operatorAdmin.auth).send(entry).expect(201);

      const response = await request(db.http).post(url).set(operatorAdmin.auth).send(entry).expect(409);

      expect(response.body).toMatchObject({ code: 'taxonomy.duplicate_code' });
    });

    it('answers 403 to an admin of another organisation than the operator', async () => {
      const entry = { code: `aivd-${path}`, nameEn: 'x', nameNl: 'x' };

      await request(db.http).post(url).set(aivdAdmin.auth).send(entry).expect(403);
    });

    it('answers 403 to a member without the admin role', async () => {
      await request(db.http)
        .post(url)
        .set(liaison.auth)
        .send({ code: 'nope', nameEn: 'x', nameNl: 'x' })
        .expect(403);
    });

    it.each(['Upper', '-leading-hyphen', 'x', 'with space', 'a'.repeat(49)])(
      'answers 400 for the code %s',
      async (code) => {
        const response = await request(db.http)
          .post(url)
          .set(operatorAdmin.auth)
          .send({ code, nameEn: 'x', nameNl: 'x' })
          .expect(400);

        expect(response.body.errors).toEqual([expect.objectContaining({ field: 'code' })]);
      },
    );
  });
});
