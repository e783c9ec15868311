import { canonicalJson, sha256Hex } from '../../common/canonical-json.js';
import type { CaseEventKind } from './case.enums.js';

/**
 * Everything an event's hash covers. The timeline's hash chain is this object's canonical JSON (keys sorted,
 * no whitespace), hashed with SHA-256: anyone with the rows can recompute it.
 */
export interface EventContent {
  id: string;
  caseId: string;
  position: number;
  kind: CaseEventKind;
  /** `eventTime()`: UTC, microseconds, as PostgreSQL keeps timestamps. */
  occurredAt: string;
  actorMemberId: string | null;
  actorOrganisationId: string | null;
  signalId: string | null;
  actionId: string | null;
  details: Record<string, unknown>;
  /** The hash of the event before it on the same case; null for the first. */
  previousHash: string | null;
}

/** `2018-03-21T09:30:00.123000Z`: the instant at the precision the database stores, so a re-read matches. */
export function eventTime(date: Date): string {
  return date.toISOString().replace(/Z$/, '000Z');
}

/** The same format, produced by PostgreSQL from a stored timestamptz. */
export const EVENT_TIME_SQL = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export function eventHash(event: EventContent): string {
  // Exactly these fields, whatever else the object carries (a stored event also holds its own hash).
  const content: EventContent = {
    id: event.id,
    caseId: event.caseId,
    position: event.position,
    kind: event.kind,
    occurredAt: event.occurredAt,
    actorMemberId: event.actorMemberId,
    actorOrganisationId: event.actorOrganisationId,
    signalId: event.signalId,
    actionId: event.actionId,
    details: event.details,
    previousHash: event.previousHash,
  };
  return sha256Hex(canonicalJson(content));
}

/** An event as stored, with the hash it was given when it was written. */
export interface StoredEvent extends EventContent {
  hash: string;
}

export type ChainProblem =
  | 'position-gap'
  | 'after-recorded-head'
  | 'previous-hash-mismatch'
  | 'hash-mismatch'
  | 'missing-events-at-end'
  | 'head-mismatch';

export interface ChainBreak {
  /** The first event that does not match; null when events are missing after the last one stored. */
  eventId: string | null;
  position: number;
  problem: ChainProblem;
}

/**
 * Walks a case's events in position order, page by page, and reports the first one that does not match:
 * a gap (an event removed), a previous-hash that is not the hash of the event before, or content that no
 * longer hashes to the stored hash (an event altered), or an event after the head recorded on the case (one
 * slipped in). `finish` compares the end of the chain with that head, which catches events cut off the end.
 */
export class ChainVerifier {
  private previousHash: string | null = null;
  private count = 0;
  private broken: ChainBreak | undefined;

  /** `head`: the last position and hash recorded on the case when its last event was written. */
  constructor(private readonly head: { lastEventPosition: number; lastEventHash: string | null }) {}

  /** Returns false once the chain is broken: the caller may stop reading. */
  check(event: StoredEvent): boolean {
    if (this.broken) {
      return false;
    }
    const expectedPosition = this.count + 1;
    let problem: ChainProblem | undefined;
    if (event.position !== expectedPosition) {
      problem = 'position-gap';
    } else if (event.position > this.head.lastEventPosition) {
      problem = 'after-recorded-head';
    } else if (event.previousHash !== this.previousHash) {
      problem = 'previous-hash-mismatch';
    } else if (eventHash(event) !== event.hash) {
      problem = 'hash-mismatch';
    }
    if (problem) {
      this.broken = { eventId: event.id, position: event.position, problem };
      return false;
    }
    this.count = expectedPosition;
    this.previousHash = event.hash;
    return true;
  }

  finish(): { eventCount: number; firstBreak: ChainBreak | null } {
    if (!this.broken && this.head.lastEventPosition > this.count) {
      this.broken = { eventId: null, position: this.count + 1, problem: 'missing-events-at-end' };
    } else if (!this.broken && this.head.lastEventHash !== this.previousHash) {
      this.broken = { eventId: null, position: this.count, problem: 'head-mismatch' };
    }
    return { eventCount: this.count, firstBreak: this.broken ?? null };
  }
}
