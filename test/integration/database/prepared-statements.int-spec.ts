import { PreparedStatements } from '../../../src/common/database/prepared-statement.js';
import { AppConfig, loadEnv } from '../../../src/config/app-config.js';
import { TestDb } from '../../setup/test-db.js';

describe(PreparedStatements.name, () => {
  let db: TestDb;
  let sut: PreparedStatements;

  beforeAll(async () => {
    db = await TestDb.create();
    // One connection, so that every statement below runs in the session whose plans are inspected.
    sut = new PreparedStatements(new AppConfig(loadEnv({ DATABASE_POOL_SIZE: '1' }), db.url), db.dataSource);
  });
  afterAll(async () => {
    await sut.onApplicationShutdown();
    await db.destroy();
  });

  it('plans each statement once, generically, and reuses the plan', async () => {
    const statement = `SELECT count(*)::int AS count FROM signals WHERE organisation_id = $1 AND severity = $2`;
    for (const severity of ['low', 'moderate', 'high', 'critical', 'low', 'moderate', 'high']) {
      await sut.query(statement, ['00000000-0000-0000-0000-000000000000', severity]);
    }

    const plans = await sut.query<{ generic_plans: string; custom_plans: string }>(
      `SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = $1`,
      [statement],
    );

    expect(plans).toEqual([{ generic_plans: '7', custom_plans: '0' }]);
  });

  it("plans pages for their values on TypeORM's pool (PostgreSQL's own choice); no JIT anywhere", async () => {
    const statement = `SELECT current_setting('plan_cache_mode') AS mode, current_setting('jit') AS jit`;

    const generic = await sut.query(statement, []);
    const forValues = await sut.queryPlannedForValues(statement, []);
    const typeorm = await db.sql(statement);

    expect([generic, forValues, typeorm]).toEqual([
      [{ mode: 'force_generic_plan', jit: 'off' }],
      [{ mode: 'auto', jit: 'off' }],
      [{ mode: 'auto', jit: 'off' }],
    ]);
  });
});
