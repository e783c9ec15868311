import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Member } from '../../common/auth/member.js';
import { Permission } from '../../common/auth/permissions.js';
import { Clock } from '../../common/clock.js';
import { AppError } from '../../common/errors/app-error.js';
import { decodeCursor, type Page, toPage } from '../../common/http/pagination.js';
import { MetricsService } from '../../common/metrics/metrics.service.js';
import { AppConfig } from '../../config/app-config.js';
import type { SignalResponse } from '../signals/dto/signal.response.js';
import { severitiesAtLeast, type Tlp } from '../signals/signal.enums.js';
import { SignalsService } from '../signals/signals.service.js';
import { TimelineWriter } from '../cases/timeline-writer.js';
import { AlertWriter } from './alert-writer.js';
import { AlertViews } from './alert-views.js';
import { AlertsRepository, type LockedAlert } from './alerts.repository.js';
import type { AcknowledgeAlertDto } from './dto/acknowledge-alert.dto.js';
import type { AlertResponse } from './dto/alert.response.js';
import type { ListAlertsQuery } from './dto/list-alerts.query.js';

/**
 * TLP 2.0: CLEAR, GREEN and AMBER may be shared further on a need-to-know basis, so a recipient may
 * forward them; AMBER+STRICT stays inside the recipient organisation and RED with the named recipients.
 * Those two may still be forwarded to an organisation that may already see the signal, which widens
 * nothing.
 */
const FORWARDABLE_TLPS: readonly Tlp[] = ['CLEAR', 'GREEN', 'AMBER'];

interface Acknowledged {
  alert: LockedAlert;
  respondedAt: Date;
}

@Injectable()
export class AlertsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: AlertsRepository,
    private readonly views: AlertViews,
    private readonly writer: AlertWriter,
    private readonly timeline: TimelineWriter,
    private readonly signals: SignalsService,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  /** The caller's organisation's alerts, newest first. */
  async list(member: Member, query: ListAlertsQuery): Promise<Page<AlertResponse>> {
    const rows = await this.repo.findPage(
      member.organisationId,
      {
        state: query.state,
        severities: query.severity === undefined ? undefined : severitiesAtLeast(query.severity),
        election: query.election,
        kind: query.kind,
      },
      query.limit + 1,
      query.cursor === undefined ? undefined : seqOf(query.cursor),
    );
    const page = toPage(
      rows,
      query.limit,
      (row) => row,
      (row) => ({ seq: row.seq }),
    );
    return { items: await this.views.renderRows(page.items), nextCursor: page.nextCursor };
  }

  /** An alert of the caller's organisation; another organisation's does not exist for it. */
  async get(member: Member, id: string): Promise<AlertResponse> {
    const row = await this.repo.findOne(member.organisationId, id);
    if (!row) {
      throw notFound(id);
    }
    const [response] = await this.views.renderRows([row]);
    if (!response) {
      throw new Error('an alert read could not be rendered');
    }
    return response;
  }

  /**
   * Records the organisation's one response to an alert (the row is locked, so a second is a 409) and, for
   * not-competent with forwardTo, gives that organisation a first alert of its own, in the same transaction.
   */
  async acknowledge(member: Member, id: string, dto: AcknowledgeAlertDto): Promise<AlertResponse> {
    if (!member.permissions.has(Permission.AlertRespond)) {
      throw new AppError('auth.forbidden', 'Only analysts may respond to alerts.');
    }
    // A race for the target's first alert ends in the AlertWriter (the loser writes none), so no retry.
    const outcome = await this.dataSource.transaction((tx) => this.respond(tx, member, id, dto));
    this.metrics.alertsResponded.inc({ response: dto.response });
    this.metrics.timeToRespond.observe(
      { severity: outcome.alert.severity ?? 'none' },
      Math.max(0, outcome.respondedAt.getTime() - outcome.alert.createdAt.getTime()) / 1000,
    );
    return this.get(member, id);
  }

  private async respond(
    tx: EntityManager,
    member: Member,
    id: string,
    dto: AcknowledgeAlertDto,
  ): Promise<Acknowledged> {
    const alert = await this.repo.lockForResponse(tx, member.organisationId, id);
    if (!alert) {
      throw notFound(id);
    }
    if (alert.state !== 'open') {
      throw new AppError('alert.already_responded', `Your organisation already responded to alert ${id}.`, {
        state: alert.state,
      });
    }
    if (alert.signalId !== null) {
      // Cases that link the signal record the response (before any alert is written: case rows lock first).
      await this.timeline.recordForSignal(tx, alert.signalId, {
        kind: TIMELINE_KIND[dto.response],
        actor: { memberId: member.id, organisationId: member.organisationId },
        details: {
          alertId: alert.id,
          response: dto.response,
          forwardTo: dto.forwardTo ?? null,
          reason: dto.reason ?? null,
        },
      });
    }
    const forwardedToOrganisationId =
      dto.forwardTo === undefined ? null : await this.forward(tx, member, alert, dto.forwardTo);
    const respondedAt = this.clock.now();
    await this.repo.recordResponse(tx, alert.id, {
      state: dto.response,
      memberId: member.id,
      respondedAt,
      reason: dto.reason ?? null,
      forwardedToOrganisationId,
    });
    return { alert, respondedAt };
  }

  /**
   * Passes the alert's signal on to another organisation as a first alert of its own, unless it holds one
   * already (or reported the signal): then the response is recorded and nothing is duplicated.
   */
  private async forward(
    tx: EntityManager,
    member: Member,
    alert: LockedAlert,
    code: string,
  ): Promise<string> {
    const target = await this.repo.findOrganisation(tx, code);
    if (!target) {
      throw new AppError('alert.unknown_organisation', `There is no organisation ${code}.`, {
        errors: [{ field: 'forwardTo', messages: [`${code} is not a known organisation`] }],
      });
    }
    if (target.id === member.organisationId) {
      throw forwardNotAllowed('An alert cannot be forwarded to your own organisation.');
    }
    const signal = alert.signalId === null ? undefined : await this.visibleSignal(member, alert.signalId);
    if (alert.signalId === null || !signal) {
      // E.g. an escalation about a signal the coordinator may not see: there is nothing it may pass on.
      throw forwardNotAllowed('This alert carries no signal that your organisation may pass on.');
    }
    const targetMaySee = (await this.signals.findVisibleViews(target.id, [signal.id])).has(signal.id);
    if (!FORWARDABLE_TLPS.includes(signal.tlp) && !targetMaySee) {
      throw forwardNotAllowed(
        `A TLP:${signal.tlp} signal may not be passed on to an organisation that may not see it already.`,
      );
    }
    if (signal.reporter !== target.code && !(await this.repo.hasFirstAlert(tx, signal.id, target.id))) {
      const deadlineMs = this.config.escalation.deadlines.deadlineMs(signal.phase, signal.severity);
      await this.writer.create(tx, [
        {
          organisationId: target.id,
          kind: 'signal',
          signalId: signal.id,
          signalVersion: alert.signalVersion,
          severity: signal.severity,
          election: signal.election,
          reasons: [{ type: 'forwarded', fromOrganisation: member.organisationCode, fromAlertId: alert.id }],
          details: null,
          parentAlertId: alert.id,
          escalateAt: deadlineMs === undefined ? null : new Date(this.clock.now().getTime() + deadlineMs),
        },
      ]);
    }
    return target.id;
  }

  private async visibleSignal(member: Member, signalId: string): Promise<SignalResponse | undefined> {
    return (await this.signals.findVisibleViews(member.organisationId, [signalId])).get(signalId);
  }
}

const TIMELINE_KIND = {
  acknowledged: 'alert.acknowledged',
  'not-competent': 'alert.forwarded',
  declined: 'alert.declined',
} as const;

function notFound(id: string): AppError {
  return new AppError('alert.not_found', `Your organisation has no alert ${id}.`);
}

function forwardNotAllowed(message: string): AppError {
  return new AppError('alert.forward_not_allowed', message, {
    errors: [{ field: 'forwardTo', messages: [message] }],
  });
}

function seqOf(cursor: string): string {
  const { seq } = decodeCursor(cursor, ['seq']);
  if (!/^[0-9]{1,18}$/.test(seq)) {
    throw new AppError(
      'bad_request',
      'The cursor is not valid: pass the nextCursor of a previous page unchanged.',
    );
  }
  return seq;
}
