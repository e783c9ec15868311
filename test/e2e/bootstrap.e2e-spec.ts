import request from 'supertest';
import { generateToken } from '../../src/common/auth/tokens.js';
import { AppConfig } from '../../src/config/app-config.js';
import { ensureBootstrapAdmin } from '../../src/modules/organisations/bootstrap-admin.js';
import { prepareDatabase } from '../../src/startup.js';
import { insert } from '../factories/index.js';
import { TestDb } from '../setup/test-db.js';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe(ensureBootstrapAdmin.name, () => {
  describe('with BOOTSTRAP_ADMIN_TOKEN', () => {
    const configured = generateToken();
    let db: TestDb;
    beforeAll(async () => {
      db = await TestDb.create({ BOOTSTRAP_ADMIN_TOKEN: configured });
    });
    afterAll(() => db.destroy());

    it('makes that token authenticate as an admin of BZK, and shows nothing', async () => {
      const prepared = await prepareDatabase(db.dataSource, db.get(AppConfig));

      const me = await request(db.http).get('/api/v1/me').set(bearer(configured)).expect(200);
      expect(prepared.bootstrapToken).toBeUndefined();
      expect(me.body).toMatchObject({ organisationCode: 'BZK', roles: ['admin'] });
    });

    it('changes nothing when run again with the same token', async () => {
      const before = await db.sql(`SELECT id, revoked_at FROM api_tokens ORDER BY id`);

      await ensureBootstrapAdmin(db.dataSource, {
        bootstrapAdminToken: configured,
        operatorOrganisation: 'BZK',
      });

      expect(await db.sql(`SELECT id, revoked_at FROM api_tokens ORDER BY id`)).toEqual(before);
      await request(db.http).get('/api/v1/me').set(bearer(configured)).expect(200);
    });

    it('revokes the previous bootstrap token when another is configured', async () => {
      const replacement = generateToken();

      await ensureBootstrapAdmin(db.dataSource, {
        bootstrapAdminToken: replacement,
        operatorOrganisation: 'BZK',
      });

      await request(db.http).get('/api/v1/me').set(bearer(configured)).expect(401);
      await request(db.http).get('/api/v1/me').set(bearer(replacement)).expect(200);
    });

    it('refuses a token that another member holds', async () => {
      const other = await insert.member(db, { organisation: 'NCTV', roles: ['liaison'] });

      await expect(
        ensureBootstrapAdmin(db.dataSource, {
          bootstrapAdminToken: other.token,
          operatorOrganisation: 'BZK',
        }),
      ).rejects.toThrow(/another member/);
      const me = await request(db.http).get('/api/v1/me').set(other.auth).expect(200);
      expect(me.body.roles).toEqual(['liaison']);
    });
  });

  describe('without BOOTSTRAP_ADMIN_TOKEN', () => {
    let db: TestDb;
    beforeAll(async () => {
      db = await TestDb.create();
    });
    afterAll(() => db.destroy());

    it('creates a first admin token on an empty token table, once', async () => {
      const first = await ensureBootstrapAdmin(db.dataSource, { operatorOrganisation: 'BZK' });
      const second = await ensureBootstrapAdmin(db.dataSource, { operatorOrganisation: 'BZK' });

      expect(first).toMatch(/^ks_[A-Za-z0-9_-]{43}$/);
      expect(second).toBeUndefined();
      expect(await db.sql(`SELECT id FROM api_tokens`)).toHaveLength(1);
      const me = await request(db.http)
        .get('/api/v1/me')
        .set(bearer(first ?? ''))
        .expect(200);
      expect(me.body).toMatchObject({ organisationCode: 'BZK', roles: ['admin'] });
    });
  });
});
