import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every instance keeps the members of recently used tokens in memory (AuthService), so that a request does
 * not need a round trip to authenticate. Whatever changes what a token stands for (a revocation, a member or
 * an organisation changed or removed) now sends `NOTIFY auth_changed` from the transaction that does it,
 * whoever writes it (the API, the CLI, an operator in psql), and every instance forgets what it kept.
 * Statement-level triggers: one notification per statement, and these tables change rarely.
 */
export class NotifyAuthChanges1795970000000 implements MigrationInterface {
  name = 'NotifyAuthChanges1795970000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION notify_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('auth_changed', '');
        RETURN NULL;
      END
      $$`);
    for (const table of ['api_tokens', 'members', 'organisations']) {
      await db.query(`
        CREATE TRIGGER ${table}_auth_changed AFTER UPDATE OR DELETE OR TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_changed()`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['api_tokens', 'members', 'organisations']) {
      await db.query(`DROP TRIGGER ${table}_auth_changed ON ${table}`);
    }
    await db.query(`DROP FUNCTION notify_auth_changed()`);
  }
}
