import type { DataSource } from 'typeorm';
import { runMigrationsLocked } from './common/database/migrate.js';
import type { AppConfig } from './config/app-config.js';
import { ensureBootstrapAdmin } from './modules/organisations/bootstrap-admin.js';
import { loadReferenceData } from './modules/taxonomy/reference-data.js';

export interface PreparedDatabase {
  appliedMigrations: string[];
  /** A newly created first admin token, to be shown once; undefined when none was created. */
  bootstrapToken?: string;
}

/** What every start-up does before serving: migrations (unless disabled), reference data, a first admin. */
export async function prepareDatabase(dataSource: DataSource, config: AppConfig): Promise<PreparedDatabase> {
  const appliedMigrations = config.database.migrationsRun ? await runMigrationsLocked(dataSource) : [];
  await loadReferenceData(dataSource);
  const bootstrapToken = await ensureBootstrapAdmin(dataSource, config.auth);
  return { appliedMigrations, bootstrapToken };
}
