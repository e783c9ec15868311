import { AppError } from '../../common/errors/app-error.js';
import { assertValidMunicipalities, parseMunicipalitiesCsv } from './municipalities-csv.js';

function problemsOf(work: () => unknown): { field: string; messages: string[] }[] {
  try {
    work();
  } catch (error) {
    if (error instanceof AppError && error.code === 'municipality.import_invalid') {
      return error.details?.errors ?? [];
    }
    throw error;
  }
  throw new Error('expected the input to be refused');
}

describe(parseMunicipalitiesCsv.name, () => {
  it('reads rows with their line numbers, trimming fields', () => {
    const rows = parseMunicipalitiesCsv('code,name,province\nGM0003, Appingedam ,Groningen\n');

    expect(rows).toEqual([{ line: 2, code: 'GM0003', name: 'Appingedam', province: 'Groningen' }]);
  });

  it('reads quoted fields with commas, escaped quotes and line breaks, CRLF and a BOM', () => {
    const text =
      '\uFEFFCode,Name,Province\r\n' +
      'GM0820,"Nuenen, Gerwen en Nederwetten",Noord-Brabant\r\n' +
      'GM0001,"De ""Oude"" Stad",Utrecht\r\n' +
      '\r\n' +
      'GM0002,"Twee\nregels",Fryslân\r\n' +
      'GM0004,Na,Zeeland';

    const rows = parseMunicipalitiesCsv(text);

    expect(rows).toEqual([
      { line: 2, code: 'GM0820', name: 'Nuenen, Gerwen en Nederwetten', province: 'Noord-Brabant' },
      { line: 3, code: 'GM0001', name: 'De "Oude" Stad', province: 'Utrecht' },
      { line: 5, code: 'GM0002', name: 'Twee\nregels', province: 'Fryslân' },
      { line: 7, code: 'GM0004', name: 'Na', province: 'Zeeland' },
    ]);
  });

  it('refuses a file with another header', () => {
    expect(problemsOf(() => parseMunicipalitiesCsv('gemeentecode,naam\nGM0003,Appingedam\n'))).toEqual([
      { field: 'line 1', messages: ['the header must be exactly code,name,province'] },
    ]);
  });

  it('refuses a file without rows', () => {
    expect(problemsOf(() => parseMunicipalitiesCsv('code,name,province\n'))).toEqual([
      { field: 'file', messages: ['it has no rows'] },
    ]);
  });

  it('names every bad line, with every problem of each', () => {
    const text = [
      'code,name,province',
      'GM0003,Appingedam,Groningen',
      'gm3,,Atlantis',
      'GM0005,Bedum',
      'GM0003,Again,Groningen',
      'GM0006,"Unclosed,Groningen',
    ].join('\n');

    expect(problemsOf(() => parseMunicipalitiesCsv(text))).toEqual([
      {
        field: 'line 3',
        messages: [
          'code "gm3" is not a CBS municipality code (GM and four digits)',
          'name must be 1-100 characters',
          'province "Atlantis" is not one of the twelve provinces',
        ],
      },
      { field: 'line 4', messages: ['expected 3 fields (code,name,province), found 2'] },
      { field: 'line 5', messages: ['code GM0003 appears already on line 2'] },
      { field: 'line 6', messages: ['a quoted field is not closed'] },
    ]);
  });

  it('lists at most twenty lines in the message, and all of them in the details', () => {
    const text = ['code,name,province', ...Array.from({ length: 25 }, (_, i) => `GM${i},x,Utrecht`)].join(
      '\n',
    );

    let error: unknown;
    try {
      parseMunicipalitiesCsv(text);
    } catch (thrown) {
      error = thrown;
    }

    expect((error as AppError).message).toMatch(/… and 5 more$/);
    expect((error as AppError).details?.errors).toHaveLength(25);
  });
});

describe(assertValidMunicipalities.name, () => {
  it('names rows without a line by their position', () => {
    expect(
      problemsOf(() =>
        assertValidMunicipalities([
          { code: 'GM0001', name: 'A', province: 'Limburg' },
          { code: 'X', name: 'B', province: 'Limburg' },
        ]),
      ),
    ).toEqual([
      { field: 'row 2', messages: ['code "X" is not a CBS municipality code (GM and four digits)'] },
    ]);
  });
});
