import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error.js';
import type { HealthResponse } from './health.response.js';

const CHECK_TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async ready(): Promise<HealthResponse> {
    let hasPending: boolean;
    try {
      hasPending = await withTimeout(this.hasPendingMigrations(), CHECK_TIMEOUT_MS);
    } catch {
      throw new AppError('unavailable', 'The database cannot be reached.', { check: 'database' });
    }
    if (hasPending) {
      throw new AppError('unavailable', 'Database migrations are pending.', { check: 'migrations' });
    }
    return { status: 'ok' };
  }

  /** Read-only, unlike DataSource.showMigrations(), which creates the migrations table when it is missing. */
  private async hasPendingMigrations(): Promise<boolean> {
    const [row] = await this.dataSource.query<{ table: string | null }[]>(
      `SELECT to_regclass('migrations')::text AS table`,
    );
    if (!row?.table) {
      return true;
    }
    const applied = await this.dataSource.query<{ name: string }[]>(`SELECT name FROM migrations`);
    const appliedNames = new Set(applied.map((row) => row.name));
    return this.dataSource.migrations.some((migration) => !appliedNames.has(migration.name ?? ''));
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
