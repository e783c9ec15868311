import { randomBytes } from 'node:crypto';
import type { INestApplication, Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import type { DestinationStream } from 'pino';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.setup.js';
import { AppConfig, loadEnv } from '../../src/config/app-config.js';
import { AlertSequencer } from '../../src/modules/alerts/alert-sequencer.js';
import { databaseUrl, testRunState } from './test-state.js';

/** Quiet, already migrated, with a fixed key, and with workers that tests drive themselves (runOnce). */
const TEST_ENV: Record<string, string> = {
  LOG_LEVEL: 'silent',
  MIGRATIONS_RUN: 'false',
  SECRET_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  WORKERS_ENABLED: 'false',
};

/**
 * A fresh database for one test file, cloned from the migrated template, with the whole application on it.
 * Tests reach services through `get`, HTTP through `http` (for supertest) and SQL through `sql`.
 */
export class TestDb {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly dataSource: DataSource,
    readonly url: string,
    private readonly name: string,
  ) {}

  static async create(
    env: Record<string, string> = {},
    options: { logDestination?: DestinationStream } = {},
  ): Promise<TestDb> {
    const { serverUrl, templateName, runId } = testRunState();
    const name = `ks_t_${runId}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${templateName}`);
    } finally {
      await admin.end();
    }
    const url = databaseUrl(serverUrl, name);
    const config = new AppConfig(loadEnv({ ...TEST_ENV, ...env }), url);
    const app = await createApp(config, { swaggerUi: false, logDestination: options.logDestination });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    return new TestDb(app, app.get(DataSource), url, name);
  }

  get<T>(type: Type<T> | string | symbol): T {
    return this.app.get(type);
  }

  /** The HTTP server, for supertest. */
  get http(): ReturnType<INestApplication['getHttpServer']> {
    return this.app.getHttpServer();
  }

  /**
   * Waits until every alert committed so far has its place in its organisation's sequence (and its webhook
   * deliveries): the sequencer runs in the background after each commit; a test that reads the inbox, the
   * stream's table or the delivery queue right after writing calls this first.
   */
  sequenceAlerts(): Promise<void> {
    return this.app.get(AlertSequencer).sequenceCommitted();
  }

  sql<T = Record<string, unknown>>(query: string, parameters: unknown[] = []): Promise<T[]> {
    return this.dataSource.query<T[]>(query, parameters);
  }

  async destroy(): Promise<void> {
    await this.app.close();
    const admin = new pg.Client({ connectionString: testRunState().serverUrl });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }
}
