import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import pg from 'pg';
import {
  type EmbeddedDatabase,
  freePort,
  startEmbeddedDatabase,
} from '../src/common/database/embedded-postgres.js';
import { type Population, seedPopulation, signalBody } from './seed.js';
import { connectSse } from './sse-client.js';

/**
 * `npm run bench`: the product and a framework-free baseline on one fresh database, measured back to back.
 * Absolute figures drift on a shared machine; the ratio product/baseline, over interleaved rounds, holds.
 * Settings: BENCH_ROUNDS (3), BENCH_DURATION_S (10), BENCH_CONNECTIONS (32), BENCH_STREAM_CLIENTS (1000),
 * BENCH_STREAM_RATE (100 signals/s), BENCH_STREAM_SECONDS (10), BENCH_ONLY (a subset of
 * ingest,stream,webhooks,reads), BENCH_PRODUCT_NODE_ARGS (node options for the product only, e.g.
 * `--cpu-prof --cpu-prof-dir=/tmp/profile` for a CPU profile), BENCH_KEEP_DATABASE (1: keep the database
 * afterwards), DATABASE_URL (else an embedded server).
 */
const settings = {
  rounds: Number(process.env.BENCH_ROUNDS ?? 3),
  durationS: Number(process.env.BENCH_DURATION_S ?? 10),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 32),
  streamClients: Number(process.env.BENCH_STREAM_CLIENTS ?? 1000),
  streamRate: Number(process.env.BENCH_STREAM_RATE ?? 100),
  streamSeconds: Number(process.env.BENCH_STREAM_SECONDS ?? 10),
  listSignals: Number(process.env.BENCH_LIST_SIGNALS ?? 100_000),
  timelineEvents: Number(process.env.BENCH_TIMELINE_EVENTS ?? 10_000),
  /** A comma-separated subset of ingest,stream,webhooks,reads; all by default. */
  only: new Set((process.env.BENCH_ONLY ?? 'ingest,stream,webhooks,reads').split(',')),
  productNodeArgs: (process.env.BENCH_PRODUCT_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== ''),
  /** BENCH_KEEP_DATABASE=1 leaves the database (on DATABASE_URL's server) for EXPLAIN and the like. */
  keepDatabase: process.env.BENCH_KEEP_DATABASE === '1',
};
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const MUNICIPALITIES_CSV = path.resolve(ROOT, '..', 'shared', 'data', 'municipalities-2018.csv');
const CLOCK_TICKS_PER_SECOND = 100;

type Row = Record<string, string | number>;
const table: Row[] = [];
const log = (line: string) => process.stdout.write(`${line}\n`);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function median(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function startProcess(script: string, env: Record<string, string>, nodeArgs: string[] = []): ChildProcess {
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (code !== 0 && signal === null) {
      log(`${path.basename(script)} exited with ${code}`);
    }
  });
  return child;
}

async function waitFor(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      http.get(url, (res) => resolve((res.statusCode ?? 500) < 500)).on('error', () => resolve(false));
    });
    if (ok) {
      return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not come up`);
}

function processStats(pid: number): { cpuSeconds: number; peakRssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { cpuSeconds, peakRssMb: Math.round(peakKb / 1024) };
}

/**
 * CPU seconds the rest of the machine used so far: every process but this one (the load generator) and
 * the server measured, i.e. the database (the bench wants a quiet machine for its figures anyway).
 */
function otherCpuSeconds(serverPid: number): number {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  // user nice system idle iowait irq softirq steal: all but idle and iowait are busy.
  const busyTicks = [0, 1, 2, 5, 6, 7].reduce((sum, i) => sum + Number(ticks[i] ?? 0), 0);
  const own = process.cpuUsage();
  return (
    busyTicks / CLOCK_TICKS_PER_SECOND - (own.user + own.system) / 1e6 - processStats(serverPid).cpuSeconds
  );
}

let bodyCounter = 0;
async function ingest(url: string, headers: Record<string, string>) {
  const result = await autocannon({
    url,
    connections: settings.connections,
    duration: settings.durationS,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        setupRequest: (request) => ({ ...request, body: JSON.stringify(signalBody(bodyCounter++)) }),
      },
    ],
  });
  return {
    perSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    total: result.requests.total,
  };
}

function postJson(
  url: string,
  token: string,
  body: unknown,
  agent: http.Agent,
): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST',
      agent,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
    request.on('error', reject);
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
        }),
      );
    });
    request.end(JSON.stringify(body));
  });
}

/** Posts at a fixed rate and answers, per signal id, when its 201 arrived. */
async function postAtRate(
  api: string,
  token: string,
  rate: number,
  seconds: number,
): Promise<Map<string, number>> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const answeredAt = new Map<string, number>();
  const pending: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < rate * seconds; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) {
      await new Promise((r) => setTimeout(r, wait));
    }
    pending.push(
      postJson(`${api}/signals`, token, signalBody(bodyCounter++), agent).then(({ status, json }) => {
        if (status === 201) {
          answeredAt.set(String(json.id), performance.now());
        }
      }),
    );
  }
  await Promise.all(pending);
  agent.destroy();
  return answeredAt;
}

/**
 * Waits until the sequencer has numbered every alert written so far; answers how long that took. The
 * product does that work after its commits, so a round is only over when it is done.
 */
async function sequencerDrained(databaseUrl: string): Promise<number> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const started = performance.now();
  try {
    for (;;) {
      const { rows } = await db.query<{ waiting: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM alerts_to_sequence) AS waiting`,
      );
      if (!rows[0]?.waiting) {
        return performance.now() - started;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await db.end();
  }
}

/**
 * Vacuumed and checkpointed: the ingest rounds leave dead row versions and some 300 MB of WAL behind, and
 * the checkpoint they trigger can land in the next part and stall its commits on disk flushes (seen once
 * in the stream part, in pg_stat_bgwriter).
 */
async function settled(databaseUrl: string): Promise<void> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query('VACUUM (ANALYZE)');
    await db.query('CHECKPOINT');
  } finally {
    await db.end();
  }
}

async function measureIngest(
  productUrl: string,
  baselineUrl: string,
  databaseUrl: string,
  population: Population,
  pids: { product: number; baseline: number },
) {
  const ratios: number[] = [];
  const product: Awaited<ReturnType<typeof ingest>>[] = [];
  const baseline: Awaited<ReturnType<typeof ingest>>[] = [];
  // CPU seconds over every round: each side's server process, and the rest of the machine (its database).
  const cpu = {
    product: { own: 0, database: 0, signals: 0 },
    baseline: { own: 0, database: 0, signals: 0 },
  };
  // Warm both up (JIT, prepared statements, caches) before anything counts.
  await ingest(`${productUrl}/api/v1/signals`, { authorization: `Bearer ${population.liaison.token}` });
  await sequencerDrained(databaseUrl);
  await ingest(`${baselineUrl}/signals`, {});
  for (let round = 0; round < settings.rounds; round++) {
    const order = round % 2 === 0 ? ['product', 'baseline'] : ['baseline', 'product'];
    let p: (Awaited<ReturnType<typeof ingest>> & { drainMs: number }) | undefined;
    let b: Awaited<ReturnType<typeof ingest>> | undefined;
    for (const which of order) {
      if (which === 'product') {
        const before = processStats(pids.product).cpuSeconds;
        const databaseBefore = otherCpuSeconds(pids.product);
        const posted = await ingest(`${productUrl}/api/v1/signals`, {
          authorization: `Bearer ${population.liaison.token}`,
        });
        // The rate counts the time the sequencer still needed after the last 201.
        const drainMs = await sequencerDrained(databaseUrl);
        p = { ...posted, perSecond: posted.total / (settings.durationS + drainMs / 1000), drainMs };
        cpu.product.own += processStats(pids.product).cpuSeconds - before;
        cpu.product.database += otherCpuSeconds(pids.product) - databaseBefore;
        cpu.product.signals += p.total;
      } else {
        const before = processStats(pids.baseline).cpuSeconds;
        const databaseBefore = otherCpuSeconds(pids.baseline);
        b = await ingest(`${baselineUrl}/signals`, {});
        cpu.baseline.own += processStats(pids.baseline).cpuSeconds - before;
        cpu.baseline.database += otherCpuSeconds(pids.baseline) - databaseBefore;
        cpu.baseline.signals += b.total;
      }
    }
    product.push(p!);
    baseline.push(b!);
    ratios.push(p!.perSecond / b!.perSecond);
    log(
      `  round ${round + 1}: product ${round1(p!.perSecond)}/s (p99 ${p!.p99} ms, sequenced ` +
        `${Math.round(p!.drainMs)} ms after the last 201), ` +
        `baseline ${round1(b!.perSecond)}/s (p99 ${b!.p99} ms), ratio ${round1(ratios.at(-1)! * 100)}%`,
    );
  }
  const row = (name: string, runs: typeof product) => ({
    measure: `ingest ${name}`,
    'per second': round1(median(runs.map((r) => r.perSecond))),
    'p50 ms': median(runs.map((r) => r.p50)),
    'p99 ms': median(runs.map((r) => r.p99)),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  });
  table.push(row('product', product), row('baseline', baseline));
  const p99Ratio = median(product.map((r) => r.p99)) / median(baseline.map((r) => r.p99));
  table.push({
    measure: 'ingest ratio (median)',
    'per second': `${round1(median(ratios) * 100)}%`,
    'p99 ms': `×${round1(p99Ratio)}`,
  });
  const perThousand = (seconds: number, signals: number) => (seconds / signals) * 1000;
  const cpuSecondsPerThousand = perThousand(cpu.product.own, cpu.product.signals);
  const databaseCpuSecondsPerThousand = perThousand(cpu.product.database, cpu.product.signals);
  const baselineCpuSecondsPerThousand = perThousand(cpu.baseline.own, cpu.baseline.signals);
  const baselineDatabaseCpuSecondsPerThousand = perThousand(cpu.baseline.database, cpu.baseline.signals);
  table.push(
    {
      measure: 'CPU per 1,000 signals: product, its database',
      'per second': `${round1(cpuSecondsPerThousand)} s, ${round1(databaseCpuSecondsPerThousand)} s`,
    },
    {
      measure: 'CPU per 1,000 signals: baseline, its database',
      'per second': `${round1(baselineCpuSecondsPerThousand)} s, ${round1(baselineDatabaseCpuSecondsPerThousand)} s`,
    },
  );
  return {
    ratio: median(ratios),
    p99Ratio,
    cpuSecondsPerThousand,
    baselineCpuSecondsPerThousand,
    databaseCpuSecondsPerThousand,
    baselineDatabaseCpuSecondsPerThousand,
  };
}

async function measureStream(productUrl: string, databaseUrl: string, population: Population) {
  const api = `${productUrl}/api/v1`;
  const received = new Map<string, number[]>(); // `${client}:${signalId}` → arrival times
  const clientsByOrganisation = new Map<string, number[]>();
  const connections: { close: () => void }[] = [];
  for (let client = 0; client < settings.streamClients; client++) {
    const analyst = population.analysts[client % population.analysts.length]!;
    clientsByOrganisation.set(analyst.organisationId, [
      ...(clientsByOrganisation.get(analyst.organisationId) ?? []),
      client,
    ]);
    connections.push(
      await connectSse(`${api}/alerts/stream`, analyst.token, (event) => {
        const alert = JSON.parse(event.data) as { signal?: { id?: string } | null };
        const signalId = alert.signal?.id;
        if (signalId) {
          const key = `${client}:${signalId}`;
          received.set(key, [...(received.get(key) ?? []), performance.now()]);
        }
      }),
    );
  }
  // The clients run in this process: how late its own event loop ran bounds what the figures can show.
  const clientLag = monitorEventLoopDelay({ resolution: 10 });
  clientLag.enable();
  const answeredAt = await postAtRate(
    api,
    population.liaison.token,
    settings.streamRate,
    settings.streamSeconds,
  );
  clientLag.disable();
  // A backlog still draining is late, not lost: wait until nothing new arrives for 3 s (at most a minute).
  const drainDeadline = performance.now() + 60_000;
  for (let seen = -1; received.size !== seen && performance.now() < drainDeadline;) {
    seen = received.size;
    await new Promise((r) => setTimeout(r, 3000));
  }
  connections.forEach((c) => c.close());

  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const { rows } = await db.query<{ signal_id: string; organisation_id: string }>(
    `SELECT signal_id, organisation_id FROM alerts WHERE kind = 'signal' AND signal_id = ANY($1)`,
    [[...answeredAt.keys()]],
  );
  await db.end();
  const latencies: number[] = [];
  let lost = 0;
  let duplicated = 0;
  for (const alert of rows) {
    for (const client of clientsByOrganisation.get(alert.organisation_id) ?? []) {
      const arrivals = received.get(`${client}:${alert.signal_id}`) ?? [];
      if (arrivals.length === 0) {
        lost++;
        continue;
      }
      duplicated += arrivals.length - 1;
      latencies.push(Math.max(0, arrivals[0]! - answeredAt.get(alert.signal_id)!));
    }
  }
  latencies.sort((a, b) => a - b);
  const result = {
    p50: round1(percentile(latencies, 50)),
    p99: round1(percentile(latencies, 99)),
    lost,
    duplicated,
    clientEventLoopDelayP99Ms: round1(clientLag.percentile(99) / 1e6),
    clientEventLoopDelayMaxMs: round1(clientLag.max / 1e6),
  };
  table.push({
    measure: `stream: ${settings.streamClients} clients, ${settings.streamRate} signals/s`,
    'per second': `${latencies.length} events`,
    'p50 ms': result.p50,
    'p99 ms': result.p99,
    errors: `lost ${lost}, duplicated ${duplicated}`,
  });
  // A single pause of the clients' process delays every event arriving meanwhile: the max matters too.
  table.push({
    measure: "stream clients' own event-loop delay (p99; max)",
    'p99 ms': `${result.clientEventLoopDelayP99Ms}; ${result.clientEventLoopDelayMaxMs}`,
  });
  return result;
}

async function measureWebhooks(productUrl: string, population: Population) {
  const api = `${productUrl}/api/v1`;
  const arrivals = new Map<string, { at: number; signalId: string }>();
  const receiver = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const id = String(request.headers['webhook-id']);
      if (!arrivals.has(id)) {
        const data = (JSON.parse(body) as { data?: { signal?: { id?: string } } }).data;
        arrivals.set(id, { at: performance.now(), signalId: data?.signal?.id ?? '' });
      }
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as { port: number }).port;
  const agent = new http.Agent({ keepAlive: true });
  for (const analyst of population.analysts.slice(0, 40)) {
    await postJson(
      `${api}/webhooks`,
      analyst.token,
      { url: `http://127.0.0.1:${port}/hook/${analyst.code}` },
      agent,
    );
  }
  const start = performance.now();
  const answeredAt = await postAtRate(api, population.liaison.token, 50, 10);
  const deadline = performance.now() + 30_000;
  let last = -1;
  while (performance.now() < deadline && arrivals.size !== last) {
    last = arrivals.size;
    await new Promise((r) => setTimeout(r, 2000));
  }
  receiver.close();
  agent.destroy();
  const times = [...arrivals.values()].filter((a) => answeredAt.has(a.signalId));
  const latencies = times.map((a) => Math.max(0, a.at - answeredAt.get(a.signalId)!)).sort((a, b) => a - b);
  const end = Math.max(...times.map((a) => a.at));
  const result = {
    perSecond: round1(times.length / ((end - start) / 1000)),
    p99: round1(percentile(latencies, 99)),
  };
  table.push({
    measure: 'webhooks to a local receiver',
    'per second': result.perSecond,
    'p50 ms': round1(percentile(latencies, 50)),
    'p99 ms': result.p99,
    errors: `${times.length} delivered`,
  });
  return result;
}

async function measureReads(productUrl: string, databaseUrl: string, population: Population) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  // Bulk signals straight into the table: 70 % GREEN, the rest AMBER addressed to no one but the reporter.
  await db.query(
    `INSERT INTO signals (organisation_id, submitted_by_member_id, title, description, category, severity, tlp,
                          classification, election, phase, municipalities, observed_at, source, confidence)
     SELECT $1, $2, 'Bulk signal ' || n, 'Bulk description ' || n,
            (ARRAY['disinformation','covert-influence','cyber-attack','hack-and-leak','election-process',
                   'microtargeting','inauthentic-behaviour','intimidation'])[1 + n % 8],
            (ARRAY['low','moderate','high','critical'])[1 + (n / 8) % 4],
            CASE WHEN n % 10 < 7 THEN 'GREEN' ELSE 'AMBER' END,
            'unclassified', 'GR2018', 'campaign', ARRAY['GM0363'], now() - n * interval '1 second', 'open-source', 50
       FROM generate_series(1, $3::int) AS n`,
    [population.liaison.organisationId, population.liaison.memberId, settings.listSignals],
  );
  await db.query('ANALYZE');
  await db.end();
  const reader = population.analysts.find((a) => a.code === 'GM0363')!;
  const listP99 = await measurePage(
    `signals page of 100, ${settings.listSignals} in the database, filtered`,
    `${productUrl}/api/v1/signals?category=disinformation&severity=high&limit=100`,
    reader.token,
  );
  return { listP99, timelineP99: await measureTimeline(productUrl, databaseUrl, population) };
}

/**
 * One page, read over and over: by one client (the latency a reader sees) and by eight at once (the machine
 * saturated: on two cores, mostly queueing). Answers both p99s.
 */
async function measurePage(
  name: string,
  url: string,
  token: string,
): Promise<{ oneClientP99: number; eightClientsP99: number }> {
  const p99s: number[] = [];
  for (const connections of [1, 8]) {
    const result = await autocannon({
      url,
      connections,
      duration: settings.durationS,
      headers: { authorization: `Bearer ${token}` },
    });
    table.push({
      measure: `${name}, ${connections === 1 ? '1 client' : `${connections} clients`}`,
      'per second': round1(result.requests.average),
      'p50 ms': result.latency.p50,
      'p99 ms': result.latency.p99,
      errors: result.errors + result.non2xx,
    });
    p99s.push(result.latency.p99);
  }
  return { oneClientP99: p99s[0] ?? NaN, eightClientsP99: p99s[1] ?? NaN };
}

/** A timeline page of 100 on a case with many events; skipped while the cases API does not exist. */
async function measureTimeline(
  productUrl: string,
  databaseUrl: string,
  population: Population,
): Promise<{ oneClientP99: number; eightClientsP99: number } | undefined> {
  const api = `${productUrl}/api/v1`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const coordinator = population.coordinator;
  const created = await postJson(
    `${api}/cases`,
    coordinator.token,
    {
      title: 'Bench case',
      summary: 'A case with many events',
      election: 'GR2018',
      priority: 'high',
      leadOrganisation: 'NCTV',
    },
    agent,
  );
  if (created.status !== 201) {
    table.push({ measure: 'timeline page of 100', 'per second': 'n/a (no cases API)' });
    return undefined;
  }
  const caseId = String(created.json.id);
  for (let i = 0; i < settings.timelineEvents; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, settings.timelineEvents - i) }, (_, j) =>
        postJson(`${api}/cases/${caseId}/notes`, coordinator.token, { text: `Note ${i + j}` }, agent),
      ),
    );
  }
  agent.destroy();
  // Statistics that know the case has grown, as autovacuum's would within a minute (a server running
  // without autovacuum, as CI's does, would otherwise plan for the empty table it last analysed).
  await settled(databaseUrl);
  return measurePage(
    `timeline page of 100, ${settings.timelineEvents} events`,
    `${api}/cases/${caseId}/timeline?limit=100`,
    coordinator.token,
  );
}

async function main(): Promise<void> {
  let embedded: EmbeddedDatabase | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    embedded = await startEmbeddedDatabase({
      dataDir: path.join('/tmp', `kiessignaal-bench-${randomBytes(4).toString('hex')}`),
      port: await freePort(),
      persistent: false,
      log,
    });
    serverUrl = embedded.url;
  }
  const databaseName = `ks_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${databaseName}`);
  const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${databaseName}` }).toString();

  const children: ChildProcess[] = [];
  try {
    const productPort = await freePort();
    const product = startProcess(
      'dist/src/main.js',
      {
        DATABASE_URL: databaseUrl,
        SECRET_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        PORT: String(productPort),
        LOG_LEVEL: 'warn',
        WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
        NODE_ENV: 'production',
      },
      settings.productNodeArgs,
    );
    children.push(product);
    const productUrl = `http://127.0.0.1:${productPort}`;
    await waitFor(`${productUrl}/health/ready`);
    log(`product up on ${productUrl}; seeding`);
    const population = await seedPopulation(databaseUrl, MUNICIPALITIES_CSV);

    const baselinePort = await freePort();
    const baseline = startProcess('dist/bench/baseline-server.js', {
      BASELINE_DATABASE_URL: databaseUrl,
      BASELINE_PORT: String(baselinePort),
      BASELINE_ORGANISATION_ID: population.liaison.organisationId,
      BASELINE_MEMBER_ID: population.liaison.memberId,
    });
    children.push(baseline);
    const baselineUrl = `http://127.0.0.1:${baselinePort}`;
    await waitFor(baselineUrl);
    log(
      `${population.organisationCount} organisations, ${population.subscriberCount} subscribed; ` +
        `${settings.rounds} rounds of ${settings.durationS} s at ${settings.connections} connections`,
    );

    const skipped = <T>(name: string, run: () => Promise<T>): Promise<T | undefined> =>
      settings.only.has(name) ? run() : Promise.resolve(undefined);
    const ingestResult = (await skipped('ingest', () =>
      measureIngest(productUrl, baselineUrl, databaseUrl, population, {
        product: product.pid!,
        baseline: baseline.pid!,
      }),
    )) ?? {
      ratio: Number.NaN,
      p99Ratio: Number.NaN,
      cpuSecondsPerThousand: Number.NaN,
      baselineCpuSecondsPerThousand: Number.NaN,
      databaseCpuSecondsPerThousand: Number.NaN,
      baselineDatabaseCpuSecondsPerThousand: Number.NaN,
    };
    // Each later part starts without the ingest rounds' cleanup (vacuum, checkpoint) running under it.
    await settled(databaseUrl);
    const stream = (await skipped('stream', () => measureStream(productUrl, databaseUrl, population))) ?? {
      p50: Number.NaN,
      p99: Number.NaN,
      lost: Number.NaN,
      duplicated: Number.NaN,
    };
    const webhooks = await skipped('webhooks', () => measureWebhooks(productUrl, population));
    const reads = await skipped('reads', () => measureReads(productUrl, databaseUrl, population));
    const stats = processStats(product.pid!);
    table.push({ measure: 'product peak RSS', 'per second': `${stats.peakRssMb} MB` });

    // A table for people, like the rest of this command's output.
    // eslint-disable-next-line no-console
    console.table(table);
    const results = {
      at: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        model: os.cpus()[0]?.model,
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
      },
      settings,
      ingestRatio: ingestResult.ratio,
      ingestP99Ratio: ingestResult.p99Ratio,
      stream,
      webhooks,
      reads,
      product: {
        ...stats,
        cpuSecondsPerThousandSignals: ingestResult.cpuSecondsPerThousand,
        databaseCpuSecondsPerThousandSignals: ingestResult.databaseCpuSecondsPerThousand,
      },
      baseline: {
        cpuSecondsPerThousandSignals: ingestResult.baselineCpuSecondsPerThousand,
        databaseCpuSecondsPerThousandSignals: ingestResult.baselineDatabaseCpuSecondsPerThousand,
      },
      table,
    };
    mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
    const file = path.join(ROOT, 'bench', 'results', `${results.at.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify(results, null, 2));
    log(`results written to ${path.relative(ROOT, file)}`);
    log(
      `ingest-ratio=${ingestResult.ratio.toFixed(2)} stream-p99-ms=${stream.p99} lost=${stream.lost} duplicated=${stream.duplicated}`,
    );
  } finally {
    children.forEach((child) => child.kill('SIGTERM'));
    await new Promise((r) => setTimeout(r, 1000));
    if (settings.keepDatabase && !embedded) {
      log(`database kept for inspection: ${databaseName}`);
    } else {
      await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    }
    await admin.end();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
