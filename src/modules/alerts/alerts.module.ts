import { Module } from '@nestjs/common';
import { TimelineWriterModule } from '../cases/timeline-writer.module.js';
import { SignalsModule } from '../signals/signals.module.js';
import { AlertSequencer } from './alert-sequencer.js';
import { AlertStreamService } from './alert-stream.service.js';
import { AlertViews } from './alert-views.js';
import { AlertWriterModule } from './alert-writer.module.js';
import { AlertsController } from './alerts.controller.js';
import { AlertsRepository } from './alerts.repository.js';
import { AlertsService } from './alerts.service.js';

/**
 * Reading and answering alerts, their sequencing after commit, and the live stream. Exports AlertViews
 * (alerts rendered for their recipients, e.g. for webhook bodies).
 */
@Module({
  imports: [AlertWriterModule, SignalsModule, TimelineWriterModule],
  controllers: [AlertsController],
  providers: [AlertsService, AlertsRepository, AlertViews, AlertStreamService, AlertSequencer],
  exports: [AlertsService, AlertViews, AlertSequencer],
})
export class AlertsModule {}
