import { createHash } from 'node:crypto';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { AppConfig } from '../../config/app-config.js';

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
 * knows it reads an index in order and stops. Each limit gets its own statement (the name follows the text).
 */
export function pageLimit(limit: number): string {
  // Spliced into SQL: only a whole number in range, which the DTOs already guarantee.
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 10_000) {
    throw new Error(`a page limit must be a whole number from 1 to 10000, got ${limit}`);
  }
  return `LIMIT ${limit}`;
}

/**
 * Runs the statements of the hot path (authentication, signal submission, the pages) as named prepared
 * statements, on a pool of their own whose sessions use generic plans (`plan_cache_mode =
 * force_generic_plan`): PostgreSQL parses and plans each statement once per connection and reuses the plan.
 * Left to choose, it kept planning the submission for every request (its estimate for a plan made without
 * the parameters' values never won): about a millisecond of database CPU per signal, as much as the rest of
 * the statement. The statements given here are written so that one plan fits every value (a filter that
 * changes the plan changes the text, and so the name). TypeORM's pool keeps PostgreSQL's default for
 * everything else. A cached plan is replanned when a table it reads is analysed.
 * Each statement runs on its own, outside any transaction: it must do all its writes itself.
 */
@Injectable()
export class PreparedStatements implements OnApplicationShutdown {
  private readonly logger = new Logger(PreparedStatements.name);
  private readonly pool: pg.Pool;

  constructor(config: AppConfig) {
    this.pool = new pg.Pool({
      connectionString: config.database.url,
      max: config.database.poolSize,
      application_name: 'kiessignaal-prepared',
      options: '-c plan_cache_mode=force_generic_plan',
    });
    // A connection that dies while idle (a database restart) is dropped by the pool; without a listener
    // the error would end the process.
    this.pool.on('error', (error) => this.logger.warn({ err: error }, 'idle database connection lost'));
  }

  async query<Row>(text: string, values: readonly unknown[]): Promise<Row[]> {
    const result = await this.pool.query<Row & pg.QueryResultRow>({
      name: statementName(text),
      text,
      values: [...values],
    });
    return result.rows;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
