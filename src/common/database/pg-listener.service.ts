import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import pg from 'pg';
import { Observable, Subject, filter, map } from 'rxjs';
import { AppConfig } from '../../config/app-config.js';

export interface Notification {
  channel: string;
  payload: string;
}

const CHANNELS = ['alerts_written', 'alerts', 'webhook_deliveries', 'auth_changed'] as const;
export type Channel = (typeof CHANNELS)[number];

const MAX_BACKOFF_MS = 10_000;

/**
 * One dedicated connection that LISTENs on our channels and turns notifications into an RxJS stream.
 * NOTIFY is only a wake-up: whoever listens also reads the tables, so a notification lost while the
 * connection was down costs latency, never data. `reconnected$` fires after every reconnection so that
 * listeners can catch up from the tables.
 */
@Injectable()
export class PgListenerService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(PgListenerService.name);
  private readonly notifications = new Subject<Notification>();
  private readonly reconnections = new Subject<void>();
  private client?: pg.Client;
  private stopped = false;
  private attempt = 0;
  private connected = false;

  constructor(private readonly config: AppConfig) {}

  get isConnected(): boolean {
    return this.connected;
  }

  /** Payloads sent on a channel. */
  on(channel: Channel): Observable<string> {
    return this.notifications.pipe(
      filter((n) => n.channel === channel),
      map((n) => n.payload),
    );
  }

  /** Fires each time the connection is re-established after a loss. */
  get reconnected$(): Observable<void> {
    return this.reconnections.asObservable();
  }

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.client?.end().catch(() => undefined);
    this.notifications.complete();
    this.reconnections.complete();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.config.database.url,
      application_name: 'kiessignaal-listener',
      keepAlive: true,
    });
    client.on('notification', (message) => {
      this.notifications.next({ channel: message.channel, payload: message.payload ?? '' });
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    await client.connect();
    for (const channel of CHANNELS) {
      await client.query(`LISTEN ${channel}`);
    }
    this.client = client;
    const wasReconnect = this.attempt > 0;
    this.attempt = 0;
    this.connected = true;
    if (wasReconnect) {
      this.logger.log('listener reconnected');
      this.reconnections.next();
    }
  }

  private lost(client: pg.Client, error: Error): void {
    if (this.stopped || client !== this.client) {
      return;
    }
    this.client = undefined;
    this.connected = false;
    this.logger.warn({ err: error }, 'listener connection lost; reconnecting');
    client.removeAllListeners();
    void client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    this.attempt += 1;
    const delay = Math.min(MAX_BACKOFF_MS, 100 * 2 ** Math.min(this.attempt, 10)) * (0.5 + Math.random() / 2);
    setTimeout(() => {
      if (this.stopped) {
        return;
      }
      this.connect().catch((error: unknown) => {
        this.logger.warn({ err: error }, 'listener reconnect failed');
        this.scheduleReconnect();
      });
    }, delay).unref();
  }
}
