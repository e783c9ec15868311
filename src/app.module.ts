import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppConfig } from './config/app-config.js';
import { AuthGuard } from './common/auth/auth.guard.js';
import { CommonModule } from './common/common.module.js';
import { dataSourceOptions } from './common/database/data-source.js';
import { HttpErrorFilter } from './common/errors/http-error.filter.js';
import { loggerOptions } from './common/logging.js';
import { MetricsModule } from './common/metrics/metrics.module.js';
import { AlertsModule } from './modules/alerts/alerts.module.js';
import { CasesModule } from './modules/cases/cases.module.js';
import { EscalationModule } from './modules/alerts/escalation.module.js';
import { WebhooksModule } from './modules/alerts/webhooks.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { RoutingModule } from './modules/routing/routing.module.js';
import { OrganisationsModule } from './modules/organisations/organisations.module.js';
import { SignalsModule } from './modules/signals/signals.module.js';
import { TaxonomyModule } from './modules/taxonomy/taxonomy.module.js';

@Module({})
export class AppModule {
  /** `logDestination` sends the logs elsewhere than stdout (tests read them to check what is never logged). */
  static forRoot(config: AppConfig, options: { logDestination?: DestinationStream } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot(loggerOptions(config.logLevel, options.logDestination)),
        TypeOrmModule.forRoot(dataSourceOptions(config.database.url, config.database.poolSize)),
        CommonModule.forRoot(config),
        MetricsModule,
        HealthModule,
        TaxonomyModule,
        OrganisationsModule,
        SignalsModule,
        RoutingModule,
        AlertsModule,
        WebhooksModule,
        EscalationModule,
        CasesModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
      ],
    };
  }
}
