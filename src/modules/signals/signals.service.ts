import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Member } from '../../common/auth/member.js';
import { Permission } from '../../common/auth/permissions.js';
import { Clock } from '../../common/clock.js';
import { AppError, type FieldError } from '../../common/errors/app-error.js';
import { MetricsService } from '../../common/metrics/metrics.service.js';
import { decodeCursor, type Page, toPage } from '../../common/http/pagination.js';
import { AppConfig } from '../../config/app-config.js';
import type { EscalationDeadlines } from '../../config/escalation-deadlines.js';
import { AlertWriter, type NewAlert } from '../alerts/alert-writer.js';
import { TimelineWriter } from '../cases/timeline-writer.js';
import { RoutingService } from '../routing/routing.service.js';
import { ELECTION_PHASES, type ElectionPhase } from '../taxonomy/election.entity.js';
import { parseDateTime } from './date-time.js';
import type { AmendSignalDto } from './dto/amend-signal.dto.js';
import type { ListSignalsQuery } from './dto/list-signals.query.js';
import type { ObservableDto } from './dto/observable.dto.js';
import { SignalDetailResponse } from './dto/signal-detail.response.js';
import { SignalVersionResponse } from './dto/signal-version.response.js';
import { SignalResponse } from './dto/signal.response.js';
import type { SubmitSignalDto } from './dto/submit-signal.dto.js';
import type { WithdrawSignalDto } from './dto/withdraw-signal.dto.js';
import { type Observable, normaliseObservables, observableSearch } from './observable-normalisation.js';
import { requestHash } from './request-hash.js';
import { AMENDABLE_FIELDS, changedFields, contentOf } from './signal-content.js';
import type { SignalView } from './signal-view.js';
import { isVisibleTo } from './signal-visibility.js';
import {
  isStateSecret,
  type ObservableType,
  SEVERITIES,
  type Severity,
  severitiesAtLeast,
  type Tlp,
} from './signal.enums.js';
import {
  type ChangeContext,
  type NewSignal,
  type ReferenceKind,
  type SignalFilters,
  SignalsRepository,
} from './signals.repository.js';

const RELATED_LIMIT = 20;

const REFERENCE_FIELDS: Record<ReferenceKind, { field: keyof SubmitSignalDto; message: string }> = {
  category: { field: 'category', message: 'is not a category of the taxonomy' },
  election: { field: 'election', message: 'is not a known election' },
  phase: { field: 'phase', message: 'is not a phase of this election' },
  municipality: { field: 'municipalities', message: 'is not a known municipality' },
  addressee: { field: 'addressees', message: 'is not a known organisation' },
};

/** A version of a signal as routing sees it. */
interface RoutedSignal {
  id: string;
  version: number;
  organisationId: string;
  tlp: Tlp;
  category: string;
  severity: Severity;
  election: string;
  municipalities: readonly string[];
  observables: readonly Observable[];
  addresseeOrganisationIds: readonly string[];
}

type Change =
  | { kind: 'amended'; apply: (current: SignalView) => SignalView; dto: AmendSignalDto }
  | { kind: 'withdrawn'; reason: string };

@Injectable()
export class SignalsService {
  private readonly deadlines: EscalationDeadlines;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: SignalsRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly routing: RoutingService,
    private readonly alerts: AlertWriter,
    private readonly timeline: TimelineWriter,
    private readonly metrics: MetricsService,
  ) {
    this.deadlines = config.escalation.deadlines;
  }

  /**
   * Stores a signal with its observables and addressees and alerts its recipients (see
   * SignalsRepository.submit), in one statement: if routing or alerting fails, nothing is stored.
   * With an Idempotency-Key, a repeat of the same body answers the signal already stored, and alerts no one
   * again; another body under the same key is refused.
   */
  async submit(member: Member, dto: SubmitSignalDto, idempotencyKey?: string): Promise<SignalResponse> {
    requireLiaison(member, 'Only liaisons may submit signals.');
    const signal = this.toNewSignal(member, dto, idempotencyKey);
    const outcome = await this.repo.submit(
      signal,
      this.clock.now(),
      this.escalationMsByPhase(signal.severity),
    );
    switch (outcome.kind) {
      case 'inserted':
        if (outcome.alertCount > 0) {
          this.alerts.alertsCommitted();
        }
        // Counted when committed; AlertWriter counts every other alert.
        this.metrics.alertsCreated.inc({ kind: 'signal' }, outcome.alertCount);
        return SignalResponse.from(
          {
            ...signal,
            id: outcome.id,
            seq: outcome.seq,
            reporterCode: member.organisationCode,
            submittedByName: member.name,
            createdAt: outcome.createdAt,
            version: 1,
            updatedAt: outcome.updatedAt,
            withdrawnAt: null,
            withdrawalReason: null,
          },
          member,
        );
      case 'unknown-references':
        throw unknownReferenceError(outcome.references, dto);
      case 'idempotency-key-taken':
        return this.replay(member, signal);
    }
  }

  async list(member: Member, query: ListSignalsQuery): Promise<Page<SignalResponse>> {
    const beforeSeq = query.cursor === undefined ? undefined : seqOf(query.cursor);
    const rows = await this.repo.findVisiblePage(
      member.organisationId,
      toFilters(query),
      query.limit + 1,
      beforeSeq,
    );
    return toPage(
      rows,
      query.limit,
      (row) => SignalResponse.from(row, member),
      (row) => ({ seq: row.seq }),
    );
  }

  /** A signal the caller may see, with related signals; one it may not see does not exist for it. */
  async get(member: Member, id: string): Promise<SignalDetailResponse> {
    const signal = await this.repo.findVisible(member.organisationId, id);
    if (!signal) {
      throw signalNotFound(id);
    }
    const related = await this.repo.findRelated(member.organisationId, id, RELATED_LIMIT);
    return SignalDetailResponse.withRelated(signal, member, related);
  }

  /**
   * Amends the caller's organisation's signal: the fields given replace the current ones, validated and
   * normalised as on submission. The superseded version is kept; every organisation that received the
   * signal gets an `update` alert, and organisations the new version newly routes to get a first alert.
   * Amending to what the signal already says changes nothing and alerts no one.
   */
  async amend(member: Member, id: string, dto: AmendSignalDto): Promise<SignalResponse> {
    requireLiaison(member, 'Only liaisons may amend signals.');
    if (AMENDABLE_FIELDS.every((field) => dto[field] === undefined)) {
      const message = `at least one of ${AMENDABLE_FIELDS.join(', ')} is required`;
      throw new AppError('validation_failed', `Name at least one field to amend: ${message}.`, {
        errors: AMENDABLE_FIELDS.map((field) => ({ field, messages: [message] })),
      });
    }
    const observables = dto.observables === undefined ? undefined : normalised(dto.observables);
    const addresseeCodes = dto.addressees === undefined ? undefined : [...new Set(dto.addressees)];
    return this.change(member, id, {
      kind: 'amended',
      dto,
      apply: (current) => ({
        ...current,
        severity: dto.severity ?? current.severity,
        description: dto.description ?? current.description,
        observables: observables ?? current.observables,
        addresseeCodes: addresseeCodes ?? current.addresseeCodes,
      }),
    });
  }

  /**
   * Withdraws the caller's organisation's signal, with a reason. It stays readable, marked withdrawn; every
   * organisation that received it gets an `update` alert. A withdrawn signal cannot change again.
   */
  async withdraw(member: Member, id: string, dto: WithdrawSignalDto): Promise<SignalResponse> {
    requireLiaison(member, 'Only liaisons may withdraw signals.');
    return this.change(member, id, { kind: 'withdrawn', reason: dto.reason });
  }

  /** Every version of a signal the caller may see, oldest first, with who changed what and when. */
  async versions(member: Member, id: string): Promise<Page<SignalVersionResponse>> {
    const signal = await this.repo.findVisible(member.organisationId, id);
    if (!signal) {
      throw signalNotFound(id);
    }
    const superseded = await this.repo.findSupersededVersions(id, signal.version);
    // A signal has few versions, each made by hand: one page holds them all.
    return { items: SignalVersionResponse.listFrom(signal, superseded, member), nextCursor: null };
  }

  /**
   * Amendment and withdrawal: lock the row, keep the current version, write the new one and alert, in one
   * transaction. Another organisation's signal is a 404 when it may not see it, and a 403 when it may (a
   * recipient knows the signal exists; it is just not its to change).
   */
  private async change(member: Member, id: string, change: Change): Promise<SignalResponse> {
    const at = this.clock.now();
    const changed = await this.dataSource.transaction(async (tx) => {
      const current = await this.repo.lockOwn(tx, member.organisationId, id);
      if (!current) {
        return undefined; // not its own: which error to answer is decided outside the transaction
      }
      if (current.withdrawnAt !== null) {
        throw new AppError(
          'signal.already_withdrawn',
          `Signal ${id} was withdrawn on ${current.withdrawnAt.toISOString()}: it can no longer change.`,
        );
      }
      const next = change.kind === 'amended' ? change.apply(current) : current;
      const [before, after] = [contentOf(current), contentOf(next)];
      const fields = changedFields(before, after);
      if (change.kind === 'amended' && fields.length === 0) {
        return current; // nothing to change: a repeated PATCH must not alert everyone again
      }
      requireAddresseesForRed(next.tlp, next.addresseeCodes);
      const context = await this.repo.findChangeContext(tx, id, at);
      const recorded = await this.repo.recordChange(tx, {
        signalId: id,
        change: change.kind,
        memberId: member.id,
        reason: change.kind === 'withdrawn' ? change.reason : null,
        superseded: before,
        severity: next.severity,
        description: next.description,
        observables: next.observables,
        addresseeCodes: next.addresseeCodes,
      });
      if (recorded.kind === 'unknown-addressees') {
        const given = change.kind === 'amended' ? (change.dto.addressees ?? []) : [];
        const references = recorded.codes.map((code) => ({ kind: 'addressee' as const, code }));
        throw unknownReferenceError(references, { addressees: given, municipalities: [] });
      }
      const view: SignalView = {
        ...next,
        version: recorded.version,
        updatedAt: recorded.updatedAt,
        withdrawnAt: recorded.withdrawnAt,
        withdrawalReason: change.kind === 'withdrawn' ? change.reason : null,
      };
      const routed = { ...view, addresseeOrganisationIds: recorded.addresseeOrganisationIds };
      const phase = view.phase ?? context.calendarPhase;
      // A raised severity can make a received signal urgent: the update then carries a deadline of its own.
      const isRaised = SEVERITIES.indexOf(after.severity) > SEVERITIES.indexOf(before.severity);
      const updates = updateAlerts(routed, context.firstAlerts, {
        details:
          change.kind === 'amended'
            ? { change: 'amended', version: view.version, changedFields: fields }
            : { change: 'withdrawn', version: view.version, reason: change.reason },
        escalateAt: isRaised ? this.escalateAt(at, phase, view.severity) : null,
      });
      const holders = new Set(context.firstAlerts.map((alert) => alert.organisationId));
      const newcomers =
        change.kind === 'amended' ? await this.firstAlerts(tx, routed, phase, at, holders) : [];
      if (change.kind === 'withdrawn') {
        // Alert rows before case rows, as the escalation worker locks them, so the two cannot deadlock.
        await this.repo.cancelEscalations(tx, id);
      }
      // Cases that link the signal record the change (before the alerts: case rows are locked first).
      await this.timeline.recordForSignal(tx, id, {
        kind: change.kind === 'amended' ? 'signal.amended' : 'signal.withdrawn',
        actor: { memberId: member.id, organisationId: member.organisationId },
        details:
          change.kind === 'amended'
            ? { version: view.version, changedFields: fields }
            : { version: view.version, reason: change.reason },
      });
      await this.alerts.create(tx, [...updates, ...newcomers]);
      return view;
    });
    if (!changed) {
      throw (await this.repo.findVisible(member.organisationId, id))
        ? new AppError('auth.forbidden', 'Only the reporting organisation may change this signal.')
        : signalNotFound(id);
    }
    return SignalResponse.from(changed, member);
  }

  /** First alerts (kind 'signal') for every recipient of this version of a signal but `holders`. */
  private async firstAlerts(
    tx: EntityManager,
    signal: RoutedSignal,
    phase: ElectionPhase | null,
    postedAt: Date,
    holders: ReadonlySet<string>,
  ): Promise<NewAlert[]> {
    const recipients = await this.routing.resolveRecipients(tx, {
      reporterOrganisationId: signal.organisationId,
      tlp: signal.tlp,
      category: signal.category,
      severity: signal.severity,
      election: signal.election,
      phase,
      municipalities: signal.municipalities,
      observableTypes: [...new Set<ObservableType>(signal.observables.map((observable) => observable.type))],
      addresseeOrganisationIds: signal.addresseeOrganisationIds,
    });
    const escalateAt = this.escalateAt(postedAt, phase, signal.severity);
    return recipients
      .filter((recipient) => !holders.has(recipient.organisationId))
      .map((recipient) => ({
        organisationId: recipient.organisationId,
        kind: 'signal',
        signalId: signal.id,
        signalVersion: signal.version,
        severity: signal.severity,
        election: signal.election,
        reasons: recipient.reasons,
        details: null,
        parentAlertId: null,
        escalateAt,
      }));
  }

  /** When an unanswered alert escalates: high and critical ones only, sooner in the busy phases. */
  private escalateAt(postedAt: Date, phase: ElectionPhase | null, severity: Severity): Date | null {
    const deadlineMs = this.deadlines.deadlineMs(phase, severity);
    return deadlineMs === undefined ? null : new Date(postedAt.getTime() + deadlineMs);
  }

  /** escalateAt's deadlines for one severity, by phase ('' for none), as the submission statement takes them. */
  private escalationMsByPhase(severity: Severity): Record<string, number | null> {
    return Object.fromEntries(
      [null, ...ELECTION_PHASES].map((phase) => [
        phase ?? '',
        this.deadlines.deadlineMs(phase, severity) ?? null,
      ]),
    );
  }

  /** The checks a DTO cannot make, then the row to store. */
  private toNewSignal(member: Member, dto: SubmitSignalDto, idempotencyKey: string | undefined): NewSignal {
    if (isStateSecret(dto.classification)) {
      throw new AppError(
        'signal.state_secret_refused',
        `A signal classified ${dto.classification} is a state secret. State secrets may not enter this service: ` +
          'they go only to the CIVD (the House of Representatives committee on the intelligence and security services).',
        { errors: [{ field: 'classification', messages: ['state secrets go only to the CIVD'] }] },
      );
    }
    const observables = normalised(dto.observables);
    const addresseeCodes = [...new Set(dto.addressees)];
    requireAddresseesForRed(dto.tlp, addresseeCodes);
    const observedAt = parseDateTime(dto.observedAt);
    if (!observedAt) {
      throw new AppError('validation_failed', 'observedAt is not a valid date-time.', {
        errors: [{ field: 'observedAt', messages: ['must be an RFC 3339 date-time'] }],
      });
    }
    const latest = this.clock.now().getTime() + this.config.signals.clockSkewSeconds * 1000;
    if (observedAt.getTime() > latest) {
      throw new AppError('signal.observed_in_future', 'observedAt lies in the future.', {
        errors: [{ field: 'observedAt', messages: ['must not be later than now'] }],
      });
    }
    return {
      organisationId: member.organisationId,
      submittedByMemberId: member.id,
      title: dto.title,
      description: dto.description,
      category: dto.category,
      severity: dto.severity,
      tlp: dto.tlp,
      classification: dto.classification,
      election: dto.election,
      phase: dto.phase ?? null,
      municipalities: [...new Set(dto.municipalities)],
      observedAt,
      source: dto.source,
      confidence: dto.confidence,
      attribution: dto.attribution ?? null,
      externalRef: dto.externalRef ?? null,
      idempotency:
        idempotencyKey === undefined ? null : { key: idempotencyKey, requestHash: requestHash(dto) },
      observables,
      addresseeCodes,
    };
  }

  /** The key is already taken: by this very request sent before (answer it again), or by another one. */
  private async replay(member: Member, signal: NewSignal): Promise<SignalResponse> {
    if (!signal.idempotency) {
      throw new Error('an idempotency conflict without an Idempotency-Key');
    }
    const original = await this.repo.findByIdempotencyKey(member.organisationId, signal.idempotency.key);
    if (!original) {
      // ON CONFLICT waited for the holder to commit, so its row is visible to this newer statement.
      throw new Error('the signal holding an Idempotency-Key could not be read back');
    }
    if (original.requestHash !== signal.idempotency.requestHash) {
      throw new AppError(
        'signal.idempotency_key_reused',
        'This Idempotency-Key was already used for a different request body. Use a new key for a new signal.',
      );
    }
    return SignalResponse.from(original, member);
  }

  /**
   * The signals among `signalIds` that an organisation may see (the visibility rule, in SQL), as that
   * organisation sees them, keyed by id; one it may not see is absent. For alerts, webhooks and streams,
   * which are addressed to an organisation rather than to one of its members.
   */
  async findVisibleViews(
    organisationId: string,
    signalIds: readonly string[],
  ): Promise<Map<string, SignalResponse>> {
    const pairs = signalIds.map((signalId) => ({ organisationId, signalId }));
    return (await this.findVisibleViewsForEach(pairs)).get(organisationId) ?? new Map();
  }

  /**
   * findVisibleViews for many organisations at once, in one query: for each (organisation, signal) pair,
   * the signal as that organisation sees it, keyed by organisation, then by signal id.
   */
  async findVisibleViewsForEach(
    pairs: readonly { organisationId: string; signalId: string }[],
  ): Promise<Map<string, Map<string, SignalResponse>>> {
    const visible = new Map<string, Map<string, SignalResponse>>();
    for (const view of await this.repo.findVisibleToEach(pairs)) {
      for (const organisationId of view.viewerIds) {
        const views = visible.get(organisationId) ?? new Map<string, SignalResponse>();
        views.set(view.id, SignalResponse.from(view, organisationAsViewer(organisationId)));
        visible.set(organisationId, views);
      }
    }
    return visible;
  }
}

/** No member reads here: the organisation itself is the viewer, with no permissions of its own. */
function organisationAsViewer(organisationId: string): Member {
  return {
    id: '',
    name: '',
    organisationId,
    organisationCode: '',
    roles: [],
    permissions: new Set(),
    tokenId: '',
  };
}

function requireLiaison(member: Member, message: string): void {
  if (!member.permissions.has(Permission.SignalSubmit)) {
    throw new AppError('auth.forbidden', message);
  }
}

function signalNotFound(id: string): AppError {
  return new AppError('signal.not_found', `There is no signal ${id} that you may see.`);
}

/** Normalised observables; the DTO validates the same rule, kept so that nothing unnormalised is stored. */
function normalised(observables: readonly ObservableDto[]): Observable[] {
  const result = normaliseObservables(observables);
  if (!result.ok) {
    throw new AppError('validation_failed', 'An observable cannot be normalised.', {
      errors: [{ field: `observables.${result.index}.value`, messages: [result.reason] }],
    });
  }
  return result.observables;
}

function requireAddresseesForRed(tlp: Tlp, addresseeCodes: readonly string[]): void {
  if (tlp === 'RED' && addresseeCodes.length === 0) {
    throw new AppError(
      'signal.red_without_addressees',
      'A TLP:RED signal may be read only by its reporter and addressees: name at least one addressee.',
      { errors: [{ field: 'addressees', messages: ['at least one addressee is required for TLP:RED'] }] },
    );
  }
}

/** `lists`: the lists as the request gave them, so that each error points at the code's position. */
function unknownReferenceError(
  references: readonly { kind: ReferenceKind; code: string }[],
  lists: { municipalities: readonly string[]; addressees: readonly string[] },
): AppError {
  const errors: FieldError[] = references.map(({ kind, code }) => {
    const { field, message } = REFERENCE_FIELDS[kind];
    const index =
      kind === 'municipality' ? lists.municipalities.indexOf(code) : lists.addressees.indexOf(code);
    const isList = kind === 'municipality' || kind === 'addressee';
    return { field: isList ? `${field}.${index}` : field, messages: [`${code} ${message}`] };
  });
  return new AppError(
    'signal.unknown_reference',
    'The signal refers to codes that do not exist: see errors.',
    {
      errors,
    },
  );
}

/**
 * An `update` alert for each organisation that received the signal and may still see it (a RED signal's
 * removed addressee may not), linked to its first alert.
 */
function updateAlerts(
  signal: RoutedSignal,
  firstAlerts: ChangeContext['firstAlerts'],
  update: { details: Record<string, unknown>; escalateAt: Date | null },
): NewAlert[] {
  const audience = {
    tlp: signal.tlp,
    reporterOrganisationId: signal.organisationId,
    addresseeOrganisationIds: signal.addresseeOrganisationIds,
    alerts: firstAlerts.map((alert) => ({ organisationId: alert.organisationId, kind: 'signal' as const })),
  };
  return firstAlerts
    .filter((alert) => isVisibleTo(audience, alert.organisationId))
    .map((alert) => ({
      organisationId: alert.organisationId,
      kind: 'update',
      signalId: signal.id,
      signalVersion: signal.version,
      severity: signal.severity,
      election: signal.election,
      reasons: alert.reasons,
      details: update.details,
      parentAlertId: alert.alertId,
      escalateAt: update.escalateAt,
    }));
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

function toFilters(query: ListSignalsQuery): SignalFilters {
  const filters: SignalFilters = {
    category: query.category,
    severities: query.severity === undefined ? undefined : severitiesAtLeast(query.severity),
    election: query.election,
    phase: query.phase,
    municipality: query.municipality,
    tlp: query.tlp,
    reporter: query.reporter,
    observedFrom: dateOf(query.observedFrom),
    observedTo: dateOf(query.observedTo),
    createdFrom: dateOf(query.createdFrom),
    createdTo: dateOf(query.createdTo),
  };
  if (query.observable !== undefined) {
    const search = observableSearch(query.observable);
    if (!search.ok) {
      throw new AppError('validation_failed', `observable ${search.reason}.`, {
        errors: [{ field: 'observable', messages: [search.reason] }],
      });
    }
    filters.observable = { type: search.type, values: search.values };
  }
  return filters;
}

function dateOf(value: string | undefined): Date | undefined {
  return value === undefined ? undefined : parseDateTime(value);
}
