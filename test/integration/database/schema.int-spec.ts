import { DataSource } from 'typeorm';
import { createDataSource } from '../../../src/common/database/data-source.js';
import { databaseUrl, testRunState } from '../../setup/test-state.js';

describe('database schema', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    const { serverUrl, templateName } = testRunState();
    dataSource = createDataSource(databaseUrl(serverUrl, templateName), 1);
    await dataSource.initialize();
  });
  afterAll(() => dataSource.destroy());

  it('has no drift between the entities and the migrations', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();

    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });
});
