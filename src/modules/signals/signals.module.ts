import { Module } from '@nestjs/common';
import { AlertWriterModule } from '../alerts/alert-writer.module.js';
import { TimelineWriterModule } from '../cases/timeline-writer.module.js';
import { RoutingModule } from '../routing/routing.module.js';
import { SignalsController } from './signals.controller.js';
import { SignalsRepository } from './signals.repository.js';
import { SignalsService } from './signals.service.js';

@Module({
  imports: [AlertWriterModule, RoutingModule, TimelineWriterModule],
  controllers: [SignalsController],
  providers: [SignalsService, SignalsRepository],
  exports: [SignalsService],
})
export class SignalsModule {}
