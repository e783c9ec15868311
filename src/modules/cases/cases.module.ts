import { Module } from '@nestjs/common';
import { AlertWriterModule } from '../alerts/alert-writer.module.js';
import { SignalsModule } from '../signals/signals.module.js';
import { ActionOverdueWorker } from './action-overdue.worker.js';
import { ActionsController } from './actions.controller.js';
import { ActionsRepository } from './actions.repository.js';
import { ActionsService } from './actions.service.js';
import { CaseReportService } from './case-report.service.js';
import { CasesController } from './cases.controller.js';
import { CasesRepository } from './cases.repository.js';
import { CasesService } from './cases.service.js';
import { OverviewController } from './overview.controller.js';
import { OverviewRepository } from './overview.repository.js';
import { OverviewService } from './overview.service.js';
import { TimelineWriterModule } from './timeline-writer.module.js';
import { TimelineRepository } from './timeline.repository.js';
import { TimelineService } from './timeline.service.js';

/** Cases, follow-up actions, the append-only timeline, the case report and the election overview. */
@Module({
  imports: [SignalsModule, AlertWriterModule, TimelineWriterModule],
  controllers: [CasesController, ActionsController, OverviewController],
  providers: [
    CasesRepository,
    ActionsRepository,
    TimelineRepository,
    OverviewRepository,
    CasesService,
    ActionsService,
    TimelineService,
    CaseReportService,
    OverviewService,
    ActionOverdueWorker,
  ],
})
export class CasesModule {}
