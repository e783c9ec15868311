import { randomUUID } from 'node:crypto';
import { QueryFailedError } from 'typeorm';
import type { Member } from '../../../src/common/auth/member.js';
import { CasesService } from '../../../src/modules/cases/cases.service.js';
import { TimelineService } from '../../../src/modules/cases/timeline.service.js';
import { type EventContent, eventHash } from '../../../src/modules/cases/timeline-hash.js';
import { buildCase, insert, viaServices } from '../../factories/index.js';
import { TestDb } from '../../setup/test-db.js';

describe('timeline tamper evidence', () => {
  let db: TestDb;
  let coordinator: Member;
  let sut: TimelineService;

  beforeAll(async () => {
    db = await TestDb.create();
    sut = db.get(TimelineService);
    coordinator = await viaServices.member(
      db,
      await insert.member(db, { organisation: 'NCTV', roles: ['coordinator'] }),
    );
  });
  afterAll(() => db.destroy());

  /** A case with four events: created and three notes. */
  async function caseWithEvents(): Promise<{ caseId: string; eventIds: string[] }> {
    const cases = db.get(CasesService);
    const { id } = await cases.create(coordinator, buildCase.create());
    for (const text of ['two', 'three', 'four']) {
      await cases.addNote(coordinator, id, { text });
    }
    const rows = await db.sql<{ id: string }>(
      `SELECT id FROM case_events WHERE case_id = $1 ORDER BY position`,
      [id],
    );
    return { caseId: id, eventIds: rows.map((row) => row.id) };
  }

  /** As a superuser would: switch the guard off, change the table, switch it on again. */
  async function behindTheTriggersBack(statement: string, parameters: unknown[]): Promise<void> {
    await db.dataSource.transaction(async (tx) => {
      await tx.query(`ALTER TABLE case_events DISABLE TRIGGER case_events_append_only`);
      await tx.query(statement, parameters);
      await tx.query(`ALTER TABLE case_events ENABLE TRIGGER case_events_append_only`);
    });
  }

  async function refusal(statement: string, parameters: unknown[] = []): Promise<string> {
    const error: unknown = await db.sql(statement, parameters).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(QueryFailedError);
    return (error as QueryFailedError).message;
  }

  describe('the database', () => {
    it('refuses UPDATE on events', async () => {
      const { caseId } = await caseWithEvents();

      const message = await refusal(`UPDATE case_events SET details = '{}' WHERE case_id = $1`, [caseId]);

      expect(message).toMatch(/append-only: UPDATE/);
      expect(await sut.verify(coordinator, caseId)).toMatchObject({ isIntact: true });
    });

    it('refuses DELETE on events', async () => {
      const { caseId } = await caseWithEvents();

      const message = await refusal(`DELETE FROM case_events WHERE case_id = $1`, [caseId]);

      expect(message).toMatch(/append-only: DELETE/);
      expect(await db.sql(`SELECT 1 FROM case_events WHERE case_id = $1`, [caseId])).toHaveLength(4);
    });

    it('refuses TRUNCATE of the events table', async () => {
      await caseWithEvents();

      expect(await refusal(`TRUNCATE case_events CASCADE`)).toMatch(/append-only: TRUNCATE/);
    });
  });

  describe('verify', () => {
    it('finds an untouched chain intact', async () => {
      const { caseId } = await caseWithEvents();

      expect(await sut.verify(coordinator, caseId)).toEqual({
        isIntact: true,
        verifiedEvents: 4,
        firstBreak: null,
        verifiedAt: expect.any(String),
      });
    });

    it('names an event whose content was altered in the database', async () => {
      const { caseId, eventIds } = await caseWithEvents();
      await behindTheTriggersBack(`UPDATE case_events SET details = '{"text": "2"}' WHERE id = $1`, [
        eventIds[1],
      ]);

      expect(await sut.verify(coordinator, caseId)).toMatchObject({
        isIntact: false,
        verifiedEvents: 1,
        firstBreak: { eventId: eventIds[1], position: 2, problem: 'hash-mismatch' },
      });
    });

    it('notices a time moved by one microsecond', async () => {
      const { caseId, eventIds } = await caseWithEvents();
      await behindTheTriggersBack(
        `UPDATE case_events SET occurred_at = occurred_at + interval '1 microsecond' WHERE id = $1`,
        [eventIds[2]],
      );

      expect((await sut.verify(coordinator, caseId)).firstBreak).toEqual({
        eventId: eventIds[2],
        position: 3,
        problem: 'hash-mismatch',
      });
    });

    it('names the event after one whose hash was rewritten to match its altered content', async () => {
      const { caseId, eventIds } = await caseWithEvents();
      const [row] = await db.sql<Record<string, unknown>>(
        `SELECT id, case_id AS "caseId", position, kind,
                to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "occurredAt",
                actor_member_id AS "actorMemberId", actor_organisation_id AS "actorOrganisationId",
                signal_id AS "signalId", action_id AS "actionId", details, previous_hash AS "previousHash"
           FROM case_events WHERE id = $1`,
        [eventIds[1]],
      );
      const forged = eventHash({ ...(row as unknown as EventContent), details: { text: 'forged' } });
      await behindTheTriggersBack(
        `UPDATE case_events SET details = '{"text": "forged"}', hash = $2 WHERE id = $1`,
        [eventIds[1], forged],
      );

      expect((await sut.verify(coordinator, caseId)).firstBreak).toEqual({
        eventId: eventIds[2],
        position: 3,
        problem: 'previous-hash-mismatch',
      });
    });

    it('names the event after one that was deleted', async () => {
      const { caseId, eventIds } = await caseWithEvents();
      await behindTheTriggersBack(`DELETE FROM case_events WHERE id = $1`, [eventIds[1]]);

      expect((await sut.verify(coordinator, caseId)).firstBreak).toEqual({
        eventId: eventIds[2],
        position: 3,
        problem: 'position-gap',
      });
    });

    it('notices events cut off the end', async () => {
      const { caseId, eventIds } = await caseWithEvents();
      await behindTheTriggersBack(`DELETE FROM case_events WHERE id = $1`, [eventIds[3]]);

      expect(await sut.verify(coordinator, caseId)).toMatchObject({
        isIntact: false,
        verifiedEvents: 3,
        firstBreak: { eventId: null, position: 4, problem: 'missing-events-at-end' },
      });
    });

    it('names an event slipped in behind the service’s back, even with a well-formed hash', async () => {
      const { caseId } = await caseWithEvents();
      const [last] = await db.sql<{ hash: string }>(
        `SELECT hash FROM case_events WHERE case_id = $1 AND position = 4`,
        [caseId],
      );
      const id = randomUUID();
      const occurredAt = new Date();
      const hash = eventHash({
        id,
        caseId,
        position: 5,
        kind: 'case.note_added',
        occurredAt: occurredAt.toISOString().replace('Z', '000Z'),
        actorMemberId: null,
        actorOrganisationId: null,
        signalId: null,
        actionId: null,
        details: { text: 'backdated' },
        previousHash: last!.hash,
      });
      await db.sql(
        `INSERT INTO case_events (id, case_id, position, kind, occurred_at, details, previous_hash, hash)
         VALUES ($1, $2, 5, 'case.note_added', $3, '{"text": "backdated"}', $4, $5)`,
        [id, caseId, occurredAt, last!.hash, hash],
      );

      expect((await sut.verify(coordinator, caseId)).firstBreak).toEqual({
        eventId: id,
        position: 5,
        problem: 'after-recorded-head',
      });
    });
  });
});
