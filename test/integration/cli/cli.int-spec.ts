import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { type CliContext, runCli } from '../../../src/cli.js';
import { insert } from '../../factories/index.js';
import { TestDb } from '../../setup/test-db.js';

/** Runs a command in-process against the test database and collects what it prints. */
async function cli(
  db: TestDb,
  argv: string[],
  cwd?: string,
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const context: CliContext = {
    out: (text) => (out += text),
    err: (text) => (err += text),
    env: {
      DATABASE_URL: db.url,
      LOG_LEVEL: 'silent',
      SECRET_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
    },
    ...(cwd ? { cwd } : {}),
  };
  const code = await runCli(argv, context);
  return { code, out, err };
}

describe('cli', () => {
  let db: TestDb;
  let directory: string;

  beforeAll(async () => {
    db = await TestDb.create();
    // A database that has a token already: no bootstrap token is created or printed.
    await insert.member(db, { organisation: 'BZK', roles: ['admin'] });
    directory = await mkdtemp(path.join(tmpdir(), 'kiessignaal-cli-'));
  });
  afterAll(async () => {
    await db.destroy();
    await rm(directory, { recursive: true, force: true });
  });

  it('prints the usage for --help', async () => {
    const result = await cli(db, ['--help']);

    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain('import-municipalities FILE.csv');
  });

  it.each([
    ['no command', []],
    ['an unknown command', ['drop-everything']],
    ['an unknown option', ['create-token', '--member', 'x', '--colour', 'red']],
    ['a missing argument', ['import-municipalities']],
    [
      'a missing required option',
      ['create-member', '--organisation', 'NCTV', '--name', 'x', '--roles', 'analyst'],
    ],
  ])('exits with 2 and the usage for %s', async (_case, argv) => {
    const result = await cli(db, argv);

    expect(result.code).toBe(2);
    expect(result.err).toContain('Usage: npm run cli');
  });

  it('exits with 1 and names every bad environment variable', async () => {
    let errors = '';
    const result = await runCli(['migration:show'], {
      out: () => undefined,
      err: (text) => (errors += text),
      env: { DATABASE_URL: db.url, MIGRATIONS_RUN: 'maybe', PORT: 'eighty' },
    });

    expect(result).toBe(1);
    expect(errors).toMatch(/^Invalid configuration[^]*MIGRATIONS_RUN[^]*PORT/);
  });

  describe('create-member and create-token', () => {
    it('create a member whose printed token authenticates it, through the same services as the API', async () => {
      const member = await cli(db, [
        'create-member',
        '--organisation',
        'NCTV',
        '--name',
        'Piet Jansen',
        '--email',
        ' P.Jansen@NCTV.example ',
        '--roles',
        'liaison, analyst',
      ]);
      expect(member).toMatchObject({ code: 0, err: '' });
      const memberId = /Created member ([0-9a-f-]{36})/.exec(member.out)?.[1] ?? '';

      const token = await cli(db, ['create-token', '--member', memberId, '--name', 'laptop']);

      expect(token).toMatchObject({ code: 0, err: '' });
      const printed = /^ {2}(ks_\S+)$/m.exec(token.out)?.[1] ?? '';
      const me = await request(db.http)
        .get('/api/v1/me')
        .set({ Authorization: `Bearer ${printed}` })
        .expect(200);
      expect(me.body).toMatchObject({
        id: memberId,
        email: 'p.jansen@nctv.example',
        roles: ['liaison', 'analyst'],
        organisationCode: 'NCTV',
      });
    });

    it('exits with 1 and says why for an unknown organisation', async () => {
      const result = await cli(db, [
        'create-member',
        '--organisation',
        'NOPE',
        '--name',
        'x',
        '--email',
        'x@example.test',
        '--roles',
        'analyst',
      ]);

      expect(result).toEqual({ code: 1, out: '', err: 'There is no organisation with code NOPE.\n' });
    });

    it('exits with 1 and names the bad fields, as the API would', async () => {
      const result = await cli(db, [
        'create-member',
        '--organisation',
        'NCTV',
        '--name',
        'x',
        '--email',
        'not-an-email',
        '--roles',
        'liaison,superuser',
      ]);

      expect(result.code).toBe(1);
      expect(result.err).toMatch(/^Not valid:\n {2}email: .*\n {2}roles: /);
    });

    it('exits with 1 for an expiry in the past, and prints no token', async () => {
      const member = await insert.member(db, { organisation: 'AIVD', roles: ['analyst'] });

      const result = await cli(db, [
        'create-token',
        '--member',
        member.id,
        '--expires-at',
        '2018-03-21T07:30:00+01:00',
      ]);

      expect(result).toMatchObject({ code: 1, out: '' });
      expect(result.err).toMatch(/must lie in the future/);
    });
  });

  describe('import-municipalities', () => {
    it('imports the 2018 file and reports what it added', async () => {
      const result = await cli(db, [
        'import-municipalities',
        path.resolve('../shared/data/municipalities-2018.csv'),
      ]);

      expect(result).toMatchObject({ code: 0, err: '' });
      expect(result.out).toMatch(
        /Imported 380 municipalities from .*: 376 added, 0 changed, 4 unchanged\.\n$/,
      );
    });

    it('refuses a malformed file, listing its bad lines', async () => {
      const file = path.join(directory, 'bad.csv');
      await writeFile(file, 'code,name,province\nGM9990,Nieuwdorp,Zeeland\nGM12,Kort,Zeeland\n');

      const result = await cli(db, ['import-municipalities', file]);

      expect(result).toMatchObject({ code: 1, out: '' });
      expect(result.err).toContain('line 3: code "GM12" is not a CBS municipality code');
      expect(await db.sql(`SELECT 1 FROM municipalities WHERE code = 'GM9990'`)).toHaveLength(0);
    });

    it('exits with 1 for a file that does not exist', async () => {
      const result = await cli(db, ['import-municipalities', path.join(directory, 'missing.csv')]);

      expect(result.code).toBe(1);
      expect(result.err).toMatch(/^Cannot read .*missing\.csv/);
    });
  });

  describe('migrations', () => {
    let migrationsDb: TestDb;
    beforeAll(async () => {
      migrationsDb = await TestDb.create();
    });
    afterAll(() => migrationsDb.destroy());

    it('shows every migration as applied', async () => {
      const result = await cli(migrationsDb, ['migration:show']);

      expect(result.code).toBe(0);
      expect(result.out).toMatch(/^\[X\] CreateOrganisationsAndMembers1795932754000$/m);
      expect(result.out).not.toContain('[ ]');
      expect(result.out).toMatch(/All migrations are applied\.\n$/);
    });

    it('reverts the last migration and runs it again', async () => {
      const [last] = await migrationsDb.sql<{ name: string }>(
        `SELECT name FROM migrations ORDER BY timestamp DESC LIMIT 1`,
      );

      const reverted = await cli(migrationsDb, ['migration:revert']);
      const shown = await cli(migrationsDb, ['migration:show']);
      const run = await cli(migrationsDb, ['migration:run']);

      expect(reverted).toMatchObject({ code: 0, out: `reverted ${last?.name}\n` });
      expect(shown.out).toContain(`[ ] ${last?.name}`);
      expect(run).toMatchObject({ code: 0, out: `applied ${last?.name}\n` });
      expect(await migrationsDb.sql(`SELECT 1 FROM migrations WHERE name = $1`, [last?.name])).toHaveLength(
        1,
      );
    });

    it('refuses to generate when the entities and the schema agree', async () => {
      const result = await cli(migrationsDb, ['migration:generate', 'nothing-changed'], directory);

      expect(result).toMatchObject({ code: 1, err: expect.stringMatching(/nothing to generate/) });
    });

    it('generates a migration from what the schema lacks', async () => {
      await migrationsDb.sql(`DROP INDEX organisations_parent_id_idx`);

      const result = await cli(
        migrationsDb,
        ['migration:generate', 'migrations/restore-parent-index'],
        directory,
      );

      expect(result.code).toBe(0);
      const [file] = await readdir(path.join(directory, 'migrations'));
      expect(file).toMatch(/^\d{13}-restore-parent-index\.ts$/);
      const source = await readFile(path.join(directory, 'migrations', file ?? ''), 'utf8');
      expect(source).toMatch(/export class RestoreParentIndex\d{13} implements MigrationInterface/);
      expect(source).toMatch(
        /async up[^]*CREATE INDEX "organisations_parent_id_idx"[^]*async down[^]*DROP INDEX/,
      );
    });

    it('rejects a name that is not kebab-case', async () => {
      const result = await cli(migrationsDb, ['migration:generate', 'Add_Thing'], directory);

      expect(result.code).toBe(2);
    });
  });
});
