import { PreparedStatements } from '../../../src/common/database/prepared-statement.js';
import { AppConfig, loadEnv } from '../../../src/config/app-config.js';
import { TestDb } from '../../setup/test-db.js';

describe(PreparedStatements.name, () => {
  let db: TestDb;
  let sut: PreparedStatements;

  beforeAll(async () => {
    db = await TestDb.create();
    // One connection, so that every statement below runs in the session whose plans are inspected.
    sut = new PreparedStatements(new AppConfig(loadEnv({ DATABASE_POOL_SIZE: '1' }), db.url));
  });
  afterAll(async () => {
    await sut.onApplicationShutdown();
    await db.destroy();
  });

  const statement = `SELECT count(*)::int AS count FROM signals WHERE organisation_id = $1 AND severity = $2`;
  const severities = ['low', 'moderate', 'high', 'critical', 'low', 'moderate', 'high'];
  const plansOf = (run: PreparedStatements['query']) =>
    run<{ generic_plans: string; custom_plans: string }>(
      `SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = $1`,
      [statement],
    );

  it('plans a statement of `query` once, generically, and reuses the plan', async () => {
    for (const severity of severities) {
      await sut.query(statement, ['00000000-0000-0000-0000-000000000000', severity]);
    }

    expect(await plansOf((text, values) => sut.query(text, values))).toEqual([
      { generic_plans: '7', custom_plans: '0' },
    ]);
  });

  it('plans a page of `queryPlannedForValues` for its values on every run', async () => {
    for (const severity of severities) {
      await sut.queryPlannedForValues(statement, ['00000000-0000-0000-0000-000000000000', severity]);
    }

    expect(await plansOf((text, values) => sut.queryPlannedForValues(text, values))).toEqual([
      { generic_plans: '0', custom_plans: '7' },
    ]);
  });

  it("leaves TypeORM's pool with PostgreSQL's own choice; no JIT anywhere", async () => {
    const settings = `SELECT current_setting('plan_cache_mode') AS mode, current_setting('jit') AS jit`;

    const generic = await sut.query(settings, []);
    const forValues = await sut.queryPlannedForValues(settings, []);
    const typeorm = await db.sql(settings);

    expect([generic, forValues, typeorm]).toEqual([
      [{ mode: 'force_generic_plan', jit: 'off' }],
      [{ mode: 'force_custom_plan', jit: 'off' }],
      [{ mode: 'auto', jit: 'off' }],
    ]);
  });
});
