import { Module } from '@nestjs/common';
import { TimelineWriterModule } from '../cases/timeline-writer.module.js';
import { AlertWriterModule } from './alert-writer.module.js';
import { EscalationRepository } from './escalation.repository.js';
import { EscalationWorker } from './escalation.worker.js';

/** Escalation of unanswered alerts to the coordinating organisations: a worker over due rows. */
@Module({
  imports: [AlertWriterModule, TimelineWriterModule],
  providers: [EscalationRepository, EscalationWorker],
  exports: [EscalationWorker],
})
export class EscalationModule {}
