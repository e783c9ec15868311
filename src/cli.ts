import 'reflect-metadata';
import { realpathSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import { AppError } from './common/errors/app-error.js';
import { createValidationPipe } from './common/errors/validation.js';
import { createDataSource } from './common/database/data-source.js';
import { type EmbeddedDatabase, startEmbeddedDatabase } from './common/database/embedded-postgres.js';
import { runMigrationsLocked } from './common/database/migrate.js';
import { AppConfig, loadEnv } from './config/app-config.js';
import type { Env } from './config/env.validation.js';
import { SHELL } from './modules/organisations/admin-access.service.js';
import { AddMemberDto } from './modules/organisations/dto/add-member.dto.js';
import { CreateTokenDto } from './modules/organisations/dto/create-token.dto.js';
import { MembersService } from './modules/organisations/members.service.js';
import { parseMunicipalitiesCsv } from './modules/organisations/municipalities-csv.js';
import { MunicipalitiesService } from './modules/organisations/municipalities.service.js';
import { prepareDatabase } from './startup.js';

/** Where the CLI writes, and what it runs against. Tests pass their own; `main` passes the process's. */
export interface CliContext {
  out(text: string): void;
  err(text: string): void;
  /** Added to process.env before validation (tests point DATABASE_URL at their database). */
  env?: Record<string, string>;
  /** Against which `migration:generate` resolves its directory; npm runs scripts in the project root. */
  cwd?: string;
}

export const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  import-municipalities FILE.csv
      Add or update municipalities from a CSV file with the header code,name,province (CBS codes, e.g.
      GM0363). All or nothing: a file with any bad line is refused, with every bad line listed.
  create-member --organisation CODE --name NAME --email EMAIL --roles ROLE[,ROLE...]
      Add a member to an organisation. Roles: liaison, analyst, coordinator, admin.
  create-token --member ID [--name NAME] [--expires-at ISO-8601]
      Create an API token for a member. The token is printed once and cannot be shown again.
  migration:show                 List the migrations and whether each is applied.
  migration:run                  Apply pending migrations.
  migration:revert               Revert the last applied migration.
  migration:generate NAME        Write migrations/<epoch>-NAME.ts from what the entities add to the schema.

The database is DATABASE_URL or, when that is unset, the embedded PostgreSQL in EMBEDDED_DATABASE_DIR (the
one \`npm start\` is running, if it is). Commands other than migration:* first apply pending migrations (unless
MIGRATIONS_RUN=false) and load the reference data, as the service does when it starts.
`;

/** A mistake in the command line: exit code 2 and the usage. */
class UsageError extends Error {}

/** A failure with a message meant for the operator: exit code 1, no stack. */
class CliError extends Error {}

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;
interface Arguments {
  values: Values;
  positionals: string[];
}

/**
 * What a command does once its input is checked: on the application (the API's own services, after the
 * database is prepared as at start-up), or on a bare connection (migrations, which must not run first).
 */
type Work =
  | { app: (app: INestApplicationContext) => Promise<void> }
  | { database: (dataSource: DataSource) => Promise<void> };

interface Command {
  options?: ParseArgsConfig['options'];
  /** Options that must be given. */
  required?: readonly string[];
  positionals?: number;
  /** Checks the input before any database is started or reached, so a typo fails fast. */
  plan(args: Arguments, context: CliContext): Promise<Work>;
}

const COMMANDS: Record<string, Command> = {
  'import-municipalities': { positionals: 1, plan: importMunicipalities },
  'create-member': {
    options: {
      organisation: { type: 'string' },
      name: { type: 'string' },
      email: { type: 'string' },
      roles: { type: 'string' },
    },
    required: ['organisation', 'name', 'email', 'roles'],
    plan: createMember,
  },
  'create-token': {
    options: { member: { type: 'string' }, name: { type: 'string' }, 'expires-at': { type: 'string' } },
    required: ['member'],
    plan: createToken,
  },
  'migration:show': {
    plan: (_args, context) => onDatabase((dataSource) => showMigrations(dataSource, context)),
  },
  'migration:run': {
    plan: (_args, context) => onDatabase((dataSource) => runMigrations(dataSource, context)),
  },
  'migration:revert': {
    plan: (_args, context) => onDatabase((dataSource) => revertMigration(dataSource, context)),
  },
  'migration:generate': { positionals: 1, plan: generateMigration },
};

function onDatabase(work: (dataSource: DataSource) => Promise<void>): Promise<Work> {
  return Promise.resolve({ database: work });
}

/** Runs one command; answers the exit code. Never exits the process itself. */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    context.err(USAGE);
    return 2;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    context.out(USAGE);
    return 0;
  }
  try {
    const command = COMMANDS[name];
    if (!command) {
      throw new UsageError(`Unknown command: ${name}`);
    }
    const env = loadConfiguration(context);
    const work = await command.plan(parseCommandLine(name, command, rest), context);
    await withDatabaseUrl(env, context, async (url) => {
      if ('database' in work) {
        await withDataSource(url, work.database);
      } else {
        await withApplication(env, url, context, work.app);
      }
    });
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      context.err(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    context.err(`${explain(error)}\n`);
    return 1;
  }
}

function parseCommandLine(name: string, command: Command, rest: readonly string[]): Arguments {
  let parsed: Arguments;
  try {
    parsed = parseArgs({
      args: [...rest],
      options: command.options ?? {},
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`${name}: ${(error as Error).message}`);
  }
  if (parsed.positionals.length !== (command.positionals ?? 0)) {
    throw new UsageError(
      `${name}: expected ${command.positionals ?? 0} argument(s), got ${parsed.positionals.length}`,
    );
  }
  const missing = (command.required ?? []).filter((option) => typeof parsed.values[option] !== 'string');
  if (missing.length > 0) {
    throw new UsageError(`${name}: ${missing.map((option) => `--${option}`).join(', ')} required`);
  }
  return parsed;
}

function loadConfiguration(context: CliContext): Env {
  try {
    return loadEnv(context.env);
  } catch (error) {
    // Its message lists every bad variable already.
    throw new CliError((error as Error).message);
  }
}

function option(args: Arguments, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** The same validation, with the same messages, as a request body gets. */
async function validated<T extends object>(type: new () => T, plain: object): Promise<T> {
  return (await createValidationPipe().transform(plain, { type: 'body', metatype: type })) as T;
}

function explain(error: unknown): string {
  if (error instanceof AppError && error.code === 'validation_failed') {
    const lines = (error.details?.errors ?? []).map((e) => `  ${e.field}: ${e.messages.join('; ')}`);
    return `Not valid:\n${lines.join('\n')}`;
  }
  if (error instanceof AppError || error instanceof CliError) {
    return error.message;
  }
  return `Failed: ${error instanceof Error ? error.message : String(error)}`;
}

async function withDatabaseUrl(
  env: Env,
  context: CliContext,
  work: (url: string) => Promise<void>,
): Promise<void> {
  let embedded: EmbeddedDatabase | undefined;
  if (!env.DATABASE_URL) {
    // Reuses the server of a running `npm start`; stop() only stops a server started here.
    embedded = await startEmbeddedDatabase({
      dataDir: env.EMBEDDED_DATABASE_DIR,
      port: env.EMBEDDED_DATABASE_PORT,
      persistent: true,
      log: (line) => context.err(`${line}\n`),
    });
  }
  try {
    await work(embedded?.url ?? env.DATABASE_URL ?? '');
  } finally {
    await embedded?.stop();
  }
}

async function withDataSource(url: string, work: (dataSource: DataSource) => Promise<void>): Promise<void> {
  const dataSource = createDataSource(url, 2);
  await dataSource.initialize();
  try {
    await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

async function withApplication(
  env: Env,
  url: string,
  context: CliContext,
  work: (app: INestApplicationContext) => Promise<void>,
): Promise<void> {
  // Fails at once on a wrong URL, where the Nest TypeORM module would retry for half a minute in silence.
  await withDataSource(url, () => Promise.resolve());
  // A command does its work and exits: the background workers belong to the service.
  const config = new AppConfig({ ...env, WORKERS_ENABLED: false }, url);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: false });
  try {
    const prepared = await prepareDatabase(app.get(DataSource), config);
    for (const name of prepared.appliedMigrations) {
      context.err(`applied migration ${name}\n`);
    }
    if (prepared.bootstrapToken) {
      context.out(
        'This database had no token yet, so a first admin token (of the operator organisation) was created.\n' +
          `It is shown only this once; keep it safe:\n\n  ${prepared.bootstrapToken}\n\n`,
      );
    }
    await work(app);
  } finally {
    await app.close();
  }
}

async function importMunicipalities(args: Arguments, context: CliContext): Promise<Work> {
  const [file = ''] = args.positionals;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  const rows = parseMunicipalitiesCsv(text);
  return {
    app: async (app) => {
      const report = await app.get(MunicipalitiesService).import(SHELL, rows);
      context.out(
        `Imported ${rows.length} municipalities from ${file}: ` +
          `${report.added} added, ${report.changed} changed, ${report.unchanged} unchanged.\n`,
      );
    },
  };
}

async function createMember(args: Arguments, context: CliContext): Promise<Work> {
  const organisation = option(args, 'organisation') ?? '';
  const dto = await validated(AddMemberDto, {
    name: option(args, 'name'),
    email: option(args, 'email'),
    roles: (option(args, 'roles') ?? '')
      .split(',')
      .map((role) => role.trim())
      .filter((role) => role !== ''),
  });
  return {
    app: async (app) => {
      const member = await app.get(MembersService).addMember(SHELL, organisation, dto);
      context.out(
        `Created member ${member.id} of ${member.organisationCode}: ${member.name} <${member.email}>, ` +
          `roles ${member.roles.join(', ')}.\n` +
          `Give it a token: npm run cli -- create-token --member ${member.id} --name <what it is for>\n`,
      );
    },
  };
}

async function createToken(args: Arguments, context: CliContext): Promise<Work> {
  const memberId = option(args, 'member') ?? '';
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(memberId)) {
    throw new UsageError(`--member must be a member id (a UUID), not ${memberId}`);
  }
  const expiresAt = option(args, 'expires-at');
  const dto = await validated(CreateTokenDto, {
    name: option(args, 'name') ?? 'cli',
    ...(expiresAt === undefined ? {} : { expiresAt }),
  });
  return {
    app: async (app) => {
      const token = await app.get(MembersService).createToken(SHELL, memberId, dto);
      context.out(
        `Created token "${token.name}" (id ${token.id}, starts ${token.prefix}) for member ${memberId}; ` +
          `${token.expiresAt ? `it expires at ${token.expiresAt}` : 'it does not expire'}.\n` +
          `It is shown only this once; keep it safe:\n\n  ${token.token}\n\n`,
      );
    },
  };
}

/** Names of the applied migrations, without creating the migrations table as TypeORM's own check would. */
async function appliedMigrations(dataSource: DataSource): Promise<string[]> {
  const [row] = await dataSource.query<{ table: string | null }[]>(
    `SELECT to_regclass('migrations')::text AS table`,
  );
  if (!row?.table) {
    return [];
  }
  const rows = await dataSource.query<{ name: string }[]>(
    `SELECT name FROM migrations ORDER BY timestamp, id`,
  );
  return rows.map((r) => r.name);
}

async function showMigrations(dataSource: DataSource, context: CliContext): Promise<void> {
  const applied = new Set(await appliedMigrations(dataSource));
  const known = dataSource.migrations.map((m) => m.name ?? m.constructor.name);
  const lines = known.map((name) => `${applied.has(name) ? '[X]' : '[ ]'} ${name}`);
  for (const name of applied) {
    if (!known.includes(name)) {
      lines.push(`[?] ${name} (applied, but unknown to this version)`);
    }
  }
  const pending = known.filter((name) => !applied.has(name)).length;
  context.out(
    `${lines.join('\n')}\n${pending === 0 ? 'All migrations are applied.' : `${pending} pending.`}\n`,
  );
}

async function runMigrations(dataSource: DataSource, context: CliContext): Promise<void> {
  const applied = await runMigrationsLocked(dataSource);
  context.out(
    applied.length === 0 ? 'No pending migrations.\n' : applied.map((name) => `applied ${name}\n`).join(''),
  );
}

async function revertMigration(dataSource: DataSource, context: CliContext): Promise<void> {
  const last = (await appliedMigrations(dataSource)).at(-1);
  if (last === undefined) {
    context.out('No migration is applied: nothing to revert.\n');
    return;
  }
  await dataSource.undoLastMigration({ transaction: 'each' });
  context.out(`reverted ${last}\n`);
}

function generateMigration(args: Arguments, context: CliContext): Promise<Work> {
  // Accepts `add-signal-tlp` or, as TypeORM's CLI did, `migrations/add-signal-tlp`.
  const [target = ''] = args.positionals;
  const name = path.basename(target).replace(/\.ts$/, '');
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) {
    throw new UsageError(
      `migration:generate: NAME must be kebab-case, such as add-signal-tlp (got ${target})`,
    );
  }
  const cwd = context.cwd ?? process.cwd();
  const directory = path.resolve(cwd, path.dirname(target) === '.' ? 'migrations' : path.dirname(target));
  return onDatabase(async (dataSource) => {
    const file = await writeMigration(dataSource, directory, name);
    context.out(
      `Wrote ${path.relative(cwd, file.path)}.\n` +
        `Read and tidy it (constraint names, one concern per file), then add ${file.className} to migrations/index.ts.\n`,
    );
  });
}

/** Writes what the entities add to the connected schema as a migration file, as TypeORM's generator did. */
async function writeMigration(
  dataSource: DataSource,
  directory: string,
  name: string,
): Promise<{ path: string; className: string }> {
  const applied = new Set(await appliedMigrations(dataSource));
  const pending = dataSource.migrations.filter((m) => !applied.has(m.name ?? ''));
  if (pending.length > 0) {
    // Against an unmigrated database the new file would repeat what the pending migrations already do.
    throw new CliError(
      `Apply the pending migrations first (npm run migration:run): ${pending.map((m) => m.name).join(', ')}`,
    );
  }
  const sql = await dataSource.driver.createSchemaBuilder().log();
  if (sql.upQueries.length === 0) {
    throw new CliError('The entities and the database schema agree: there is nothing to generate.');
  }
  const timestamp = Date.now();
  const className = `${name.replace(/(^|-)([a-z0-9])/g, (_m, _dash, c: string) => c.toUpperCase())}${timestamp}`;
  const file = path.join(directory, `${timestamp}-${name}.ts`);
  const statements = (queries: { query: string; parameters?: unknown[] }[]): string =>
    queries
      .map(({ query, parameters }) => {
        const text = query.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
        const params = parameters && parameters.length > 0 ? `, ${JSON.stringify(parameters)}` : '';
        return `    await db.query(\`${text}\`${params});`;
      })
      .join('\n');
  const source = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(db: QueryRunner): Promise<void> {
${statements(sql.upQueries)}
  }

  async down(db: QueryRunner): Promise<void> {
${statements([...sql.downQueries].reverse())}
  }
}
`;
  await mkdir(directory, { recursive: true });
  await writeFile(file, source, { flag: 'wx' });
  return { path: file, className };
}

async function main(): Promise<void> {
  process.exitCode = await runCli(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
}

// Importable by tests; runs only as the entry point (`node dist/src/cli.js`).
const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
  await main();
}
