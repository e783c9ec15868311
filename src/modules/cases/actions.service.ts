import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Member } from '../../common/auth/member.js';
import { Permission } from '../../common/auth/permissions.js';
import { Clock } from '../../common/clock.js';
import { AppError, type FieldError } from '../../common/errors/app-error.js';
import { decodeCursor, type Page, toPage } from '../../common/http/pagination.js';
import { AlertWriter, type NewAlert } from '../alerts/alert-writer.js';
import { parseDateTime } from '../signals/date-time.js';
import { type ActionFilters, ActionsRepository, type OverdueAction } from './actions.repository.js';
import { actorOf, caseNotFound, requireCoordinator, requireNotClosed } from './case-access.js';
import { canChangeActionStatus, needsOutcome, nextActionStatuses } from './case-status.js';
import { caseViewerOf } from './case-visibility.js';
import { CasesRepository } from './cases.repository.js';
import { ActionResponse } from './dto/action.response.js';
import type { ChangeActionStatusDto } from './dto/change-action-status.dto.js';
import type { CreateActionDto } from './dto/create-action.dto.js';
import type { ListActionsQuery } from './dto/list-actions.query.js';
import { TimelineWriter } from './timeline-writer.js';

/**
 * Follow-up actions: coordinators hand them out, the assignee organisation's analysts carry them out. The
 * assignee is alerted in the transaction that assigns the action, and again, once, when it is overdue.
 */
@Injectable()
export class ActionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: ActionsRepository,
    private readonly cases: CasesRepository,
    private readonly timeline: TimelineWriter,
    private readonly alerts: AlertWriter,
    private readonly clock: Clock,
  ) {}

  async create(member: Member, caseId: string, dto: CreateActionDto): Promise<ActionResponse> {
    requireCoordinator(member);
    const now = this.clock.now();
    const dueAt = parseDateTime(dto.dueAt);
    if (!dueAt) {
      throw new AppError('validation_failed', 'dueAt is not a valid date-time.', {
        errors: [{ field: 'dueAt', messages: ['must be an RFC 3339 date-time'] }],
      });
    }
    if (dueAt.getTime() <= now.getTime()) {
      throw new AppError(
        'action.due_in_past',
        'dueAt lies in the past: an action must be due later than now.',
        {
          errors: [{ field: 'dueAt', messages: ['must be later than now'] }],
        },
      );
    }
    const actionId = await this.dataSource.transaction(async (tx) => {
      // Locked first: a closure cannot slip in between the check and the new action.
      const view = await this.cases.findVisible(caseViewerOf(member), caseId, { tx, lock: true });
      if (!view) {
        throw caseNotFound(caseId);
      }
      requireNotClosed(view);
      const assigneeId = await this.cases.organisationIdByCode(tx, dto.assignee);
      const errors: FieldError[] = [];
      if (!(await this.repo.actionTypeExists(tx, dto.type))) {
        errors.push({ field: 'type', messages: [`${dto.type} is not an action type of the taxonomy`] });
      }
      if (assigneeId === undefined) {
        errors.push({ field: 'assignee', messages: [`${dto.assignee} is not a known organisation`] });
      }
      if (errors.length > 0 || assigneeId === undefined) {
        throw new AppError(
          'action.unknown_reference',
          'The action refers to codes that do not exist: see errors.',
          {
            errors,
          },
        );
      }
      const id = await this.repo.insert(tx, {
        caseId,
        type: dto.type,
        title: dto.title,
        description: dto.description ?? null,
        assigneeOrganisationId: assigneeId,
        dueAt,
        counterpartRef: dto.counterpartRef ?? null,
        createdByMemberId: member.id,
        createdAt: now,
      });
      await this.timeline.record(tx, caseId, {
        kind: 'case.action_added',
        actor: actorOf(member),
        actionId: id,
        details: {
          type: dto.type,
          title: dto.title,
          description: dto.description ?? null,
          assignee: dto.assignee,
          dueAt: dueAt.toISOString(),
          counterpartRef: dto.counterpartRef ?? null,
        },
      });
      await this.alerts.create(tx, [
        actionAlert('action-assigned', assigneeId, view.election, {
          caseId,
          caseTitle: view.title,
          actionId: id,
          actionTitle: dto.title,
          type: dto.type,
          dueAt: dueAt.toISOString(),
          assignedBy: member.organisationCode,
        }),
      ]);
      return id;
    });
    return this.get(member, actionId);
  }

  async get(member: Member, id: string): Promise<ActionResponse> {
    const view = await this.repo.findVisible(caseViewerOf(member), id);
    if (!view) {
      throw actionNotFound(id);
    }
    return ActionResponse.from(view, this.clock.now());
  }

  async list(member: Member, query: ListActionsQuery): Promise<Page<ActionResponse>> {
    const filters: ActionFilters = { state: query.state, caseId: query.case };
    if (query.assignee !== undefined) {
      filters.assignee =
        query.assignee === 'me' ? { organisationId: member.organisationId } : { code: query.assignee };
    }
    const rows = await this.repo.findVisiblePage(
      caseViewerOf(member),
      filters,
      query.limit + 1,
      query.cursor === undefined ? undefined : positionOf(query.cursor),
    );
    const now = this.clock.now();
    return toPage(
      rows,
      query.limit,
      (row) => ActionResponse.from(row, now),
      (row) => ({ dueAt: row.dueAt.toISOString(), id: row.id }),
    );
  }

  /** By the assignee organisation's analysts: open → in-progress → done | cancelled. */
  async changeStatus(member: Member, id: string, dto: ChangeActionStatusDto): Promise<ActionResponse> {
    const now = this.clock.now();
    await this.dataSource.transaction(async (tx) => {
      // The action row first, then (through the timeline) its case: the overdue worker's order too.
      const view = await this.repo.findVisible(caseViewerOf(member), id, { tx, lock: true });
      if (!view) {
        throw actionNotFound(id);
      }
      if (
        view.assigneeOrganisationId !== member.organisationId ||
        !member.permissions.has(Permission.ActionUpdate)
      ) {
        throw new AppError(
          'action.not_assignee',
          `Only analysts of ${view.assigneeCode}, the organisation this action is assigned to, may change it.`,
        );
      }
      if (!canChangeActionStatus(view.status, dto.status)) {
        const next = nextActionStatuses(view.status);
        throw new AppError(
          'action.invalid_transition',
          next.length === 0
            ? `The action is ${view.status}: it cannot change any more.`
            : `An action that is ${view.status} can go to ${next.join(' or ')}, not ${dto.status}.`,
          { allowed: next },
        );
      }
      const isFinishing = needsOutcome(dto.status);
      if (isFinishing && dto.outcome === undefined) {
        throw new AppError(
          'action.outcome_required',
          `An action that is ${dto.status} needs an outcome: what came of it.`,
          {
            errors: [{ field: 'outcome', messages: [`is required when the status is ${dto.status}`] }],
          },
        );
      }
      if (!isFinishing && dto.outcome !== undefined) {
        throw new AppError(
          'validation_failed',
          'An outcome belongs to a finished action (done or cancelled).',
          {
            errors: [{ field: 'outcome', messages: ['is only for done or cancelled'] }],
          },
        );
      }
      await this.repo.updateStatus(tx, {
        id,
        status: dto.status,
        outcome: dto.outcome ?? null,
        finishedAt: isFinishing ? now : null,
        finishedByMemberId: isFinishing ? member.id : null,
        at: now,
      });
      await this.timeline.record(tx, view.caseId, {
        kind: 'case.action_status_changed',
        actor: actorOf(member),
        actionId: id,
        details: { title: view.title, from: view.status, to: dto.status, outcome: dto.outcome ?? null },
      });
    });
    return this.get(member, id);
  }

  /**
   * One round of the overdue worker: claims up to `limit` unfinished actions past their due time that were
   * not reported yet, and reports each once, to its assignee and to its case's lead organisation, with one
   * timeline event, all in one transaction with the mark that they were reported. Answers how many.
   */
  async raiseOverdue(now: Date, limit: number): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const due = await this.repo.claimOverdue(tx, now, limit);
      // Case rows locked in id order, so that concurrent writers cannot deadlock on them.
      const byCase = [...due].sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
      for (const action of byCase) {
        await this.timeline.record(tx, action.caseId, {
          kind: 'case.action_overdue',
          actor: { memberId: null, organisationId: null },
          actionId: action.id,
          details: { title: action.title, assignee: action.assigneeCode, dueAt: action.dueAt.toISOString() },
        });
      }
      await this.alerts.create(
        tx,
        due.flatMap((action) => overdueAlerts(action, now)),
      );
      return due.length;
    });
  }
}

function overdueAlerts(action: OverdueAction, now: Date): NewAlert[] {
  const recipients = [...new Set([action.assigneeOrganisationId, action.leadOrganisationId])];
  return recipients.map((organisationId) =>
    actionAlert('overdue', organisationId, action.election, {
      caseId: action.caseId,
      caseTitle: action.caseTitle,
      actionId: action.id,
      actionTitle: action.title,
      type: action.type,
      assignee: action.assigneeCode,
      dueAt: action.dueAt.toISOString(),
      overdueSeconds: Math.max(0, Math.floor((now.getTime() - action.dueAt.getTime()) / 1000)),
    }),
  );
}

/** Alerts about actions name the case and the action; they carry no signal, so they grant sight of none. */
function actionAlert(
  kind: 'action-assigned' | 'overdue',
  organisationId: string,
  election: string,
  details: Record<string, unknown>,
): NewAlert {
  return {
    organisationId,
    kind,
    signalId: null,
    signalVersion: null,
    severity: null,
    election,
    reasons: [],
    details,
    parentAlertId: null,
    escalateAt: null,
  };
}

function actionNotFound(id: string): AppError {
  return new AppError('action.not_found', `There is no action ${id} that you may see.`);
}

function positionOf(cursor: string): { dueAt: Date; id: string } {
  const { dueAt, id } = decodeCursor(cursor, ['dueAt', 'id']);
  const at = new Date(dueAt);
  if (Number.isNaN(at.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw new AppError(
      'bad_request',
      'The cursor is not valid: pass the nextCursor of a previous page unchanged.',
    );
  }
  return { dueAt: at, id };
}
