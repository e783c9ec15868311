import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Member } from '../../common/auth/member.js';
import { Permission } from '../../common/auth/permissions.js';
import { AppError, type FieldError } from '../../common/errors/app-error.js';
import { decodeCursor, type Page, type PaginationQuery, toPage } from '../../common/http/pagination.js';
import type { CreateSubscriptionDto } from './dto/create-subscription.dto.js';
import { SubscriptionTestResponse } from './dto/subscription-test.response.js';
import { SubscriptionResponse } from './dto/subscription.response.js';
import type { UpdateSubscriptionDto } from './dto/update-subscription.dto.js';
import {
  type SubscriptionFields,
  type SubscriptionReferenceKind,
  SubscriptionsRepository,
  type WriteOutcome,
} from './subscriptions.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const REFERENCE_FIELDS: Record<
  SubscriptionReferenceKind,
  { field: 'categories' | 'elections' | 'municipalities'; message: string }
> = {
  category: { field: 'categories', message: 'is not a category of the taxonomy' },
  election: { field: 'elections', message: 'is not a known election' },
  municipality: { field: 'municipalities', message: 'is not a known municipality' },
};

const MATCHES_EVERYTHING: Omit<SubscriptionFields, 'name'> = {
  categories: [],
  minSeverity: null,
  elections: [],
  phases: [],
  municipalities: [],
  tlps: [],
  observableTypes: [],
  isPaused: false,
};

/** An organisation's subscriptions, managed by its analysts; another organisation's do not exist for it. */
@Injectable()
export class SubscriptionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: SubscriptionsRepository,
  ) {}

  async create(member: Member, dto: CreateSubscriptionDto): Promise<SubscriptionResponse> {
    requireManager(member);
    const fields = merge({ name: dto.name, ...MATCHES_EVERYTHING }, dto);
    const outcome = await this.dataSource.transaction((tx) =>
      this.repo.insert(tx, member.organisationId, member.id, fields),
    );
    return answer(outcome, fields, dto);
  }

  async list(member: Member, query: PaginationQuery): Promise<Page<SubscriptionResponse>> {
    requireManager(member);
    const after = query.cursor === undefined ? undefined : positionOf(query.cursor);
    const rows = await this.repo.findPage(member.organisationId, after, query.limit + 1);
    return toPage(
      rows,
      query.limit,
      (row) => SubscriptionResponse.from(row),
      (row) => ({ name: row.name, id: row.id }),
    );
  }

  async get(member: Member, id: string): Promise<SubscriptionResponse> {
    requireManager(member);
    const subscription = await this.repo.findOwn(member.organisationId, id);
    if (!subscription) {
      throw notFound(id);
    }
    return SubscriptionResponse.from(subscription);
  }

  /** Changes the fields given; the others keep their value. */
  async update(member: Member, id: string, dto: UpdateSubscriptionDto): Promise<SubscriptionResponse> {
    requireManager(member);
    const { outcome, fields } = await this.dataSource.transaction(async (tx) => {
      const current = await this.repo.findOwn(member.organisationId, id, { tx, lock: true });
      if (!current) {
        throw notFound(id);
      }
      const merged = merge(current, dto);
      return { outcome: await this.repo.update(tx, member.organisationId, id, merged), fields: merged };
    });
    return answer(outcome, fields, dto, id);
  }

  async remove(member: Member, id: string): Promise<void> {
    requireManager(member);
    if (!(await this.repo.delete(member.organisationId, id))) {
      throw notFound(id);
    }
  }

  /**
   * A dry run: which of the latest `last` signals the organisation may see the subscription would have
   * matched. Only signals the organisation may see are considered, so it reveals nothing about the others.
   */
  async test(member: Member, id: string, last: number): Promise<SubscriptionTestResponse> {
    requireManager(member);
    if (!(await this.repo.findOwn(member.organisationId, id))) {
      throw notFound(id);
    }
    return SubscriptionTestResponse.from(await this.repo.dryRun(member.organisationId, id, last));
  }
}

function requireManager(member: Member): void {
  if (!member.permissions.has(Permission.SubscriptionManage)) {
    throw new AppError('auth.forbidden', "Only analysts manage their organisation's subscriptions.");
  }
}

function notFound(id: string): AppError {
  return new AppError('subscription.not_found', `Your organisation has no subscription ${id}.`);
}

/** The fields of `base` with those the body gives; lists lose repeated codes. */
function merge(base: SubscriptionFields, dto: UpdateSubscriptionDto): SubscriptionFields {
  const unique = <T>(values: T[] | undefined, fallback: T[]): T[] =>
    values === undefined ? fallback : [...new Set(values)];
  return {
    name: dto.name ?? base.name,
    categories: unique(dto.categories, base.categories),
    minSeverity: dto.minSeverity === undefined ? base.minSeverity : dto.minSeverity,
    elections: unique(dto.elections, base.elections),
    phases: unique(dto.phases, base.phases),
    municipalities: unique(dto.municipalities, base.municipalities),
    tlps: unique(dto.tlp, base.tlps),
    observableTypes: unique(dto.observableTypes, base.observableTypes),
    isPaused: dto.paused ?? base.isPaused,
  };
}

function answer(
  outcome: WriteOutcome,
  fields: SubscriptionFields,
  dto: UpdateSubscriptionDto,
  id?: string,
): SubscriptionResponse {
  switch (outcome.kind) {
    case 'written':
      return SubscriptionResponse.from(outcome.subscription);
    case 'not-found':
      // Only an update can miss, and it writes a row it has locked: kept so that the switch is total.
      throw notFound(id ?? '');
    case 'unknown-references': {
      const errors: FieldError[] = outcome.references.map(({ kind, code }) => {
        const { field, message } = REFERENCE_FIELDS[kind];
        // Point into the list as it was sent when it was sent, else into the stored one.
        const index = (dto[field] ?? fields[field]).indexOf(code);
        return { field: `${field}.${index}`, messages: [`${code} ${message}`] };
      });
      throw new AppError(
        'subscription.unknown_reference',
        'The subscription refers to codes that do not exist: see errors.',
        { errors },
      );
    }
  }
}

function positionOf(cursor: string): { name: string; id: string } {
  const position = decodeCursor(cursor, ['name', 'id']);
  if (!UUID.test(position.id)) {
    throw new AppError(
      'bad_request',
      'The cursor is not valid: pass the nextCursor of a previous page unchanged.',
    );
  }
  return position;
}
