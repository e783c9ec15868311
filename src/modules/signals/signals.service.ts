import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Member } from '../../common/auth/member.js';
import { Permission } from '../../common/auth/permissions.js';
import { Clock } from '../../common/clock.js';
import { AppError, type FieldError } from '../../common/errors/app-error.js';
import { decodeCursor, type Page, toPage } from '../../common/http/pagination.js';
import { AppConfig } from '../../config/app-config.js';
import { parseDateTime } from './date-time.js';
import type { ListSignalsQuery } from './dto/list-signals.query.js';
import { SignalDetailResponse } from './dto/signal-detail.response.js';
import { SignalResponse } from './dto/signal.response.js';
import type { SubmitSignalDto } from './dto/submit-signal.dto.js';
import { normaliseObservables, observableSearch } from './observable-normalisation.js';
import { requestHash } from './request-hash.js';
import { isStateSecret, severitiesAtLeast } from './signal.enums.js';
import {
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

@Injectable()
export class SignalsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: SignalsRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * Stores a signal with its observables and addressees, in one transaction. With an Idempotency-Key, a
   * repeat of the same body answers the signal already stored; another body under the same key is refused.
   */
  async submit(member: Member, dto: SubmitSignalDto, idempotencyKey?: string): Promise<SignalResponse> {
    if (!member.permissions.has(Permission.SignalSubmit)) {
      throw new AppError('auth.forbidden', 'Only liaisons may submit signals.');
    }
    const signal = this.toNewSignal(member, dto, idempotencyKey);
    const outcome = await this.dataSource.transaction((tx) => this.repo.insert(tx, signal));
    switch (outcome.kind) {
      case 'inserted':
        return SignalResponse.from(
          {
            ...signal,
            id: outcome.id,
            seq: outcome.seq,
            reporterCode: member.organisationCode,
            submittedByName: member.name,
            createdAt: outcome.createdAt,
          },
          member,
        );
      case 'unknown-references':
        throw new AppError(
          'signal.unknown_reference',
          'The signal refers to codes that do not exist: see errors.',
          { errors: unknownReferenceErrors(dto, outcome.references) },
        );
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
      throw new AppError('signal.not_found', `There is no signal ${id} that you may see.`);
    }
    const related = await this.repo.findRelated(member.organisationId, id, RELATED_LIMIT);
    return SignalDetailResponse.withRelated(signal, member, related);
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
    const observables = normaliseObservables(dto.observables);
    if (!observables.ok) {
      // The DTO validates the same rule; kept so that no caller can store an unnormalised observable.
      throw new AppError('validation_failed', 'An observable cannot be normalised.', {
        errors: [{ field: `observables.${observables.index}.value`, messages: [observables.reason] }],
      });
    }
    const addresseeCodes = [...new Set(dto.addressees)];
    if (dto.tlp === 'RED' && addresseeCodes.length === 0) {
      throw new AppError(
        'signal.red_without_addressees',
        'A TLP:RED signal may be read only by its reporter and addressees: name at least one addressee.',
        { errors: [{ field: 'addressees', messages: ['at least one addressee is required for TLP:RED'] }] },
      );
    }
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
      observables: observables.observables,
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
}

function unknownReferenceErrors(
  dto: SubmitSignalDto,
  references: readonly { kind: ReferenceKind; code: string }[],
): FieldError[] {
  return references.map(({ kind, code }) => {
    const { field, message } = REFERENCE_FIELDS[kind];
    const index = kind === 'municipality' ? dto.municipalities.indexOf(code) : dto.addressees.indexOf(code);
    const isList = kind === 'municipality' || kind === 'addressee';
    return { field: isList ? `${field}.${index}` : field, messages: [`${code} ${message}`] };
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
