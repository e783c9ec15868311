import { type DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { AuthService } from './auth/auth.service.js';
import { Clock } from './clock.js';
import { PgListenerService } from './database/pg-listener.service.js';

/**
 * Configuration, the clock, authentication and the instance's one LISTEN connection (for everything woken
 * by NOTIFY): needed everywhere, so global.
 */
@Global()
@Module({})
export class CommonModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CommonModule,
      providers: [{ provide: AppConfig, useValue: config }, Clock, PgListenerService, AuthService],
      exports: [AppConfig, Clock, PgListenerService, AuthService],
    };
  }
}
