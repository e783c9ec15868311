import { createHash } from 'node:crypto';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
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
 * Runs the statements of the hot path as named prepared statements (PostgreSQL parses each once per
 * connection), on two pools of their own, by whether the best plan depends on the values:
 * - `query`, for statements whose one plan fits every value (authentication, signal submission): generic
 *   plans (`plan_cache_mode = force_generic_plan`), planned once per connection. Left to choose, PostgreSQL
 *   kept planning the submission for every request (its estimate for a plan made without the values never
 *   won): about a millisecond of database CPU per signal, as much as running it.
 * - `queryPlannedForValues`, for pages, whose best plan depends on how many rows the values select (a case
 *   with ten thousand events, a rare category): planned for the values on every run (`force_custom_plan`).
 *   Left to choose, PostgreSQL switched the timeline page to its generic plan after five runs, which
 *   cannot tell a big case from a small one and sorted all ten thousand events for every page.
 * TypeORM's pool, for everything else, keeps PostgreSQL's default. A filter that changes the plan changes
 * the text, and so the statement. A cached plan is replanned when a table it reads is analysed. Each
 * statement runs on its own, outside any transaction: it must do all its writes itself.
 */
@Injectable()
export class PreparedStatements implements OnApplicationShutdown {
  private readonly logger = new Logger(PreparedStatements.name);
  private readonly genericPlans: pg.Pool;
  private readonly plansForValues: pg.Pool;

  constructor(config: AppConfig) {
    const pool = (planCacheMode: string): pg.Pool => {
      const created = new pg.Pool({
        connectionString: config.database.url,
        max: config.database.poolSize,
        application_name: 'kiessignaal-prepared',
        options: `${SESSION_OPTIONS} -c plan_cache_mode=${planCacheMode}`,
      });
      // A connection that dies while idle (a database restart) is dropped by the pool; without a listener
      // the error would end the process.
      created.on('error', (error) => this.logger.warn({ err: error }, 'idle database connection lost'));
      return created;
    };
    this.genericPlans = pool('force_generic_plan');
    this.plansForValues = pool('force_custom_plan');
  }

  query<Row>(text: string, values: readonly unknown[]): Promise<Row[]> {
    return run<Row>(this.genericPlans, text, values);
  }

  queryPlannedForValues<Row>(text: string, values: readonly unknown[]): Promise<Row[]> {
    return run<Row>(this.plansForValues, text, values);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.genericPlans.end(), this.plansForValues.end()]);
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
