import type pg from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/**
 * A statement on the hot path, run as a named prepared statement on the pool TypeORM holds: PostgreSQL
 * parses and plans it once per connection instead of on every request (TypeORM's `query` cannot name
 * one). Runs on its own, outside any transaction; the statement must do all its writes itself.
 */
export class PreparedStatement<Row> {
  constructor(
    private readonly name: string,
    private readonly text: string,
  ) {}

  async run(dataSource: DataSource, values: readonly unknown[]): Promise<Row[]> {
    const pool = (dataSource.driver as PostgresDriver).master as pg.Pool;
    const result = await pool.query<Row & pg.QueryResultRow>({
      name: this.name,
      text: this.text,
      values: [...values],
    });
    return result.rows;
  }
}
