import { plainToInstance, Transform } from 'class-transformer';
import { parseDurationList } from './duration.js';
import { DEFAULT_ESCALATION_DEADLINES, EscalationDeadlines } from './escalation-deadlines.js';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  validateSync,
} from 'class-validator';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;
const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;

/** Every environment variable the service reads, with its default. */
export class Env {
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsString()
  EMBEDDED_DATABASE_DIR = '.data/postgres';

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(65535)
  EMBEDDED_DATABASE_PORT = 54329;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 20;

  @Transform(toBoolean)
  @IsBoolean()
  MIGRATIONS_RUN = true;

  @IsString()
  HOST = '127.0.0.1';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @IsOptional()
  @Matches(/^ks_[A-Za-z0-9_-]{43,}$/, {
    message:
      'BOOTSTRAP_ADMIN_TOKEN must look like a Kiessignaal token: ks_ followed by at least 43 URL-safe characters',
  })
  BOOTSTRAP_ADMIN_TOKEN?: string;

  @Matches(/^[A-Za-z0-9-]{2,16}$/, { message: 'OPERATOR_ORGANISATION must be an organisation code' })
  OPERATOR_ORGANISATION = 'BZK';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  CLOCK_SKEW_SECONDS = 300;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(120_000)
  SHUTDOWN_TIMEOUT_MS = 10_000;

  /** 32 bytes, base64: encrypts webhook signing secrets. Required with DATABASE_URL (see startup.ts). */
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'SECRET_ENCRYPTION_KEY must be 32 bytes, base64-encoded' })
  SECRET_ENCRYPTION_KEY?: string;

  /** Hosts, addresses and CIDR ranges that webhooks may reach although they are not public. */
  @Matches(/^[A-Za-z0-9.:/,_[\] -]*$/, { message: 'WEBHOOK_ALLOWED_HOSTS must be a comma-separated list' })
  WEBHOOK_ALLOWED_HOSTS = '';

  /** Delays between delivery attempts; one more attempt than delays. About eight attempts over a day. */
  @IsString()
  WEBHOOK_RETRY_SCHEDULE = '1m,5m,30m,1h,3h,6h,12h';

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  WEBHOOK_TIMEOUT_MS = 5000;

  /** How long a claimed delivery (or escalation) stays with its worker before another may take it over. */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(3600)
  WORKER_LEASE_SECONDS = 60;

  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60_000)
  WORKER_POLL_INTERVAL_MS = 2000;

  /** Run the webhook delivery and escalation workers in this process (off for API-only instances). */
  @Transform(toBoolean)
  @IsBoolean()
  WORKERS_ENABLED = true;

  @Matches(/^[A-Za-z0-9-]{2,16}(,[A-Za-z0-9-]{2,16})*$/, {
    message: 'ESCALATION_ORGANISATIONS must be a comma-separated list of organisation codes',
  })
  ESCALATION_ORGANISATIONS = 'NCTV,BZK';

  @IsString()
  ESCALATION_DEADLINES = DEFAULT_ESCALATION_DEADLINES;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(300)
  SSE_HEARTBEAT_SECONDS = 15;

  /** When set, GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>`. */
  @IsOptional()
  @IsString()
  METRICS_TOKEN?: string;
}

/** Validates the raw environment once; throws one error listing every bad variable. */
export function validateEnv(raw: Record<string, unknown>): Env {
  const env = plainToInstance(Env, raw, { exposeDefaultValues: true });
  const lines = validateSync(env, { whitelist: false }).map(
    (e) => `  - ${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`,
  );
  if (typeof env.WEBHOOK_RETRY_SCHEDULE === 'string' && !parseDurationList(env.WEBHOOK_RETRY_SCHEDULE)) {
    lines.push('  - WEBHOOK_RETRY_SCHEDULE: must be comma-separated durations such as 1m,5m,1h');
  }
  if (env.DATABASE_URL && !env.SECRET_ENCRYPTION_KEY) {
    lines.push(
      '  - SECRET_ENCRYPTION_KEY: required with DATABASE_URL (32 random bytes, base64: openssl rand -base64 32)',
    );
  }
  if (typeof env.ESCALATION_DEADLINES === 'string') {
    const deadlines = EscalationDeadlines.parse(env.ESCALATION_DEADLINES);
    if (!(deadlines instanceof EscalationDeadlines)) {
      lines.push(`  - ESCALATION_DEADLINES: ${deadlines.problems.join('; ')}`);
    }
  }
  if (lines.length > 0) {
    throw new Error(`Invalid configuration; fix these environment variables:\n${lines.join('\n')}`);
  }
  return env;
}
