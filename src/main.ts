import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { createApp, API_PREFIX } from './app.setup.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './common/database/embedded-postgres.js';
import { AppConfig, loadEnv } from './config/app-config.js';
import type { Env } from './config/env.validation.js';
import { prepareDatabase } from './startup.js';

async function main(): Promise<void> {
  let env: Env;
  try {
    env = loadEnv();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }

  let embedded: EmbeddedDatabase | undefined;
  if (!env.DATABASE_URL) {
    embedded = await startEmbeddedDatabase({
      dataDir: env.EMBEDDED_DATABASE_DIR,
      port: env.EMBEDDED_DATABASE_PORT,
      persistent: true,
      log: (line) => process.stdout.write(`${line}\n`),
    });
  }
  const config = new AppConfig(env, env.DATABASE_URL ?? embedded!.url);
  const app = await createApp(config);
  const prepared = await prepareDatabase(app.get(DataSource), config);

  let shuttingDown = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (shuttingDown) {
      return;
    }
    shuttingDown = true;
    process.stdout.write(`\n${signal} received: finishing in-flight requests, then stopping.\n`);
    const force = setTimeout(() => {
      process.stderr.write(`Shutdown took longer than ${config.http.shutdownTimeoutMs} ms; exiting.\n`);
      process.exit(1);
    }, config.http.shutdownTimeoutMs);
    force.unref();
    // Stops accepting connections, waits for in-flight requests, then closes the pool (module destroy hooks).
    await app.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen(config.http.port, config.http.host);
  app.flushLogs();
  const base = (await app.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  const lines = [
    '',
    `Kiessignaal is running at ${base}/${API_PREFIX}`,
    `  API documentation: ${base}/api/docs (OpenAPI JSON: ${base}/api/docs-json)`,
    `  Health:            ${base}/health/ready`,
    `  Database:          ${embedded ? `embedded PostgreSQL, data in ${env.EMBEDDED_DATABASE_DIR}` : 'DATABASE_URL'}`,
  ];
  if (prepared.bootstrapToken) {
    lines.push(
      '',
      'A first admin token was created for this new database. It is shown only this once; keep it safe:',
      '',
      `  ${prepared.bootstrapToken}`,
      '',
      `Try: curl -H "Authorization: Bearer ${prepared.bootstrapToken}" ${base}/${API_PREFIX}/me`,
    );
  } else {
    lines.push(
      '',
      'Get a token: use your admin token, or `npm run cli -- create-token --member <id>` (see README).',
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Kiessignaal could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
