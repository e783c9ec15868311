import { type DataSource, MigrationExecutor } from 'typeorm';

/** Arbitrary but fixed: every instance of the service takes the same advisory lock to migrate. */
const MIGRATION_LOCK_KEY = 7_398_018;

/**
 * Applies pending migrations while holding a session-level advisory lock, so that two instances starting
 * at once do not race: the second waits, then finds nothing left to do. The migrations run on the very
 * connection that holds the lock, so a pool of one connection suffices.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = 'each';
      const applied = await executor.executePendingMigrations();
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}
