import { plainToInstance, Transform } from 'class-transformer';
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
}

/** Validates the raw environment once; throws one error listing every bad variable. */
export function validateEnv(raw: Record<string, unknown>): Env {
  const env = plainToInstance(Env, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `  - ${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new Error(`Invalid configuration; fix these environment variables:\n${lines.join('\n')}`);
  }
  return env;
}
