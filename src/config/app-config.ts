import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDurationList } from './duration.js';
import { Env, validateEnv } from './env.validation.js';
import { EscalationDeadlines } from './escalation-deadlines.js';

/**
 * Typed, grouped access to the validated configuration. Built once at start-up (before Nest, because the
 * embedded database must be running before the application module is created) and provided as a value.
 */
export class AppConfig {
  constructor(
    private readonly env: Env,
    /** The database actually used: DATABASE_URL, or the embedded server started for this process. */
    readonly databaseUrl: string,
  ) {}

  get http() {
    return { host: this.env.HOST, port: this.env.PORT, shutdownTimeoutMs: this.env.SHUTDOWN_TIMEOUT_MS };
  }

  get database() {
    return {
      url: this.databaseUrl,
      poolSize: this.env.DATABASE_POOL_SIZE,
      migrationsRun: this.env.MIGRATIONS_RUN,
    };
  }

  get logLevel() {
    return this.env.LOG_LEVEL;
  }

  get auth() {
    return {
      bootstrapAdminToken: this.env.BOOTSTRAP_ADMIN_TOKEN,
      operatorOrganisation: this.env.OPERATOR_ORGANISATION,
    };
  }

  get signals() {
    return { clockSkewSeconds: this.env.CLOCK_SKEW_SECONDS };
  }

  get webhooks() {
    return {
      allowedHosts: this.env.WEBHOOK_ALLOWED_HOSTS.split(',')
        .map((host) => host.trim())
        .filter(Boolean),
      // Validated at start-up, so the list parses.
      retryDelaysMs: parseDurationList(this.env.WEBHOOK_RETRY_SCHEDULE) ?? [],
      timeoutMs: this.env.WEBHOOK_TIMEOUT_MS,
    };
  }

  get workers() {
    return {
      isEnabled: this.env.WORKERS_ENABLED,
      leaseMs: this.env.WORKER_LEASE_SECONDS * 1000,
      pollIntervalMs: this.env.WORKER_POLL_INTERVAL_MS,
    };
  }

  get escalation() {
    const deadlines = EscalationDeadlines.parse(this.env.ESCALATION_DEADLINES);
    if (!(deadlines instanceof EscalationDeadlines)) {
      throw new Error(`ESCALATION_DEADLINES: ${deadlines.problems.join('; ')}`); // validated at start-up
    }
    return { organisationCodes: this.env.ESCALATION_ORGANISATIONS.split(','), deadlines };
  }

  get stream() {
    return { heartbeatMs: this.env.SSE_HEARTBEAT_SECONDS * 1000 };
  }

  get metrics() {
    return { token: this.env.METRICS_TOKEN };
  }

  /**
   * The key that encrypts webhook signing secrets: SECRET_ENCRYPTION_KEY, or, with the embedded database
   * (a developer's machine), a key generated once and kept beside its data, so that the two live and go
   * together. With DATABASE_URL the variable is required (checked at start-up).
   */
  get secretEncryptionKey(): Buffer {
    if (this.env.SECRET_ENCRYPTION_KEY) {
      return Buffer.from(this.env.SECRET_ENCRYPTION_KEY, 'base64');
    }
    const keyFile = path.join(
      path.dirname(path.resolve(this.env.EMBEDDED_DATABASE_DIR)),
      'secret-encryption.key',
    );
    if (!existsSync(keyFile)) {
      mkdirSync(path.dirname(keyFile), { recursive: true });
      writeFileSync(keyFile, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    }
    return Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64');
  }
}

/** The one place that reads process.env. */
export function loadEnv(overrides: Record<string, string> = {}): Env {
  return validateEnv({ ...process.env, ...overrides });
}
