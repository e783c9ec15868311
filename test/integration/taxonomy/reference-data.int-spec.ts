import { loadReferenceData } from '../../../src/modules/taxonomy/reference-data.js';
import { TestDb } from '../../setup/test-db.js';

const TABLES = [
  'organisations',
  'municipalities',
  'signal_categories',
  'action_types',
  'elections',
  'election_phases',
];

describe(loadReferenceData.name, () => {
  let db: TestDb;

  const snapshot = async (): Promise<Record<string, unknown[]>> => {
    const entries = await Promise.all(
      TABLES.map(async (table) => [table, await db.sql(`SELECT * FROM ${table} ORDER BY 1, 2`)] as const),
    );
    return Object.fromEntries(entries);
  };

  beforeAll(async () => {
    db = await TestDb.create();
  });
  afterAll(() => db.destroy());

  it('changes nothing when loaded again (the template has it loaded once)', async () => {
    const before = await snapshot();

    await loadReferenceData(db.dataSource);
    await loadReferenceData(db.dataSource);

    expect(await snapshot()).toEqual(before);
    expect(before.organisations).toHaveLength(13 + 20 + 4);
    expect(before.signal_categories).toHaveLength(8);
    expect(before.action_types).toHaveLength(13);
    expect(before.election_phases).toHaveLength(8);
  });

  it('brings a built-in entry back to its definition and leaves what admins added alone', async () => {
    await db.sql(`UPDATE signal_categories SET name_en = 'edited' WHERE code = 'disinformation'`);
    await db.sql(`UPDATE organisations SET parent_id = NULL WHERE code = 'NCTV'`);
    await db.sql(
      `INSERT INTO action_types (code, name_en, name_nl) VALUES ('prebunk', 'Prebunking', 'Prebunking')`,
    );

    await loadReferenceData(db.dataSource);

    const [category] = await db.sql(`SELECT name_en FROM signal_categories WHERE code = 'disinformation'`);
    const [nctv] = await db.sql(
      `SELECT p.code FROM organisations o JOIN organisations p ON p.id = o.parent_id WHERE o.code = 'NCTV'`,
    );
    expect(category).toEqual({ name_en: 'Disinformation / fake news' });
    expect(nctv).toEqual({ code: 'JenV' });
    expect(await db.sql(`SELECT 1 FROM action_types WHERE code = 'prebunk'`)).toHaveLength(1);
  });
});
