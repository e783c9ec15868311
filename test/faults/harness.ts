import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import pg from 'pg';
import { generateToken } from '../../src/common/auth/tokens.js';
import {
  type EmbeddedDatabase,
  freePort,
  startEmbeddedDatabase,
} from '../../src/common/database/embedded-postgres.js';

/** A PostgreSQL server of the drill's own, which it may stop and start again on the same port and data. */
export class DrillDatabase {
  private server?: EmbeddedDatabase;

  private constructor(
    private readonly dataDir: string,
    private readonly port: number,
  ) {}

  static async start(): Promise<DrillDatabase> {
    const database = new DrillDatabase(
      path.join('/tmp', `kiessignaal-drill-${randomBytes(4).toString('hex')}`),
      await freePort(),
    );
    await database.startServer();
    return database;
  }

  get url(): string {
    return `postgres://postgres:postgres@127.0.0.1:${this.port}/postgres`;
  }

  async startServer(): Promise<void> {
    this.server = await startEmbeddedDatabase({ dataDir: this.dataDir, port: this.port, persistent: true });
  }

  async stopServer(): Promise<void> {
    await this.server?.stop();
    this.server = undefined;
  }

  async query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: this.url });
    await client.connect();
    try {
      return (await client.query<T>(sql, params)).rows;
    } finally {
      await client.end();
    }
  }

  async destroy(): Promise<void> {
    await this.stopServer();
    const { rm } = await import('node:fs/promises');
    await rm(this.dataDir, { recursive: true, force: true });
  }
}

/** The built service (dist/src/main.js) as a process of its own. */
export class ServiceProcess {
  private child?: ChildProcess;

  private constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
    /** Instances on one database share it: BOOTSTRAP_ADMIN_TOKEN revokes any other bootstrap token. */
    readonly adminToken: string,
  ) {}

  static async start(
    database: DrillDatabase,
    env: Record<string, string> = {},
    adminToken = generateToken(),
  ): Promise<ServiceProcess> {
    const service = new ServiceProcess(await freePort(), env, adminToken);
    await service.launch(database);
    return service;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get api(): string {
    return `${this.url}/api/v1`;
  }

  async launch(database: DrillDatabase): Promise<void> {
    this.child = spawn(process.execPath, ['dist/src/main.js'], {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        SECRET_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
        BOOTSTRAP_ADMIN_TOKEN: this.adminToken,
        PORT: String(this.port),
        LOG_LEVEL: 'warn',
        WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
        ...this.env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitUntil(async () => (await status(`${this.url}/health/ready`)) === 200, 60_000);
  }

  /** SIGKILL: no shutdown hook runs, in-flight transactions are cut off. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) {
      return;
    }
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) {
      return;
    }
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 200,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

export function status(url: string): Promise<number> {
  return new Promise((resolve) => {
    http
      .get(url, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      })
      .on('error', () => resolve(0));
  });
}

export interface JsonAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** One JSON request; a connection error is an answer with status 0 (the outcome is unknown to the client). */
export function request(
  method: string,
  url: string,
  token: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<JsonAnswer> {
  return new Promise((resolve) => {
    const req = http.request(url, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    });
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, body: {} }));
    req.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        let parsed: Record<string, unknown>;
        try {
          parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
        } catch {
          parsed = { raw: text };
        }
        resolve({ status: response.statusCode ?? 0, body: parsed });
      });
      response.on('error', () => resolve({ status: 0, body: {} }));
    });
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** A member with a token, created through the API as the bootstrap admin. */
export async function memberOf(
  service: ServiceProcess,
  organisation: string,
  roles: string[],
): Promise<{ id: string; token: string }> {
  const member = await request(
    'POST',
    `${service.api}/organisations/${organisation}/members`,
    service.adminToken,
    {
      name: `Drill ${roles.join('/')}`,
      email: `${randomBytes(6).toString('hex')}@drill.invalid`,
      roles,
    },
  );
  if (member.status !== 201) {
    throw new Error(`member not created: ${member.status} ${JSON.stringify(member.body)}`);
  }
  const token = await request(
    'POST',
    `${service.api}/members/${String(member.body.id)}/tokens`,
    service.adminToken,
    {
      name: 'drill',
    },
  );
  return { id: String(member.body.id), token: String(token.body.token) };
}

export interface StreamClient {
  /** Alert events received: SSE id and the parsed alert. */
  events: { id: string; alert: { id: string; signal?: { id: string } | null; kind: string } }[];
  close(): void;
}

/**
 * Follows /alerts/stream like a browser's EventSource would: on a dropped connection it reconnects with
 * Last-Event-ID, so what it collects shows what a real client ends up with.
 */
export function followStream(service: ServiceProcess, token: string): StreamClient {
  const client: StreamClient & { closed: boolean; lastId: string } = {
    events: [],
    closed: false,
    lastId: '',
    close() {
      this.closed = true;
      current?.destroy();
    },
  };
  let current: http.ClientRequest | undefined;
  const connect = () => {
    if (client.closed) {
      return;
    }
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'text/event-stream' };
    if (client.lastId) {
      headers['last-event-id'] = client.lastId;
    }
    current = http.get(`${service.api}/alerts/stream`, { headers });
    const retry = () => setTimeout(connect, 300);
    current.on('error', retry);
    current.on('response', (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        retry();
        return;
      }
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const id = /^id: ?(.*)$/m.exec(block)?.[1];
          const data = /^data: ?(.*)$/m.exec(block)?.[1];
          if (id && data) {
            client.lastId = id;
            client.events.push({ id, alert: JSON.parse(data) as StreamClient['events'][number]['alert'] });
          }
        }
      });
      response.on('end', retry);
      response.on('error', () => undefined);
    });
  };
  connect();
  return client;
}
