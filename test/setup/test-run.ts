import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import {
  type EmbeddedDatabase,
  freePort,
  startEmbeddedDatabase,
} from '../../src/common/database/embedded-postgres.js';
import { createDataSource } from '../../src/common/database/data-source.js';
import { runMigrationsLocked } from '../../src/common/database/migrate.js';
import { loadReferenceData } from '../../src/modules/taxonomy/reference-data.js';
import { type TestRunState, databaseUrl, testRunState } from './test-state.js';

/**
 * Once per run: a server (TEST_DATABASE_URL's, else an embedded one), and a template database with every
 * migration and the reference data. Each test file clones the template (test-db.ts), so files run in
 * parallel and nothing is ever truncated.
 */
export async function setUpTestRun(): Promise<void> {
  const runId = `${process.pid}_${randomBytes(3).toString('hex')}`;
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    // Not mkdtemp: its 0700 parent would keep the `postgres` user (used when we run as root) out.
    const dataDir = path.join('/tmp', `kiessignaal-test-${runId}`);
    const embedded = await startEmbeddedDatabase({ dataDir, port: await freePort(), persistent: false });
    // global-teardown runs in this same process and stops it.
    (globalThis as { embeddedTestDatabase?: EmbeddedDatabase }).embeddedTestDatabase = embedded;
    serverUrl = embedded.url;
  }
  const templateName = `ks_tpl_${runId}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${templateName}`);
  await admin.end();

  const dataSource = createDataSource(databaseUrl(serverUrl, templateName), 2);
  await dataSource.initialize();
  await runMigrationsLocked(dataSource);
  await loadReferenceData(dataSource);
  await dataSource.destroy();

  const state: TestRunState = { serverUrl, templateName, runId };
  // Jest starts its workers after this function, and they inherit the environment.
  process.env.KS_TEST_STATE = JSON.stringify(state);
}

/** Drops what the run created and stops the embedded server, also after failed or interrupted files. */
export async function tearDownTestRun(): Promise<void> {
  const state = testRunState();
  const admin = new pg.Client({ connectionString: state.serverUrl });
  await admin.connect();
  const { rows } = await admin.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`,
    [`ks_t_${state.runId}_%`, state.templateName],
  );
  for (const { datname } of rows) {
    await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  }
  await admin.end();
  await (globalThis as { embeddedTestDatabase?: EmbeddedDatabase }).embeddedTestDatabase?.stop();
}
