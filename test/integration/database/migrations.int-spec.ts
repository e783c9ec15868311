import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDataSource } from '../../../src/common/database/data-source.js';
import { runMigrationsLocked } from '../../../src/common/database/migrate.js';
import { migrations } from '../../../migrations/index.js';
import { loadReferenceData } from '../../../src/modules/taxonomy/reference-data.js';
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

  it('completes the alerts already queued for the sequencer with their recipients and kinds', async () => {
    await withEmptyDatabase(async (url) => {
      const dataSource = createDataSource(url, 1);
      await dataSource.initialize();
      await runMigrationsLocked(dataSource);
      await loadReferenceData(dataSource);
      await dataSource.undoLastMigration(); // QueueAlertRecipients
      await dataSource.query(
        `INSERT INTO members (organisation_id, name, email, roles)
         SELECT id, 'Liaison', 'liaison@example.test', ARRAY['liaison'] FROM organisations WHERE code = 'AIVD'`,
      );
      const [signal] = await dataSource.query<{ id: string }[]>(
        `INSERT INTO signals (organisation_id, submitted_by_member_id, title, description, category, severity, tlp,
                              classification, election, observed_at, source, confidence)
         SELECT o.id, m.id, 't', 'd', 'disinformation', 'high', 'GREEN', 'unclassified', 'GR2018', now(),
                'open-source', 50
           FROM organisations o JOIN members m ON m.organisation_id = o.id LIMIT 1
         RETURNING id`,
      );
      const recipients = await dataSource.query<{ id: string }[]>(
        `SELECT id FROM organisations ORDER BY code LIMIT 2`,
      );
      const alerts = await dataSource.query<{ id: string }[]>(
        `INSERT INTO alerts (organisation_id, kind, signal_id, signal_version, severity, election, reasons)
         SELECT given.id, given.kind, $1, 1, 'high', 'GR2018', '[]'
           FROM unnest($2::uuid[], $3::text[]) WITH ORDINALITY AS given (id, kind, position)
          ORDER BY given.position
         RETURNING id`,
        [signal!.id, recipients.map((r) => r.id), ['signal', 'update']],
      );
      // Queued in the opposite order to the one written: the queue's order is the one kept.
      const queuedIds = alerts.map((a) => a.id).reverse();
      await dataSource.query(`INSERT INTO alerts_to_sequence (alert_ids) VALUES ($1)`, [queuedIds]);

      await runMigrationsLocked(dataSource);

      const queued = await dataSource.query(
        `SELECT alert_ids, organisation_ids, kinds FROM alerts_to_sequence`,
      );
      expect(queued).toEqual([
        {
          alert_ids: queuedIds,
          organisation_ids: recipients.map((r) => r.id).reverse(),
          kinds: ['update', 'signal'],
        },
      ]);
      await dataSource.destroy();
    });
  });
});
