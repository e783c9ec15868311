import { Injectable } from '@nestjs/common';
import type { Member } from '../../common/auth/member.js';
import { Permission } from '../../common/auth/permissions.js';
import { Clock } from '../../common/clock.js';
import { AppError } from '../../common/errors/app-error.js';
import type { ElectionOverviewResponse } from './dto/election-overview.response.js';
import { OverviewRepository } from './overview.repository.js';

/** The coordinators' picture of an election: what was seen, who has not answered, who owes what. */
@Injectable()
export class OverviewService {
  constructor(
    private readonly repo: OverviewRepository,
    private readonly clock: Clock,
  ) {}

  async overview(member: Member, election: string): Promise<ElectionOverviewResponse> {
    if (!member.permissions.has(Permission.OverviewRead)) {
      throw new AppError('auth.forbidden', 'Only coordinators may read the election overview.');
    }
    if (!(await this.repo.electionExists(election))) {
      throw new AppError('taxonomy.election_not_found', `There is no election ${election}.`);
    }
    const now = this.clock.now();
    const [byCategory, bySeverity, byPhase, unacknowledged, timeToAcknowledge, actions, cases] =
      await Promise.all([
        this.repo.signalsBy(election, member.organisationId, 'category'),
        this.repo.signalsBy(election, member.organisationId, 'severity'),
        this.repo.signalsBy(election, member.organisationId, 'phase'),
        this.repo.unacknowledgedAlerts(election),
        this.repo.timeToAcknowledge(election),
        this.repo.openActions(election, now),
        this.repo.casesByStatus(election),
      ]);
    return {
      election,
      generatedAt: now.toISOString(),
      signalsByCategory: byCategory,
      signalsBySeverity: bySeverity,
      signalsByPhase: byPhase,
      unacknowledgedAlerts: unacknowledged.map((row) => ({ ...row, oldestAt: row.oldestAt.toISOString() })),
      timeToAcknowledge: timeToAcknowledge.map((row) => ({
        organisation: row.organisation,
        responded: row.responded,
        medianSeconds: Number(row.medianSeconds),
        p90Seconds: Number(row.p90Seconds),
      })),
      actions: actions.map((row) => ({ ...row, nextDueAt: row.nextDueAt.toISOString() })),
      casesByStatus: cases,
    };
  }
}
