import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock.js';
import type { CaseEventKind, SignalEventKind } from './case.enums.js';
import { type EventContent, eventHash, eventTime } from './timeline-hash.js';

/** Who did it: a member of an organisation, or the service itself (both null: a worker). */
export interface TimelineActor {
  memberId: string | null;
  organisationId: string | null;
}

export interface TimelineEntry {
  kind: CaseEventKind;
  actor: TimelineActor;
  /** The signal the event is about: readers who may not see that signal get the event without details. */
  signalId?: string | null;
  actionId?: string | null;
  /** Plain JSON: strings, integers, booleans, null, arrays and objects of these. */
  details?: Record<string, unknown>;
}

/** An event about a linked signal; the signal is given separately. */
export interface SignalTimelineEntry {
  kind: SignalEventKind;
  actor: TimelineActor;
  details?: Record<string, unknown>;
}

export interface RecordedEvent {
  id: string;
  caseId: string;
  position: number;
  kind: CaseEventKind;
  occurredAt: Date;
  hash: string;
}

/**
 * Appends events to case timelines, in the caller's transaction, so that an event exists exactly when the
 * change it records was committed. Appends to one case are serialised by locking the case row, which holds
 * the head of its hash chain: each event hashes its content together with the hash of the one before.
 * Call it after the change itself, in the same transaction.
 */
@Injectable()
export class TimelineWriter {
  constructor(private readonly clock: Clock) {}

  async record(tx: EntityManager, caseId: string, entry: TimelineEntry): Promise<RecordedEvent> {
    const [head] = await tx.query<{ last_event_position: number; last_event_hash: string | null }[]>(
      `SELECT last_event_position, last_event_hash FROM cases WHERE id = $1 FOR UPDATE`,
      [caseId],
    );
    if (!head) {
      throw new Error(`no case ${caseId} to record a timeline event on`);
    }
    return this.append(tx, caseId, head.last_event_position, head.last_event_hash, entry);
  }

  /**
   * One event on every case that links the signal (none when no case does), for changes to the signal
   * itself and to the alerts about it: amended, withdrawn, acknowledged, forwarded, declined, escalated.
   */
  async recordForSignal(
    tx: EntityManager,
    signalId: string,
    entry: SignalTimelineEntry,
  ): Promise<RecordedEvent[]> {
    // Locked in id order, so that two writers reaching the same cases cannot deadlock.
    const heads = await tx.query<
      { id: string; last_event_position: number; last_event_hash: string | null }[]
    >(
      `SELECT c.id, c.last_event_position, c.last_event_hash
         FROM cases c
        WHERE c.id IN (SELECT case_id FROM case_signals WHERE signal_id = $1)
        ORDER BY c.id
          FOR UPDATE`,
      [signalId],
    );
    const recorded: RecordedEvent[] = [];
    for (const head of heads) {
      recorded.push(
        await this.append(tx, head.id, head.last_event_position, head.last_event_hash, {
          ...entry,
          signalId,
        }),
      );
    }
    return recorded;
  }

  private async append(
    tx: EntityManager,
    caseId: string,
    lastPosition: number,
    lastHash: string | null,
    entry: TimelineEntry,
  ): Promise<RecordedEvent> {
    const occurredAt = this.clock.now();
    const content: EventContent = {
      id: randomUUID(),
      caseId,
      position: lastPosition + 1,
      kind: entry.kind,
      occurredAt: eventTime(occurredAt),
      actorMemberId: entry.actor.memberId,
      actorOrganisationId: entry.actor.organisationId,
      signalId: entry.signalId ?? null,
      actionId: entry.actionId ?? null,
      // Hashed as it will read back from jsonb: without undefined members, dates as strings.
      details: JSON.parse(JSON.stringify(entry.details ?? {})) as Record<string, unknown>,
      previousHash: lastHash,
    };
    const hash = eventHash(content);
    await tx.query(
      `INSERT INTO case_events (id, case_id, position, kind, occurred_at, actor_member_id, actor_organisation_id,
                                signal_id, action_id, details, previous_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        content.id,
        caseId,
        content.position,
        content.kind,
        occurredAt,
        content.actorMemberId,
        content.actorOrganisationId,
        content.signalId,
        content.actionId,
        JSON.stringify(content.details),
        content.previousHash,
        hash,
      ],
    );
    await tx.query(`UPDATE cases SET last_event_position = $2, last_event_hash = $3 WHERE id = $1`, [
      caseId,
      content.position,
      hash,
    ]);
    return { id: content.id, caseId, position: content.position, kind: content.kind, occurredAt, hash };
  }
}
