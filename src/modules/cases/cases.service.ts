import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Member } from '../../common/auth/member.js';
import { Clock } from '../../common/clock.js';
import { AppError, type FieldError } from '../../common/errors/app-error.js';
import { decodeCursor, type Page, toPage } from '../../common/http/pagination.js';
import { SignalsService } from '../signals/signals.service.js';
import {
  actorOf,
  caseNotFound,
  requireCoordinator,
  requireNotClosed,
  requireVersion,
} from './case-access.js';
import { canChangeCaseStatus, nextCaseStatuses } from './case-status.js';
import type { CaseView } from './case-views.js';
import { caseViewerOf } from './case-visibility.js';
import { type CaseChanges, CasesRepository, pendingAlready } from './cases.repository.js';
import type { AddNoteDto } from './dto/add-note.dto.js';
import { CaseDetailResponse } from './dto/case-detail.response.js';
import { CaseEventResponse } from './dto/case-event.response.js';
import { CaseSignalResponse } from './dto/case-signal.response.js';
import { CaseResponse } from './dto/case.response.js';
import type { ChangeCaseStatusDto } from './dto/change-case-status.dto.js';
import { ClosureRequestResponse } from './dto/closure-request.response.js';
import type { CreateCaseDto } from './dto/create-case.dto.js';
import type { DecideClosureDto } from './dto/decide-closure.dto.js';
import type { ListCasesQuery } from './dto/list-cases.query.js';
import type { ReopenCaseDto } from './dto/reopen-case.dto.js';
import type { RequestClosureDto } from './dto/request-closure.dto.js';
import type { UpdateCaseDto } from './dto/update-case.dto.js';
import type { IfMatch } from './if-match.js';
import { TimelineWriter } from './timeline-writer.js';

const NO_PRECONDITION: IfMatch = { kind: 'absent' };

/**
 * Cases: coordinators open and run them; everyone who may see one reads it and adds notes. Every change
 * locks the case row, checks, writes, and records exactly one timeline event, in one transaction.
 */
@Injectable()
export class CasesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: CasesRepository,
    private readonly timeline: TimelineWriter,
    private readonly signals: SignalsService,
    private readonly clock: Clock,
  ) {}

  async create(member: Member, dto: CreateCaseDto): Promise<CaseDetailResponse> {
    requireCoordinator(member);
    const signalIds = [...new Set(dto.signalIds ?? [])];
    // Linking needs sight: a coordinator links only signals their own organisation may see.
    const visible = await this.signals.findVisibleViews(member.organisationId, signalIds);
    const now = this.clock.now();
    const id = await this.dataSource.transaction(async (tx) => {
      const leadOrganisationId = await this.repo.organisationIdByCode(tx, dto.leadOrganisation);
      const errors: FieldError[] = [];
      if (!(await this.repo.electionExists(tx, dto.election))) {
        errors.push({ field: 'election', messages: [`${dto.election} is not a known election`] });
      }
      if (leadOrganisationId === undefined) {
        errors.push({
          field: 'leadOrganisation',
          messages: [`${dto.leadOrganisation} is not a known organisation`],
        });
      }
      (dto.signalIds ?? []).forEach((signalId, index) => {
        if (!visible.has(signalId)) {
          errors.push({
            field: `signalIds.${index}`,
            messages: [`there is no signal ${signalId} you may see`],
          });
        }
      });
      if (errors.length > 0 || leadOrganisationId === undefined) {
        throw new AppError(
          'case.unknown_reference',
          'The case refers to things that do not exist: see errors.',
          {
            errors,
          },
        );
      }
      const caseId = await this.repo.insert(tx, {
        title: dto.title,
        summary: dto.summary,
        election: dto.election,
        priority: dto.priority,
        leadOrganisationId,
        createdByMemberId: member.id,
        createdAt: now,
      });
      await this.timeline.record(tx, caseId, {
        kind: 'case.created',
        actor: actorOf(member),
        details: {
          title: dto.title,
          summary: dto.summary,
          election: dto.election,
          priority: dto.priority,
          leadOrganisation: dto.leadOrganisation,
        },
      });
      for (const signalId of signalIds) {
        await this.repo.link(tx, { caseId, signalId, memberId: member.id, at: now });
        await this.timeline.record(tx, caseId, {
          kind: 'case.signal_linked',
          actor: actorOf(member),
          signalId,
        });
      }
      return caseId;
    });
    return this.get(member, id);
  }

  async list(member: Member, query: ListCasesQuery): Promise<Page<CaseResponse>> {
    const beforeSeq = query.cursor === undefined ? undefined : seqOf(query.cursor);
    const rows = await this.repo.findVisiblePage(
      caseViewerOf(member),
      {
        status: query.status,
        election: query.election,
        priority: query.priority,
        leadOrganisation: query.leadOrganisation,
      },
      query.limit + 1,
      beforeSeq,
    );
    return toPage(
      rows,
      query.limit,
      (row) => CaseResponse.from(row),
      (row) => ({ seq: row.seq }),
    );
  }

  async get(member: Member, id: string): Promise<CaseDetailResponse> {
    const view = await this.repo.findVisible(caseViewerOf(member), id);
    if (!view) {
      throw caseNotFound(id);
    }
    return this.detail(member, view);
  }

  async update(
    member: Member,
    id: string,
    dto: UpdateCaseDto,
    ifMatch: IfMatch,
  ): Promise<CaseDetailResponse> {
    requireCoordinator(member);
    await this.change(member, id, ifMatch, true, async (tx, view, now) => {
      requireNotClosed(view);
      const changed: Record<string, { from: string; to: string }> = {};
      const diff = <K extends 'title' | 'summary' | 'priority'>(field: K): CaseView[K] | undefined => {
        const value = dto[field] as CaseView[K] | undefined;
        if (value === undefined || value === view[field]) {
          return undefined;
        }
        changed[field] = { from: view[field], to: value };
        return value;
      };
      const changes: CaseChanges = {
        title: diff('title'),
        summary: diff('summary'),
        priority: diff('priority'),
      };
      if (dto.leadOrganisation !== undefined && dto.leadOrganisation !== view.leadOrganisationCode) {
        const leadOrganisationId = await this.repo.organisationIdByCode(tx, dto.leadOrganisation);
        if (leadOrganisationId === undefined) {
          throw new AppError(
            'case.unknown_reference',
            `${dto.leadOrganisation} is not a known organisation.`,
            {
              errors: [
                {
                  field: 'leadOrganisation',
                  messages: [`${dto.leadOrganisation} is not a known organisation`],
                },
              ],
            },
          );
        }
        changes.leadOrganisationId = leadOrganisationId;
        changed.leadOrganisation = { from: view.leadOrganisationCode, to: dto.leadOrganisation };
      }
      if (Object.keys(changed).length === 0) {
        return; // nothing changes: no new version, no event
      }
      await this.repo.update(tx, id, changes, now);
      await this.timeline.record(tx, id, {
        kind: 'case.updated',
        actor: actorOf(member),
        details: { changed },
      });
    });
    return this.get(member, id);
  }

  async changeStatus(
    member: Member,
    id: string,
    dto: ChangeCaseStatusDto,
    ifMatch: IfMatch = NO_PRECONDITION,
  ): Promise<CaseDetailResponse> {
    requireCoordinator(member);
    await this.change(member, id, ifMatch, false, async (tx, view, now) => {
      requireNotClosed(view);
      if (!canChangeCaseStatus(view.status, dto.status)) {
        throw new AppError(
          'case.invalid_transition',
          `A case that is ${view.status} can go to ${nextCaseStatuses(view.status).join(' or ')}, not ${dto.status}.`,
          { allowed: nextCaseStatuses(view.status) },
        );
      }
      await this.repo.update(tx, id, { status: dto.status }, now);
      await this.timeline.record(tx, id, {
        kind: 'case.status_changed',
        actor: actorOf(member),
        details: { from: view.status, to: dto.status, reason: dto.reason },
      });
    });
    return this.get(member, id);
  }

  async linkSignal(
    member: Member,
    id: string,
    signalId: string,
    ifMatch: IfMatch = NO_PRECONDITION,
  ): Promise<CaseDetailResponse> {
    requireCoordinator(member);
    await this.requireVisibleSignal(member, signalId);
    await this.change(member, id, ifMatch, false, async (tx, view, now) => {
      requireNotClosed(view);
      // Linking what is linked already changes nothing and records nothing.
      if (await this.repo.link(tx, { caseId: id, signalId, memberId: member.id, at: now })) {
        await this.repo.update(tx, id, {}, now);
        await this.timeline.record(tx, id, { kind: 'case.signal_linked', actor: actorOf(member), signalId });
      }
    });
    return this.get(member, id);
  }

  async unlinkSignal(
    member: Member,
    id: string,
    signalId: string,
    ifMatch: IfMatch = NO_PRECONDITION,
  ): Promise<CaseDetailResponse> {
    requireCoordinator(member);
    await this.requireVisibleSignal(member, signalId);
    await this.change(member, id, ifMatch, false, async (tx, view, now) => {
      requireNotClosed(view);
      if (!(await this.repo.unlink(tx, id, signalId))) {
        throw new AppError('case.signal_not_linked', `Signal ${signalId} is not linked to this case.`);
      }
      await this.repo.update(tx, id, {}, now);
      await this.timeline.record(tx, id, { kind: 'case.signal_unlinked', actor: actorOf(member), signalId });
    });
    return this.get(member, id);
  }

  async requestClosure(
    member: Member,
    id: string,
    dto: RequestClosureDto,
    ifMatch: IfMatch = NO_PRECONDITION,
  ): Promise<ClosureRequestResponse> {
    requireCoordinator(member);
    const requestId = await this.change(member, id, ifMatch, false, async (tx, view, now) => {
      requireNotClosed(view);
      await requireAllActionsFinished(this.repo, tx, id);
      if (await this.repo.findPendingClosureRequest(id, tx)) {
        throw pendingAlready();
      }
      const created = await this.repo.insertClosureRequest(tx, {
        caseId: id,
        summary: dto.summary,
        memberId: member.id,
        at: now,
      });
      await this.repo.update(tx, id, {}, now);
      await this.timeline.record(tx, id, {
        kind: 'case.closure_requested',
        actor: actorOf(member),
        details: { requestId: created, summary: dto.summary },
      });
      return created;
    });
    const request = await this.repo.findClosureRequest(this.dataSource.manager, id, requestId);
    if (!request) {
      throw new Error('a closure request just created could not be read back');
    }
    return ClosureRequestResponse.from(request, member);
  }

  /** Four eyes: only a coordinator other than the one who asked may approve; approval closes the case. */
  async approveClosure(
    member: Member,
    id: string,
    requestId: string,
    dto: DecideClosureDto,
  ): Promise<CaseDetailResponse> {
    return this.decideClosure(member, id, requestId, dto, 'approved');
  }

  async rejectClosure(
    member: Member,
    id: string,
    requestId: string,
    dto: DecideClosureDto,
  ): Promise<CaseDetailResponse> {
    return this.decideClosure(member, id, requestId, dto, 'rejected');
  }

  async reopen(
    member: Member,
    id: string,
    dto: ReopenCaseDto,
    ifMatch: IfMatch = NO_PRECONDITION,
  ): Promise<CaseDetailResponse> {
    requireCoordinator(member);
    await this.change(member, id, ifMatch, false, async (tx, view, now) => {
      if (view.status !== 'closed') {
        throw new AppError(
          'case.not_closed',
          `The case is ${view.status}, not closed: there is nothing to reopen.`,
        );
      }
      await this.repo.update(tx, id, { status: 'open', closedAt: null }, now);
      await this.timeline.record(tx, id, {
        kind: 'case.reopened',
        actor: actorOf(member),
        details: { reason: dto.reason },
      });
    });
    return this.get(member, id);
  }

  /** Any member of an organisation that may see the case, closed or not: a note changes nothing but the record. */
  async addNote(member: Member, id: string, dto: AddNoteDto): Promise<CaseEventResponse> {
    const event = await this.dataSource.transaction(async (tx) => {
      if (!(await this.repo.findVisible(caseViewerOf(member), id, { tx }))) {
        throw caseNotFound(id);
      }
      return this.timeline.record(tx, id, {
        kind: 'case.note_added',
        actor: actorOf(member),
        details: { text: dto.text },
      });
    });
    return CaseEventResponse.from(
      {
        id: event.id,
        position: event.position,
        kind: event.kind,
        occurredAt: event.occurredAt,
        actorOrganisationId: member.organisationId,
        actorOrganisationCode: member.organisationCode,
        actorMemberId: member.id,
        actorMemberName: member.name,
        signalId: null,
        actionId: null,
        details: { text: dto.text },
        hash: event.hash,
        isRedacted: false,
      },
      member,
    );
  }

  /** The case and what the reader may see of it: the linked signals their organisation may see. */
  async detail(member: Member, view: CaseView): Promise<CaseDetailResponse> {
    const [linked, pending] = await Promise.all([
      this.repo.linkedSignals(view.id),
      this.repo.findPendingClosureRequest(view.id),
    ]);
    const visible = await this.signals.findVisibleViews(
      member.organisationId,
      linked.map((link) => link.signalId),
    );
    const signals = linked.flatMap((link) => {
      const signal = visible.get(link.signalId);
      return signal ? [CaseSignalResponse.from(signal, link.linkedAt)] : [];
    });
    return CaseDetailResponse.withDetails(
      view,
      signals,
      pending ? ClosureRequestResponse.from(pending, member) : null,
    );
  }

  private async decideClosure(
    member: Member,
    id: string,
    requestId: string,
    dto: DecideClosureDto,
    decision: 'approved' | 'rejected',
  ): Promise<CaseDetailResponse> {
    requireCoordinator(member);
    await this.change(member, id, NO_PRECONDITION, false, async (tx, view, now) => {
      const request = await this.repo.findClosureRequest(tx, id, requestId);
      if (!request) {
        throw new AppError(
          'case.closure_request_not_found',
          `There is no closure request ${requestId} on this case.`,
        );
      }
      if (request.state !== 'pending') {
        throw new AppError(
          'case.closure_request_not_pending',
          `This closure request was ${request.state} already.`,
        );
      }
      if (request.requestedBy.id === member.id) {
        throw new AppError(
          'case.four_eyes_required',
          'You asked to close this case yourself: a different coordinator must approve or reject it (four eyes).',
        );
      }
      if (decision === 'approved') {
        // An action may have been added since the request.
        await requireAllActionsFinished(this.repo, tx, id);
      }
      await this.repo.decideClosureRequest(tx, {
        id: requestId,
        state: decision,
        memberId: member.id,
        at: now,
        reason: dto.reason ?? null,
      });
      await this.repo.update(tx, id, decision === 'approved' ? { status: 'closed', closedAt: now } : {}, now);
      await this.timeline.record(tx, id, {
        kind: decision === 'approved' ? 'case.closure_approved' : 'case.closure_rejected',
        actor: actorOf(member),
        details: {
          requestId,
          reason: dto.reason ?? null,
          ...(decision === 'approved' ? { from: view.status } : {}),
        },
      });
    });
    return this.get(member, id);
  }

  /**
   * The shape of every change: lock the case (which also serialises its timeline), 404 when the member may
   * not see it, check the precondition, then the change itself, all in one transaction.
   */
  private change<T>(
    member: Member,
    id: string,
    ifMatch: IfMatch,
    isPreconditionRequired: boolean,
    work: (tx: EntityManager, view: CaseView, now: Date) => Promise<T>,
  ): Promise<T> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (tx) => {
      const view = await this.repo.findVisible(caseViewerOf(member), id, { tx, lock: true });
      if (!view) {
        throw caseNotFound(id);
      }
      requireVersion(view, ifMatch, isPreconditionRequired);
      return work(tx, view, now);
    });
  }

  private async requireVisibleSignal(member: Member, signalId: string): Promise<void> {
    const visible = await this.signals.findVisibleViews(member.organisationId, [signalId]);
    if (!visible.has(signalId)) {
      throw new AppError('signal.not_found', `There is no signal ${signalId} that you may see.`);
    }
  }
}

async function requireAllActionsFinished(
  repo: CasesRepository,
  tx: EntityManager,
  caseId: string,
): Promise<void> {
  const unfinished = await repo.countUnfinishedActions(tx, caseId);
  if (unfinished > 0) {
    throw new AppError(
      'case.unfinished_actions',
      `${unfinished} follow-up action(s) of this case are not done or cancelled yet: finish them before closing.`,
      { unfinishedActions: unfinished },
    );
  }
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
