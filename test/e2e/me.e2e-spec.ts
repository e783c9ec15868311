import request from 'supertest';
import { generateToken } from '../../src/common/auth/tokens.js';
import { insert, type TestMember } from '../factories/index.js';
import { TestDb } from '../setup/test-db.js';

describe('GET /api/v1/me', () => {
  let db: TestDb;
  let liaison: TestMember;

  beforeAll(async () => {
    db = await TestDb.create();
    liaison = await insert.member(db, {
      organisation: 'AIVD',
      roles: ['liaison', 'analyst'],
      name: 'Anna Bakker',
    });
  });
  afterAll(() => db.destroy());

  it('answers who the token belongs to', async () => {
    const [row] = await db.sql<{ email: string }>(`SELECT email FROM members WHERE id = $1`, [liaison.id]);

    const response = await request(db.http).get('/api/v1/me').set(liaison.auth).expect(200);

    expect(response.body).toEqual({
      id: liaison.id,
      name: 'Anna Bakker',
      email: row?.email,
      roles: ['liaison', 'analyst'],
      permissions: [
        'action.update',
        'alert.respond',
        'case.read',
        'organisation.read',
        'signal.read',
        'signal.submit',
        'subscription.manage',
        'taxonomy.read',
        'webhook.manage',
      ],
      organisationCode: 'AIVD',
      organisationName: 'General Intelligence and Security Service',
    });
  });

  it('answers an admin with the admin permissions', async () => {
    const admin = await insert.member(db, { organisation: 'BZK', roles: ['admin'] });

    const response = await request(db.http).get('/api/v1/me').set(admin.auth).expect(200);

    expect(response.body.permissions).toEqual(
      expect.arrayContaining(['organisation.manage', 'member.manage', 'taxonomy.manage']),
    );
  });

  it.each([
    ['no Authorization header', {}],
    ['another scheme', { Authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }],
    ['a token that is not ours in shape', { Authorization: 'Bearer abc' }],
    ['a well-formed token nobody holds', { Authorization: `Bearer ${generateToken()}` }],
  ])('answers 401 problem for %s', async (_case, headers) => {
    const response = await request(db.http).get('/api/v1/me').set(headers).expect(401);

    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 401, code: 'auth.unauthenticated' });
  });

  it('answers 401 for an expired token', async () => {
    const token = await insert.token(db, liaison.id, { expiresAt: new Date(Date.now() - 1000) });

    await request(db.http).get('/api/v1/me').set(token.auth).expect(401);
  });

  it('answers 401 for a revoked token', async () => {
    const token = await insert.token(db, liaison.id, { revokedAt: new Date() });

    await request(db.http).get('/api/v1/me').set(token.auth).expect(401);
  });
});
