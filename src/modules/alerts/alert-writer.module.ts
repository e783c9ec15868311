import { Module } from '@nestjs/common';
import { AlertWriter } from './alert-writer.js';

/**
 * Writing alerts, on its own so that the modules that create alerts (signals, cases) do not depend on the
 * alerts API, which itself reads signals.
 */
@Module({ providers: [AlertWriter], exports: [AlertWriter] })
export class AlertWriterModule {}
