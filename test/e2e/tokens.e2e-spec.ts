import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import type { CreatedTokenResponse } from '../../src/modules/organisations/dto/created-token.response.js';
import { insert, type TestMember } from '../factories/index.js';
import { TestDb } from '../setup/test-db.js';

describe('tokens', () => {
  let db: TestDb;
  let operatorAdmin: TestMember;
  let aivdAdmin: TestMember;
  let nctvAnalyst: TestMember;

  const createToken = (admin: TestMember, memberId: string, body: object = { name: 'laptop' }) =>
    request(db.http).post(`/api/v1/members/${memberId}/tokens`).set(admin.auth).send(body);

  beforeAll(async () => {
    db = await TestDb.create();
    operatorAdmin = await insert.member(db, { organisation: 'BZK', roles: ['admin'] });
    aivdAdmin = await insert.member(db, { organisation: 'AIVD', roles: ['admin'] });
    nctvAnalyst = await insert.member(db, { organisation: 'NCTV', roles: ['analyst'] });
  });
  afterAll(() => db.destroy());

  describe('POST /api/v1/members/:id/tokens', () => {
    it('answers a new token that authenticates as the member', async () => {
      const response = await createToken(operatorAdmin, nctvAnalyst.id).expect(201);

      expect(response.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        token: expect.stringMatching(/^ks_[A-Za-z0-9_-]{43}$/),
        name: 'laptop',
        prefix: (response.body as CreatedTokenResponse).token.slice(0, 10),
        expiresAt: null,
        createdAt: expect.any(String),
      });
      const me = await request(db.http)
        .get('/api/v1/me')
        .set({ Authorization: `Bearer ${response.body.token}` })
        .expect(200);
      expect(me.body).toMatchObject({ id: nctvAnalyst.id, organisationCode: 'NCTV' });
    });

    it('stores only a SHA-256 of the token and its display prefix', async () => {
      const body = (await createToken(operatorAdmin, nctvAnalyst.id).expect(201))
        .body as CreatedTokenResponse;

      const [row] = await db.sql<{ token_hash: string; token_prefix: string }>(
        `SELECT token_hash, token_prefix FROM api_tokens WHERE id = $1`,
        [body.id],
      );
      expect(row).toEqual({
        token_hash: createHash('sha256').update(body.token).digest('hex'),
        token_prefix: body.prefix,
      });
      const holding = await db.sql(`SELECT 1 FROM api_tokens t WHERE strpos(row_to_json(t)::text, $1) > 0`, [
        body.token.slice(10),
      ]);
      expect(holding).toHaveLength(0);
    });

    it('answers a different token every time: a lost one cannot be shown again', async () => {
      const first = await createToken(operatorAdmin, nctvAnalyst.id).expect(201);
      const second = await createToken(operatorAdmin, nctvAnalyst.id).expect(201);

      expect(second.body.token).not.toEqual(first.body.token);
    });

    it('keeps the given expiry, and the token works until then', async () => {
      const expiresAt = new Date(Date.now() + 3_600_000);

      const response = await createToken(operatorAdmin, nctvAnalyst.id, {
        name: 'temporary',
        expiresAt: expiresAt.toISOString(),
      }).expect(201);

      expect(response.body.expiresAt).toBe(expiresAt.toISOString());
      await request(db.http)
        .get('/api/v1/me')
        .set({ Authorization: `Bearer ${response.body.token}` })
        .expect(200);
    });

    it('answers 422 for an expiry in the past', async () => {
      const response = await createToken(operatorAdmin, nctvAnalyst.id, {
        name: 'stale',
        expiresAt: '2018-03-21T21:00:00+01:00',
      }).expect(422);

      expect(response.body).toMatchObject({ code: 'token.expiry_in_past' });
    });

    it.each([
      ['an expiry without a time zone', { name: 'x', expiresAt: '2099-01-01T00:00:00' }],
      ['an expiry that is no date', { name: 'x', expiresAt: 'tomorrow' }],
      ['no name', {}],
      ['an unknown field', { name: 'x', memberId: randomUUID() }],
    ])('answers 400 for %s', async (_case, body) => {
      await createToken(operatorAdmin, nctvAnalyst.id, body).expect(400);
    });

    it('lets an admin create tokens for members of organisations under its own', async () => {
      const unit = await insert.organisation(db, { parent: 'AIVD' });
      const unitMember = await insert.member(db, { organisation: unit.code, roles: ['liaison'] });

      await createToken(aivdAdmin, unitMember.id).expect(201);
    });

    it('answers 404 when an AIVD admin creates a token for an NCTV member, and creates none', async () => {
      const before = await db.sql(`SELECT id FROM api_tokens WHERE member_id = $1`, [nctvAnalyst.id]);

      const response = await createToken(aivdAdmin, nctvAnalyst.id).expect(404);

      expect(response.body).toMatchObject({ code: 'member.not_found' });
      expect(await db.sql(`SELECT id FROM api_tokens WHERE member_id = $1`, [nctvAnalyst.id])).toHaveLength(
        before.length,
      );
    });

    it('answers 404 for an unknown member and 400 for a malformed id', async () => {
      await createToken(operatorAdmin, randomUUID()).expect(404);
      await createToken(operatorAdmin, 'not-a-uuid').expect(400);
    });

    it('answers 403 to a member without the admin role', async () => {
      await createToken(nctvAnalyst, nctvAnalyst.id).expect(403);
    });
  });

  describe('DELETE /api/v1/tokens/:id', () => {
    it('revokes the token: it stops working at once', async () => {
      const member = await insert.member(db, { organisation: 'AIVD', roles: ['liaison'] });
      const token = await insert.token(db, member.id);
      await request(db.http).get('/api/v1/me').set(token.auth).expect(200);

      await request(db.http).delete(`/api/v1/tokens/${token.id}`).set(aivdAdmin.auth).expect(204, '');

      await request(db.http).get('/api/v1/me').set(token.auth).expect(401);
      await request(db.http).get('/api/v1/me').set(member.auth).expect(200);
      const [row] = await db.sql<{ revoked_at: Date | null }>(
        `SELECT revoked_at FROM api_tokens WHERE id = $1`,
        [token.id],
      );
      expect(row?.revoked_at).toBeInstanceOf(Date);
    });

    it('answers 204 again for a revoked token and keeps the first revocation time', async () => {
      const token = await insert.token(db, nctvAnalyst.id, { revokedAt: new Date('2018-03-22T10:00:00Z') });

      await request(db.http).delete(`/api/v1/tokens/${token.id}`).set(operatorAdmin.auth).expect(204);

      const [row] = await db.sql<{ revoked_at: Date }>(`SELECT revoked_at FROM api_tokens WHERE id = $1`, [
        token.id,
      ]);
      expect(row?.revoked_at.toISOString()).toBe('2018-03-22T10:00:00.000Z');
    });

    it('answers 404 when an AIVD admin revokes an NCTV token, which keeps working', async () => {
      const token = await insert.token(db, nctvAnalyst.id);

      const response = await request(db.http)
        .delete(`/api/v1/tokens/${token.id}`)
        .set(aivdAdmin.auth)
        .expect(404);

      expect(response.body).toMatchObject({ code: 'token.not_found' });
      await request(db.http).get('/api/v1/me').set(token.auth).expect(200);
    });

    it('lets the operator admin revoke any token', async () => {
      const token = await insert.token(db, nctvAnalyst.id);

      await request(db.http).delete(`/api/v1/tokens/${token.id}`).set(operatorAdmin.auth).expect(204);

      await request(db.http).get('/api/v1/me').set(token.auth).expect(401);
    });

    it('answers 404 for an unknown token, 400 for a malformed id, 403 to a non-admin', async () => {
      const token = await insert.token(db, nctvAnalyst.id);

      await request(db.http).delete(`/api/v1/tokens/${randomUUID()}`).set(operatorAdmin.auth).expect(404);
      await request(db.http).delete('/api/v1/tokens/42').set(operatorAdmin.auth).expect(400);
      await request(db.http).delete(`/api/v1/tokens/${token.id}`).set(nctvAnalyst.auth).expect(403);
    });
  });
});
