import { type DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { AuthService } from './auth/auth.service.js';
import { Clock } from './clock.js';

/** Configuration, the clock and authentication: needed everywhere, so global. */
@Global()
@Module({})
export class CommonModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CommonModule,
      providers: [{ provide: AppConfig, useValue: config }, Clock, AuthService],
      exports: [AppConfig, Clock, AuthService],
    };
  }
}
