import { Readable } from 'node:stream';
import { Injectable, StreamableFile } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Member } from '../../common/auth/member.js';
import { canonicalJson } from '../../common/canonical-json.js';
import { Clock } from '../../common/clock.js';
import { AppError } from '../../common/errors/app-error.js';
import { decodeCursor, type Page, toPage } from '../../common/http/pagination.js';
import { parseDateTime } from '../signals/date-time.js';
import { caseNotFound } from './case-access.js';
import { caseViewerOf } from './case-visibility.js';
import { CasesRepository } from './cases.repository.js';
import { csvRow } from './csv.js';
import { CaseEventResponse } from './dto/case-event.response.js';
import type { ListTimelineQuery } from './dto/list-timeline.query.js';
import {
  ChainBreakResponse,
  type TimelineVerificationResponse,
} from './dto/timeline-verification.response.js';
import type { ResponseFormat } from './response-format.js';
import { ChainVerifier } from './timeline-hash.js';
import { type TimelineFilters, TimelineRepository } from './timeline.repository.js';

/** Rows read per round trip when a whole timeline is walked (CSV, report, verification). */
const BATCH = 500;

const CSV_HEADER = [
  'position',
  'occurredAt',
  'kind',
  'organisation',
  'member',
  'signalId',
  'actionId',
  'details',
  'isRedacted',
  'hash',
];

/** Reading a case's timeline: pages, CSV, and the verification of its hash chain. */
@Injectable()
export class TimelineService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CasesRepository,
    private readonly repo: TimelineRepository,
    private readonly clock: Clock,
  ) {}

  /** A page of JSON, or (as CSV) the whole filtered timeline, streamed. */
  async read(
    member: Member,
    caseId: string,
    query: ListTimelineQuery,
    format: ResponseFormat,
  ): Promise<Page<CaseEventResponse> | StreamableFile> {
    await this.requireVisible(member, caseId);
    const filters = toFilters(query);
    if (format === 'csv') {
      return new StreamableFile(Readable.from(this.csvLines(member, caseId, filters)), {
        type: 'text/csv; charset=utf-8; header=present',
        disposition: `attachment; filename="case-${caseId}-timeline.csv"`,
      });
    }
    const after = query.cursor === undefined ? 0 : positionOf(query.cursor);
    const rows = await this.repo.findPage(caseId, member.organisationId, filters, after, query.limit + 1);
    return toPage(
      rows,
      query.limit,
      (row) => CaseEventResponse.from(row, member),
      (row) => ({ position: row.position }),
    );
  }

  /** Every event the filters select, oldest first, as the member may read them; read in batches. */
  async *events(
    member: Member,
    caseId: string,
    filters: TimelineFilters = {},
  ): AsyncGenerator<CaseEventResponse> {
    let after = 0;
    for (;;) {
      const rows = await this.repo.findPage(caseId, member.organisationId, filters, after, BATCH);
      for (const row of rows) {
        yield CaseEventResponse.from(row, member);
      }
      const last = rows[rows.length - 1];
      if (rows.length < BATCH || last === undefined) {
        return;
      }
      after = last.position;
    }
  }

  /**
   * Recomputes the case's hash chain from the stored events and names the first one that does not match.
   * One repeatable-read snapshot, so that events appended meanwhile do not look like tampering.
   */
  async verify(member: Member, caseId: string): Promise<TimelineVerificationResponse> {
    const result = await this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const view = await this.cases.findVisible(caseViewerOf(member), caseId, { tx });
      if (!view) {
        throw caseNotFound(caseId);
      }
      const verifier = new ChainVerifier(view);
      let after = 0;
      for (;;) {
        const events = await this.repo.findStored(tx, caseId, after, BATCH);
        const isIntactSoFar = events.every((event) => verifier.check(event));
        const last = events[events.length - 1];
        if (!isIntactSoFar || events.length < BATCH || last === undefined) {
          break;
        }
        after = last.position;
      }
      return verifier.finish();
    });
    return {
      isIntact: result.firstBreak === null,
      verifiedEvents: result.eventCount,
      firstBreak: result.firstBreak === null ? null : ChainBreakResponse.from(result.firstBreak),
      verifiedAt: this.clock.now().toISOString(),
    };
  }

  private async requireVisible(member: Member, caseId: string): Promise<void> {
    if (!(await this.cases.findVisible(caseViewerOf(member), caseId))) {
      throw caseNotFound(caseId);
    }
  }

  private async *csvLines(member: Member, caseId: string, filters: TimelineFilters): AsyncGenerator<string> {
    yield csvRow(CSV_HEADER);
    for await (const event of this.events(member, caseId, filters)) {
      yield csvRow([
        event.position,
        event.occurredAt,
        event.kind,
        event.actor.organisation,
        event.actor.member?.name ?? null,
        event.signalId,
        event.actionId,
        event.details === null ? null : canonicalJson(event.details),
        event.isRedacted,
        event.hash,
      ]);
    }
  }
}

function toFilters(query: ListTimelineQuery): TimelineFilters {
  return {
    kind: query.kind,
    organisation: query.organisation,
    from: query.from === undefined ? undefined : parseDateTime(query.from),
    to: query.to === undefined ? undefined : parseDateTime(query.to),
  };
}

function positionOf(cursor: string): number {
  const { position } = decodeCursor(cursor, ['position']);
  if (!/^[0-9]{1,9}$/.test(position)) {
    throw new AppError(
      'bad_request',
      'The cursor is not valid: pass the nextCursor of a previous page unchanged.',
    );
  }
  return Number(position);
}
