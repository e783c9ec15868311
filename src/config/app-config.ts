import { Env, validateEnv } from './env.validation.js';

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
}

/** The one place that reads process.env. */
export function loadEnv(overrides: Record<string, string> = {}): Env {
  return validateEnv({ ...process.env, ...overrides });
}
