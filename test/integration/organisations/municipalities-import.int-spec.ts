import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AuthService } from '../../../src/common/auth/auth.service.js';
import { AppError } from '../../../src/common/errors/app-error.js';
import { SHELL } from '../../../src/modules/organisations/admin-access.service.js';
import { parseMunicipalitiesCsv } from '../../../src/modules/organisations/municipalities-csv.js';
import { MunicipalitiesService } from '../../../src/modules/organisations/municipalities.service.js';
import { insert } from '../../factories/index.js';
import { TestDb } from '../../setup/test-db.js';

// Public data kept beside the project (shared/data/README.md), never copied into it.
const MUNICIPALITIES_2018 = path.resolve('../shared/data/municipalities-2018.csv');

async function counts(db: TestDb): Promise<{ municipalities: number; organisations: number }> {
  const [row] = await db.sql<{ municipalities: number; organisations: number }>(
    `SELECT (SELECT count(*)::int FROM municipalities) AS municipalities,
            (SELECT count(*)::int FROM organisations WHERE kind = 'municipality') AS organisations`,
  );
  return row ?? { municipalities: -1, organisations: -1 };
}

describe(MunicipalitiesService.name, () => {
  let db: TestDb;
  let sut: MunicipalitiesService;
  let file: string;

  beforeAll(async () => {
    db = await TestDb.create();
    sut = db.get(MunicipalitiesService);
    file = await readFile(MUNICIPALITIES_2018, 'utf8');
  });
  afterAll(() => db.destroy());

  describe('import', () => {
    it('imports the 380 municipalities of 2018, each also an organisation', async () => {
      const report = await sut.import(SHELL, parseMunicipalitiesCsv(file));

      // Four of them (Amsterdam, Rotterdam, The Hague, Utrecht) are built in already.
      expect(report).toEqual({ added: 376, changed: 0, unchanged: 4 });
      expect(await counts(db)).toEqual({ municipalities: 380, organisations: 380 });
      const [nuenen] = await db.sql(
        `SELECT m.name, m.province, o.code, o.name_nl FROM municipalities m
           JOIN organisations o ON o.id = m.organisation_id WHERE m.code = 'GM0820'`,
      );
      expect(nuenen).toEqual({
        name: 'Nuenen, Gerwen en Nederwetten',
        province: 'Noord-Brabant',
        code: 'GM0820',
        name_nl: 'Gemeente Nuenen, Gerwen en Nederwetten',
      });
    });

    it('changes nothing when the same file is imported again', async () => {
      const report = await sut.import(SHELL, parseMunicipalitiesCsv(file));

      expect(report).toEqual({ added: 0, changed: 0, unchanged: 380 });
      expect(await counts(db)).toEqual({ municipalities: 380, organisations: 380 });
    });

    it('counts a row whose name or province changed as changed, and renames its organisation', async () => {
      const edited = file.replace('GM0003,Appingedam,Groningen', 'GM0003,Eemsdelta,Groningen');

      const report = await sut.import(SHELL, parseMunicipalitiesCsv(edited));

      expect(report).toEqual({ added: 0, changed: 1, unchanged: 379 });
      const [organisation] = await db.sql(`SELECT name_nl FROM organisations WHERE code = 'GM0003'`);
      expect(organisation).toEqual({ name_nl: 'Gemeente Eemsdelta' });
    });

    it('keeps the members of a municipality organisation when its row changes', async () => {
      const clerk = await insert.member(db, { organisation: 'GM0005', roles: ['liaison'] });

      await sut.import(SHELL, [{ code: 'GM0005', name: 'Bedum (renamed)', province: 'Groningen' }]);

      const [row] = await db.sql(
        `SELECT o.code FROM members m JOIN organisations o ON o.id = m.organisation_id
                                   WHERE m.id = $1`,
        [clerk.id],
      );
      expect(row).toEqual({ code: 'GM0005' });
    });

    it('refuses rows given without a file, with every bad row named, and imports none of them', async () => {
      const before = await counts(db);

      const attempt = sut.import(SHELL, [
        { code: 'GM9990', name: 'Goed', province: 'Utrecht' },
        { code: 'GM12', name: 'Kort', province: 'Utrecht' },
        { code: 'GM9991', name: 'Nergens', province: 'Atlantis' },
      ]);

      await expect(attempt).rejects.toMatchObject({
        code: 'municipality.import_invalid',
        details: { errors: [{ field: 'row 2' }, { field: 'row 3' }] },
      });
      expect(await counts(db)).toEqual(before);
    });

    it('refuses a caller who is not an operator admin', async () => {
      const aivdAdmin = await insert.member(db, { organisation: 'AIVD', roles: ['admin'] });
      const member = await db.get(AuthService).authenticate(aivdAdmin.token);
      if (!member) {
        throw new Error('the factory token does not authenticate');
      }

      await expect(
        sut.import(member, [{ code: 'GM9992', name: 'x', province: 'Utrecht' }]),
      ).rejects.toMatchObject({
        code: 'auth.forbidden',
      });
    });
  });

  describe('a malformed file', () => {
    it('imports nothing and names every bad line', async () => {
      const before = await counts(db);
      const malformed = [
        'code,name,province',
        'GM9993,Nieuwdorp,Zeeland',
        'GM99,Te kort,Zeeland',
        'GM9994,Twee velden',
        'GM9995,Nergensland,Atlantis',
        'GM9993,Dubbel,Zeeland',
      ].join('\n');

      let error: unknown;
      try {
        await sut.import(SHELL, parseMunicipalitiesCsv(malformed));
      } catch (thrown) {
        error = thrown;
      }

      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).message).toMatch(/line 3:.*line 4:.*line 5:.*line 6:/s);
      expect(await counts(db)).toEqual(before);
      expect(await db.sql(`SELECT 1 FROM municipalities WHERE code = 'GM9993'`)).toHaveLength(0);
    });
  });
});
