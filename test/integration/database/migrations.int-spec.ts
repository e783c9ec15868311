import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDataSource } from '../../../src/common/database/data-source.js';
import { runMigrationsLocked } from '../../../src/common/database/migrate.js';
import { migrations } from '../../../migrations/index.js';
import { databaseUrl, testRunState } from '../../setup/test-state.js';

/** An empty database (not cloned from the template), dropped afterwards. */
async function withEmptyDatabase(work: (url: string) => Promise<void>): Promise<void> {
  const { serverUrl, runId } = testRunState();
  const name = `ks_t_${runId}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    await work(databaseUrl(serverUrl, name));
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

describe(runMigrationsLocked.name, () => {
  it('applies every migration once when two instances start at the same moment', async () => {
    await withEmptyDatabase(async (url) => {
      const instances = [createDataSource(url, 2), createDataSource(url, 2)];
      await Promise.all(instances.map((ds) => ds.initialize()));

      const applied = await Promise.all(instances.map((ds) => runMigrationsLocked(ds)));

      expect(applied.flat()).toHaveLength(migrations.length);
      const rows = await instances[0]!.query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM migrations`,
      );
      expect(rows[0]?.count).toBe(migrations.length);
      await Promise.all(instances.map((ds) => ds.destroy()));
    });
  });

  it('reverts every migration down to an empty schema', async () => {
    await withEmptyDatabase(async (url) => {
      const dataSource = createDataSource(url, 1);
      await dataSource.initialize();
      await runMigrationsLocked(dataSource);

      for (let i = 0; i < migrations.length; i++) {
        await dataSource.undoLastMigration();
      }

      const tables = await dataSource.query<{ table_name: string }[]>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
      );
      expect(tables).toEqual([]);
      await dataSource.destroy();
    });
  });
});
