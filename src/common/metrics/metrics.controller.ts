import { Controller, Get, Header, Headers } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Public } from '../auth/decorators.js';
import { AppError } from '../errors/app-error.js';
import { AppConfig } from '../../config/app-config.js';
import { MetricsService } from './metrics.service.js';

/** Prometheus scrape endpoint; behind METRICS_TOKEN when that is set. */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(@Headers('authorization') authorization?: string): Promise<string> {
    const token = this.config.metrics.token;
    if (token && authorization !== `Bearer ${token}`) {
      throw new AppError('auth.unauthenticated', 'GET /metrics needs the METRICS_TOKEN as a bearer token.');
    }
    const [backlog] = await this.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM webhook_deliveries WHERE status IN ('pending', 'sending')`,
    );
    this.metrics.deliveryBacklog.set(backlog?.count ?? 0);
    return this.metrics.registry.metrics();
  }
}
