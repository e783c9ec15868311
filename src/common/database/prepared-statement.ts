import { createHash } from 'node:crypto';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { AppConfig } from '../../config/app-config.js';
import { SESSION_OPTIONS } from './data-source.js';

/** Statement names by text: hashing a long text on every call would cost more than it saves. */
const namesByText = new Map<string, string>();

function statementName(text: string): string {
  let name = namesByText.get(text);
  if (name === undefined) {
    name = `ks_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    namesByText.set(text, name);
  }
  return name;
}

/**
 * `LIMIT n` for a page of a prepared statement, with n spliced in as a literal: a generic plan made without
 * knowing the limit expects to return a large share of the rows and so sorts them all, where a plan that
 * knows it may read an index in order and stop. Each limit gets its own statement (the name follows the text).
 */
export function pageLimit(limit: number): string {
  // Spliced into SQL: only a whole number in range, which the DTOs already guarantee.
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 10_000) {
    throw new Error(`a page limit must be a whole number from 1 to 10000, got ${limit}`);
  }
  return `LIMIT ${limit}`;
}

/**
 * Runs the statements of the hot path as named prepared statements: PostgreSQL parses each once per
 * connection. Two kinds, by whether the best plan depends on the values:
 * - `query`, for statements whose one plan fits every value (authentication, signal submission), on a pool
 *   of its own whose sessions use generic plans (`plan_cache_mode = force_generic_plan`): planned once per
 *   connection. Left to choose, PostgreSQL kept planning the submission for every request (its estimate for
 *   a plan made without the values never won): about a millisecond of database CPU per signal, as much as
 *   running it.
 * - `queryPlannedForValues`, for pages, whose best plan depends on how many rows the values select (a case
 *   with ten thousand events, a rare category), on TypeORM's pool with PostgreSQL's default: plans made for
 *   the values, or its generic plan once that is no costlier.
 * A filter that changes the plan changes the text, and so the statement. A cached plan is replanned when a
 * table it reads is analysed. Each statement runs on its own, outside any transaction: it must do all its
 * writes itself.
 */
@Injectable()
export class PreparedStatements implements OnApplicationShutdown {
  private readonly logger = new Logger(PreparedStatements.name);
  private readonly genericPlanPool: pg.Pool;

  constructor(
    config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.genericPlanPool = new pg.Pool({
      connectionString: config.database.url,
      max: config.database.poolSize,
      application_name: 'kiessignaal-prepared',
      options: `${SESSION_OPTIONS} -c plan_cache_mode=force_generic_plan`,
    });
    // A connection that dies while idle (a database restart) is dropped by the pool; without a listener
    // the error would end the process.
    this.genericPlanPool.on('error', (error) =>
      this.logger.warn({ err: error }, 'idle database connection lost'),
    );
  }

  query<Row>(text: string, values: readonly unknown[]): Promise<Row[]> {
    return run<Row>(this.genericPlanPool, text, values);
  }

  queryPlannedForValues<Row>(text: string, values: readonly unknown[]): Promise<Row[]> {
    return run<Row>((this.dataSource.driver as PostgresDriver).master as pg.Pool, text, values);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.genericPlanPool.end();
  }
}

async function run<Row>(pool: pg.Pool, text: string, values: readonly unknown[]): Promise<Row[]> {
  const result = await pool.query<Row & pg.QueryResultRow>({
    name: statementName(text),
    text,
    values: [...values],
  });
  return result.rows;
}
