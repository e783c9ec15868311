import type { ServerResponse } from 'node:http';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Subscription } from 'rxjs';
import type { Member } from '../../common/auth/member.js';
import { PgListenerService } from '../../common/database/pg-listener.service.js';
import { AppError } from '../../common/errors/app-error.js';
import { MetricsService } from '../../common/metrics/metrics.service.js';
import { AppConfig } from '../../config/app-config.js';
import { AlertViews, type SequencedAlertView } from './alert-views.js';
import { AlertsRepository } from './alerts.repository.js';

/** Rows per pump query; a longer backlog takes several rounds of one query each. */
const PUMP_BATCH = 1000;
const REPLAY_PAGE = 500;
/**
 * A client that cannot keep up is disconnected rather than buffered without bound: it reconnects with
 * Last-Event-ID and catches up from the table.
 */
const MAX_UNSENT_BYTES = 1_048_576;
const MAX_BUFFERED_EVENTS = 10_000;
const EVENT_ID = /^[0-9]{1,18}$/;

interface Frame {
  seq: bigint;
  text: string;
}

interface StreamClient {
  organisationId: string;
  raw: ServerResponse;
  /** The last event id written; nothing at or below it is written again. */
  lastSentSeq: bigint;
  /** Live events that arrive while the client replays from the table; null once live. */
  buffer: Frame[] | null;
  isClosed: boolean;
}

/**
 * The alert stream (SSE) of this instance. One pump per instance: it LISTENs on `alerts` (payload: the
 * recipients' organisation ids), and for each burst of notifications runs one query for every notified
 * organisation with clients here (`seq >` the last position it read for it), renders each alert once and
 * writes it to that organisation's clients. The table is the truth and NOTIFY only the wake-up: the pump
 * also catches up after a listener reconnection and at every heartbeat, so a lost notification costs
 * latency, never an event.
 *
 * A client subscribes to the live events first (buffering them), replays what it missed from the table,
 * then flushes the buffer, skipping what the replay already sent: no gap, no duplicate. This relies on an
 * organisation's alerts becoming visible in sequence order (AlertSequencer numbers committed alerts, one
 * pass at a time).
 */
@Injectable()
export class AlertStreamService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AlertStreamService.name);
  private readonly clients = new Map<string, Set<StreamClient>>();
  /** Per organisation with clients here: the last seq the pump read. Forgotten with its last client. */
  private readonly highWater = new Map<string, bigint>();
  private readonly starting = new Map<string, Promise<bigint>>();
  private readonly pending = new Set<string>();
  private draining?: Promise<void>;
  private readonly subscriptions: Subscription[] = [];
  private heartbeat?: NodeJS.Timeout;
  private isStopped = false;

  constructor(
    private readonly listener: PgListenerService,
    private readonly repo: AlertsRepository,
    private readonly views: AlertViews,
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.subscriptions.push(
      this.listener.on('alerts').subscribe((payload) => this.notified(payload.split(','))),
      this.listener.reconnected$.subscribe(() => this.notified([...this.highWater.keys()])),
    );
    this.heartbeat = setInterval(() => this.beat(), this.config.stream.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Ends every stream, so that closing the HTTP server does not wait for them. */
  async onModuleDestroy(): Promise<void> {
    this.isStopped = true;
    clearInterval(this.heartbeat);
    for (const subscription of this.subscriptions) {
      subscription.unsubscribe();
    }
    for (const client of [...this.clients.values()].flatMap((set) => [...set])) {
      this.close(client);
    }
    await this.draining;
  }

  /**
   * Streams the member's organisation's alerts on the hijacked reply: first those after `lastEventId` (when
   * given) from the table, then live ones. Resolves once the stream is live; it lives on until either side
   * closes it.
   */
  async open(member: Member, reply: FastifyReply, lastEventId: string | undefined): Promise<void> {
    const resumeAfter = parseEventId(lastEventId);
    if (this.isStopped) {
      throw new AppError('unavailable', 'The service is shutting down; reconnect in a moment.');
    }
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      ...definedHeaders(reply.getHeaders()),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // nginx and similar proxies would otherwise hold events back in their buffers.
      'x-accel-buffering': 'no',
    });
    raw.flushHeaders();
    const client: StreamClient = {
      organisationId: member.organisationId,
      raw,
      lastSentSeq: resumeAfter ?? 0n,
      buffer: [],
      isClosed: false,
    };
    this.register(client);
    raw.on('close', () => this.unregister(client));
    raw.on('error', () => this.unregister(client));
    if (raw.destroyed) {
      this.unregister(client); // gone before we listened
      return;
    }
    try {
      const position = await this.track(client.organisationId);
      if (resumeAfter === undefined) {
        client.lastSentSeq = position; // a new client starts with what happens from now on
      } else {
        await this.replay(client);
      }
      const buffered = client.buffer ?? [];
      client.buffer = null;
      for (const frame of buffered) {
        this.write(client, frame);
      }
    } catch (error) {
      this.logger.error({ err: error }, 'could not start an alert stream');
      this.close(client);
    }
  }

  private register(client: StreamClient): void {
    const set = this.clients.get(client.organisationId) ?? new Set<StreamClient>();
    set.add(client);
    this.clients.set(client.organisationId, set);
    this.metrics.streamClients.inc();
  }

  private unregister(client: StreamClient): void {
    if (client.isClosed) {
      return;
    }
    client.isClosed = true;
    this.metrics.streamClients.dec();
    const set = this.clients.get(client.organisationId);
    set?.delete(client);
    if (set?.size === 0) {
      this.clients.delete(client.organisationId);
      this.highWater.delete(client.organisationId);
      this.pending.delete(client.organisationId);
    }
  }

  private close(client: StreamClient): void {
    this.unregister(client);
    client.raw.end();
  }

  /**
   * The pump's position for an organisation, reading it from the table when the organisation gets its
   * first client here. Everything committed after that read has a higher seq and is pumped.
   */
  private async track(organisationId: string): Promise<bigint> {
    const known = this.highWater.get(organisationId);
    if (known !== undefined) {
      return known;
    }
    let starting = this.starting.get(organisationId);
    if (!starting) {
      starting = this.repo
        .lastSeq(organisationId)
        .then((seq) => BigInt(seq))
        .finally(() => this.starting.delete(organisationId));
      this.starting.set(organisationId, starting);
    }
    const last = await starting;
    if (this.clients.has(organisationId) && !this.highWater.has(organisationId)) {
      this.highWater.set(organisationId, last);
      // Notifications that arrived during the read were dropped (no position yet): look again.
      this.notified([organisationId]);
    }
    return this.highWater.get(organisationId) ?? last;
  }

  /** Writes what the client missed, page by page from the table; live events meanwhile go to its buffer. */
  private async replay(client: StreamClient): Promise<void> {
    for (;;) {
      const rows = await this.repo.findAfter(
        [{ organisationId: client.organisationId, afterSeq: client.lastSentSeq.toString() }],
        REPLAY_PAGE,
      );
      const frames = await this.framesOf(rows);
      if (client.isClosed) {
        return;
      }
      for (const { frame } of frames) {
        this.write(client, frame);
      }
      if (rows.length < REPLAY_PAGE) {
        return;
      }
    }
  }

  private notified(organisationIds: readonly string[]): void {
    for (const id of organisationIds) {
      if (this.highWater.has(id)) {
        this.pending.add(id);
      }
    }
    this.wake();
  }

  /** One drain at a time; notifications that arrive meanwhile coalesce into the next round. */
  private wake(): void {
    if (this.isStopped || this.draining || this.pending.size === 0) {
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      this.wake();
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.size > 0 && !this.isStopped) {
      const organisationIds = [...this.pending];
      this.pending.clear();
      try {
        await this.pump(organisationIds);
      } catch (error) {
        // Positions did not move: the next notification or heartbeat reads the same alerts again.
        this.logger.warn({ err: error }, 'alert stream pump failed');
        return;
      }
    }
  }

  private async pump(organisationIds: readonly string[]): Promise<void> {
    for (;;) {
      const positions = organisationIds.flatMap((organisationId) => {
        const seq = this.highWater.get(organisationId);
        return seq === undefined ? [] : [{ organisationId, afterSeq: seq.toString() }];
      });
      const rows = await this.repo.findAfter(positions, PUMP_BATCH);
      const frames = await this.framesOf(rows);
      // Positions move and frames go out in one synchronous step, so a client that registers meanwhile
      // either gets a frame through its buffer or starts after it.
      for (const { organisationId, frame } of frames) {
        const position = this.highWater.get(organisationId);
        if (position === undefined || frame.seq <= position) {
          continue; // no clients left here, or already past it
        }
        this.highWater.set(organisationId, frame.seq);
        for (const client of this.clients.get(organisationId) ?? []) {
          this.deliver(client, frame);
        }
      }
      if (rows.length < PUMP_BATCH) {
        return;
      }
    }
  }

  /** Each alert rendered once, as an SSE event, in the order of the rows. */
  private async framesOf(
    rows: readonly SequencedAlertView[],
  ): Promise<{ organisationId: string; frame: Frame }[]> {
    const responses = await this.views.renderRows(rows);
    return rows.map((row, i) => ({
      organisationId: row.organisationId,
      // JSON.stringify escapes line breaks inside strings, so the data fits on one `data:` line.
      frame: {
        seq: BigInt(row.seq),
        text: `id: ${row.seq}\nevent: alert\ndata: ${JSON.stringify(responses[i])}\n\n`,
      },
    }));
  }

  private deliver(client: StreamClient, frame: Frame): void {
    if (client.buffer) {
      client.buffer.push(frame);
      if (client.buffer.length > MAX_BUFFERED_EVENTS) {
        this.close(client);
      }
      return;
    }
    this.write(client, frame);
  }

  private write(client: StreamClient, frame: Frame): void {
    if (client.isClosed || frame.seq <= client.lastSentSeq) {
      return;
    }
    client.lastSentSeq = frame.seq;
    client.raw.write(frame.text);
    if (client.raw.writableLength > MAX_UNSENT_BYTES) {
      this.logger.warn(
        { organisationId: client.organisationId },
        'alert stream client too slow; disconnected',
      );
      this.close(client);
    }
  }

  /** Keeps proxies from closing idle streams, and catches up on any notification that was lost. */
  private beat(): void {
    for (const set of this.clients.values()) {
      for (const client of set) {
        client.raw.write(': heartbeat\n\n');
      }
    }
    this.notified([...this.highWater.keys()]);
  }
}

/** Last-Event-ID (header or query): our event ids are alert seqs; an empty one means none. */
function parseEventId(value: string | undefined): bigint | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  if (!EVENT_ID.test(value)) {
    throw new AppError('validation_failed', 'Last-Event-ID must be the id of an event of this stream.', {
      errors: [{ field: 'Last-Event-ID', messages: ['must be an event id (a number)'] }],
    });
  }
  return BigInt(value);
}

function definedHeaders(headers: Record<string, number | string | string[] | undefined>) {
  return Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== undefined)) as Record<
    string,
    number | string | string[]
  >;
}
