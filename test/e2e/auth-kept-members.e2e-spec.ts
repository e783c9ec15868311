import { jest } from '@jest/globals';
import request from 'supertest';
import { AuthService } from '../../src/common/auth/auth.service.js';
import { Clock } from '../../src/common/clock.js';
import { PgListenerService } from '../../src/common/database/pg-listener.service.js';
import { insert, type TestMember } from '../factories/index.js';
import { TestDb } from '../setup/test-db.js';

/** Polls until `check` holds, for changes that arrive by NOTIFY; fails after two seconds. */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error('the condition did not hold within 2 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * AuthService keeps the member of a recently used token, so that requests need no round trip to
 * authenticate. These tests change tokens, members and organisations behind the instance's back (as another
 * instance, the CLI or an operator in psql would) and check that it forgets what it kept.
 */
describe('authentication keeps members only while nothing changed', () => {
  let db: TestDb;
  let liaison: TestMember;

  const me = (credentials: { Authorization: string }) => request(db.http).get('/api/v1/me').set(credentials);
  const auth = () => db.get(AuthService);

  beforeAll(async () => {
    db = await TestDb.create();
    liaison = await insert.member(db, { organisation: 'AIVD', roles: ['liaison'] });
  });
  afterAll(() => db.destroy());
  afterEach(() => jest.restoreAllMocks());

  it('serves a kept member without asking the database (a change with triggers off goes unseen)', async () => {
    const token = await insert.token(db, liaison.id);
    await me(token.auth).expect(200);

    // session_replication_role = replica skips triggers: no notification, so nothing is forgotten.
    await db.dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL session_replication_role = replica`);
      await manager.query(`UPDATE api_tokens SET revoked_at = now() WHERE id = $1`, [token.id]);
    });

    await me(token.auth).expect(200);
  });

  it('forgets a token revoked elsewhere as soon as the notification arrives', async () => {
    const token = await insert.token(db, liaison.id);
    await me(token.auth).expect(200);

    await db.sql(`UPDATE api_tokens SET revoked_at = now() WHERE id = $1`, [token.id]);

    await eventually(async () => (await me(token.auth)).status === 401);
  });

  it('forgets the roles of a member changed elsewhere', async () => {
    const member = await insert.member(db, { organisation: 'NCTV', roles: ['liaison'] });
    expect((await auth().authenticate(member.token))?.roles).toEqual(['liaison']);

    await db.sql(`UPDATE members SET roles = ARRAY['analyst'] WHERE id = $1`, [member.id]);

    await eventually(async () => (await auth().authenticate(member.token))?.roles.join() === 'analyst');
  });

  it('forgets an organisation code changed elsewhere', async () => {
    const member = await insert.member(db, { organisation: 'AP', roles: ['analyst'] });
    expect((await auth().authenticate(member.token))?.organisationCode).toBe('AP');

    await db.sql(`UPDATE organisations SET code = 'AP-NL' WHERE code = 'AP'`);

    await eventually(async () => (await auth().authenticate(member.token))?.organisationCode === 'AP-NL');
  });

  it('refuses a kept token once it expires, without asking the database', async () => {
    const token = await insert.token(db, liaison.id, { expiresAt: new Date(Date.now() + 60_000) });
    await me(token.auth).expect(200);

    jest.spyOn(db.get(Clock), 'now').mockReturnValue(new Date(Date.now() + 120_000));

    await me(token.auth).expect(401);
  });

  it('never keeps an unknown token: one created afterwards works at once', async () => {
    const member = await insert.member(db, { organisation: 'AIVD', roles: ['analyst'] });
    const token = await insert.token(db, member.id, { revokedAt: new Date() });
    await me(token.auth).expect(401);

    await db.sql(`UPDATE api_tokens SET revoked_at = NULL WHERE id = $1`, [token.id]);

    await me(token.auth).expect(200);
  });

  it('keeps nothing while the listener is down, so a change it could miss is never served', async () => {
    const listener = db.get(PgListenerService);
    const token = await insert.token(db, liaison.id);
    await me(token.auth).expect(200);

    await db.sql(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'kiessignaal-listener'`,
    );
    await eventually(() => Promise.resolve(!listener.isConnected));
    await db.sql(`UPDATE api_tokens SET revoked_at = now() WHERE id = $1`, [token.id]);

    await me(token.auth).expect(401);
    await eventually(() => Promise.resolve(listener.isConnected));
    await me(token.auth).expect(401);
  });
});
