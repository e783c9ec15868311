import { Injectable } from '@nestjs/common';
import type { Member } from '../../common/auth/member.js';
import { Clock } from '../../common/clock.js';
import { ActionsRepository } from './actions.repository.js';
import { renderCaseReport } from './case-report.js';
import { CasesService } from './cases.service.js';
import { ActionResponse } from './dto/action.response.js';
import type { CaseEventResponse } from './dto/case-event.response.js';
import { TimelineService } from './timeline.service.js';

/** The printable case report: what the reader may see of the case, its actions, signals and timeline. */
@Injectable()
export class CaseReportService {
  constructor(
    private readonly cases: CasesService,
    private readonly actions: ActionsRepository,
    private readonly timeline: TimelineService,
    private readonly clock: Clock,
  ) {}

  async render(member: Member, caseId: string): Promise<string> {
    // Answers 404 for a case the member may not see, before anything else is read.
    const detail = await this.cases.get(member, caseId);
    const now = this.clock.now();
    const [actions, verification] = await Promise.all([
      this.actions.findForCase(caseId),
      this.timeline.verify(member, caseId),
    ]);
    const events: CaseEventResponse[] = [];
    for await (const event of this.timeline.events(member, caseId)) {
      events.push(event);
    }
    return renderCaseReport({
      case: detail,
      actions: actions.map((action) => ActionResponse.from(action, now)),
      events,
      verification,
      reader: { organisation: member.organisationCode, name: member.name },
      generatedAt: now,
    });
  }
}
