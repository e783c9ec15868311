import { type DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { AuthService } from './auth/auth.service.js';
import { Clock } from './clock.js';
import { PgListenerService } from './database/pg-listener.service.js';
import { PreparedStatements } from './database/prepared-statement.js';

/**
 * Configuration, the clock, authentication, the instance's one LISTEN connection (for everything woken
 * by NOTIFY) and the pool of the hot path's prepared statements: needed everywhere, so global.
 */
@Global()
@Module({})
export class CommonModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CommonModule,
      providers: [
        { provide: AppConfig, useValue: config },
        Clock,
        PgListenerService,
        PreparedStatements,
        AuthService,
      ],
      exports: [AppConfig, Clock, PgListenerService, PreparedStatements, AuthService],
    };
  }
}
