import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

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
 * Runs a statement of the hot path as a named prepared statement on the pool TypeORM holds: PostgreSQL
 * parses it once per connection and, after a few runs, reuses its plan, instead of planning it on every
 * request (TypeORM's `query` cannot name one; planning the larger statements costs more than running them).
 * The name is derived from the text, so a query built from a few fragments (filters) gets one statement per
 * combination. Runs on its own, outside any transaction: the statement must do all its writes itself.
 */
export async function queryPrepared<Row>(
  dataSource: DataSource,
  text: string,
  values: readonly unknown[],
): Promise<Row[]> {
  const pool = (dataSource.driver as PostgresDriver).master as pg.Pool;
  const result = await pool.query<Row & pg.QueryResultRow>({
    name: statementName(text),
    text,
    values: [...values],
  });
  return result.rows;
}
