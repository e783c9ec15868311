import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { build, insert, type TestMember } from '../factories/index.js';
import { TestDb } from '../setup/test-db.js';

const SIGNALS = '/api/v1/signals';
const PROBLEM = /^application\/problem\+json/;

describe('signal changes API', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await TestDb.create();
  });
  afterAll(() => db.destroy());

  async function member(roles: ('liaison' | 'analyst')[], organisation?: string): Promise<TestMember> {
    return insert.member(db, { organisation: organisation ?? (await insert.organisation(db)).code, roles });
  }

  async function posted(
    liaison: TestMember,
    overrides: object = {},
  ): Promise<{ id: string; createdAt: string }> {
    const response = await request(db.http)
      .post(SIGNALS)
      .set(liaison.auth)
      .send(build.submitSignal(overrides))
      .expect(201);
    return response.body as { id: string; createdAt: string };
  }

  function amend(caller: TestMember, id: string, body: object): request.Test {
    return request(db.http).patch(`${SIGNALS}/${id}`).set(caller.auth).send(body);
  }

  function withdraw(
    caller: TestMember,
    id: string,
    body: object = { reason: 'Posted twice.' },
  ): request.Test {
    return request(db.http).post(`${SIGNALS}/${id}/withdraw`).set(caller.auth).send(body);
  }

  describe('PATCH /api/v1/signals/{id}', () => {
    it('answers 200 with the amended signal as its next version', async () => {
      const liaison = await member(['liaison']);
      const signal = await posted(liaison, { severity: 'moderate', addressees: ['NCTV'] });

      const response = await amend(liaison, signal.id, {
        severity: 'critical',
        description: 'It spreads fast.',
        observables: [{ type: 'domain', value: 'Nep[.]Example' }],
        addressees: ['KR', 'NCTV', 'KR'],
      }).expect(200);

      expect(response.body).toMatchObject({
        id: signal.id,
        severity: 'critical',
        description: 'It spreads fast.',
        observables: [{ type: 'domain', value: 'nep.example' }],
        addressees: ['KR', 'NCTV'],
        version: 2,
        withdrawnAt: null,
        withdrawalReason: null,
        createdAt: signal.createdAt,
      });
      expect(Date.parse(response.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(signal.createdAt));
    });

    it('answers 400 problem for an amendment naming no field', async () => {
      const liaison = await member(['liaison']);
      const signal = await posted(liaison);

      const response = await amend(liaison, signal.id, {}).expect(400);

      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body.code).toBe('validation_failed');
    });

    it.each([
      ['a field that cannot be amended', { title: 'New title' }, 'title'],
      ['a null severity', { severity: null }, 'severity'],
      [
        'an observable that cannot be normalised',
        { observables: [{ type: 'ip', value: '999.1.1.1' }] },
        'observables.0.value',
      ],
      ['too many addressees', { addressees: Array.from({ length: 51 }, (_, i) => `ORG-${i}`) }, 'addressees'],
    ])('answers 400 problem for %s', async (_case, body, field) => {
      const liaison = await member(['liaison']);
      const signal = await posted(liaison);

      const response = await amend(liaison, signal.id, body).expect(400);

      expect((response.body.errors as { field: string }[]).map((error) => error.field)).toEqual([field]);
    });

    it('answers 422 problem for an unknown addressee', async () => {
      const liaison = await member(['liaison']);
      const signal = await posted(liaison);

      const response = await amend(liaison, signal.id, { addressees: ['NOPE'] }).expect(422);

      expect(response.body).toMatchObject({
        code: 'signal.unknown_reference',
        errors: [{ field: 'addressees.0', messages: ['NOPE is not a known organisation'] }],
      });
    });

    it('answers 403 problem to a member of the reporting organisation who is not a liaison', async () => {
      const liaison = await member(['liaison']);
      const signal = await posted(liaison);
      const analyst = await member(['analyst'], liaison.organisationCode);

      await amend(analyst, signal.id, { severity: 'low' }).expect(403);
    });

    it('answers 403 problem to a recipient, which may read the signal but not change it', async () => {
      const recipient = await member(['liaison']);
      const signal = await posted(await member(['liaison']), {
        tlp: 'AMBER',
        addressees: [recipient.organisationCode],
      });

      const response = await amend(recipient, signal.id, { severity: 'low' }).expect(403);

      expect(response.body.code).toBe('auth.forbidden');
    });

    it('answers 404 problem to an organisation that may not see the signal', async () => {
      const signal = await posted(await member(['liaison']), { tlp: 'AMBER', addressees: ['NCTV'] });

      const response = await amend(await member(['liaison']), signal.id, { severity: 'low' }).expect(404);

      expect(response.body.code).toBe('signal.not_found');
    });

    it('answers 404 for a signal that does not exist', async () => {
      await amend(await member(['liaison']), randomUUID(), { severity: 'low' }).expect(404);
    });
  });

  describe('POST /api/v1/signals/{id}/withdraw', () => {
    it('answers 200 with the withdrawn signal, which stays readable', async () => {
      const liaison = await member(['liaison']);
      const signal = await posted(liaison);

      const response = await withdraw(liaison, signal.id, { reason: 'A satirical site.' }).expect(200);

      expect(response.body).toMatchObject({ version: 2, withdrawalReason: 'A satirical site.' });
      expect(response.body.withdrawnAt).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/));
      const read = await request(db.http).get(`${SIGNALS}/${signal.id}`).set(liaison.auth).expect(200);
      expect(read.body.withdrawnAt).toBe(response.body.withdrawnAt);
    });

    it('answers 409 problem to a second withdrawal and to an amendment after it', async () => {
      const liaison = await member(['liaison']);
      const signal = await posted(liaison);
      await withdraw(liaison, signal.id).expect(200);

      const [again, amended] = [
        await withdraw(liaison, signal.id).expect(409),
        await amend(liaison, signal.id, { severity: 'high' }).expect(409),
      ];

      expect([again.body.code, amended.body.code]).toEqual([
        'signal.already_withdrawn',
        'signal.already_withdrawn',
      ]);
      expect(again.headers['content-type']).toMatch(PROBLEM);
    });

    it.each([
      ['no reason', {}],
      ['a blank reason', { reason: '   ' }],
      ['a reason over 2000 characters', { reason: 'x'.repeat(2001) }],
    ])('answers 400 problem for %s', async (_case, body) => {
      const liaison = await member(['liaison']);
      const signal = await posted(liaison);

      const response = await withdraw(liaison, signal.id, body).expect(400);

      expect(response.body.errors).toEqual([{ field: 'reason', messages: expect.any(Array) }]);
    });

    it('answers 404 problem to an organisation that may not see the signal', async () => {
      const signal = await posted(await member(['liaison']), { tlp: 'RED', addressees: ['NCTV'] });

      await withdraw(await member(['liaison']), signal.id).expect(404);
    });
  });

  describe('GET /api/v1/signals/{id}/versions', () => {
    it('answers every version, oldest first, to an organisation that may see the signal', async () => {
      const liaison = await member(['liaison']);
      const reader = await member(['analyst']);
      const signal = await posted(liaison, { severity: 'moderate', addressees: [reader.organisationCode] });
      await amend(liaison, signal.id, { severity: 'high' }).expect(200);

      const response = await request(db.http)
        .get(`${SIGNALS}/${signal.id}/versions`)
        .set(reader.auth)
        .expect(200);

      expect(response.body).toEqual({
        items: [
          {
            version: 1,
            isCurrent: false,
            change: 'submitted',
            changedFields: [],
            reason: null,
            changedAt: signal.createdAt,
            changedBy: null,
            content: expect.objectContaining({ severity: 'moderate', addressees: [reader.organisationCode] }),
          },
          {
            version: 2,
            isCurrent: true,
            change: 'amended',
            changedFields: ['severity'],
            reason: null,
            changedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
            changedBy: null,
            content: expect.objectContaining({ severity: 'high' }),
          },
        ],
        nextCursor: null,
      });
    });

    it('answers 404 problem to an organisation that may not see the signal', async () => {
      const signal = await posted(await member(['liaison']), { tlp: 'AMBER', addressees: ['NCTV'] });

      const response = await request(db.http)
        .get(`${SIGNALS}/${signal.id}/versions`)
        .set((await member(['analyst'])).auth)
        .expect(404);

      expect(response.body.code).toBe('signal.not_found');
    });
  });
});
