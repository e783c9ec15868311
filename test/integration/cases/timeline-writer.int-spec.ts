import type { Member } from '../../../src/common/auth/member.js';
import { CasesService } from '../../../src/modules/cases/cases.service.js';
import { TimelineService } from '../../../src/modules/cases/timeline.service.js';
import { eventHash, eventTime } from '../../../src/modules/cases/timeline-hash.js';
import { TimelineWriter } from '../../../src/modules/cases/timeline-writer.js';
import { buildCase, insert, viaServices } from '../../factories/index.js';
import { TestDb } from '../../setup/test-db.js';

interface EventRow {
  id: string;
  case_id: string;
  position: number;
  kind: string;
  occurred_at: Date;
  actor_member_id: string | null;
  actor_organisation_id: string | null;
  signal_id: string | null;
  action_id: string | null;
  details: Record<string, unknown>;
  previous_hash: string | null;
  hash: string;
}

describe(TimelineWriter.name, () => {
  let db: TestDb;
  let sut: TimelineWriter;
  let coordinator: Member;

  beforeAll(async () => {
    db = await TestDb.create();
    sut = db.get(TimelineWriter);
    coordinator = await viaServices.member(
      db,
      await insert.member(db, { organisation: 'NCTV', roles: ['coordinator'] }),
    );
  });
  afterAll(() => db.destroy());

  async function openCase(signalIds: string[] = []): Promise<string> {
    const lead = await insert.organisation(db);
    return (
      await db
        .get(CasesService)
        .create(coordinator, buildCase.create({ leadOrganisation: lead.code, signalIds }))
    ).id;
  }

  function eventsOf(caseId: string): Promise<EventRow[]> {
    return db.sql<EventRow>(`SELECT * FROM case_events WHERE case_id = $1 ORDER BY position`, [caseId]);
  }

  const actor = () => ({ memberId: coordinator.id, organisationId: coordinator.organisationId });

  describe('record', () => {
    it('chains each event to the one before it through SHA-256 of its canonical content', async () => {
      const caseId = await openCase();

      await db.dataSource.transaction((tx) =>
        sut.record(tx, caseId, {
          kind: 'case.note_added',
          actor: actor(),
          details: { text: 'b', a: [1, { z: 1, y: 2 }] },
        }),
      );

      const [first, second] = await eventsOf(caseId);
      expect(second).toMatchObject({ position: 2, previous_hash: first!.hash });
      expect(second!.hash).toBe(
        eventHash({
          id: second!.id,
          caseId,
          position: 2,
          kind: 'case.note_added',
          occurredAt: eventTime(second!.occurred_at),
          actorMemberId: coordinator.id,
          actorOrganisationId: coordinator.organisationId,
          signalId: null,
          actionId: null,
          details: { a: [1, { y: 2, z: 1 }], text: 'b' },
          previousHash: first!.hash,
        }),
      );
      const [head] = await db.sql(`SELECT last_event_position, last_event_hash FROM cases WHERE id = $1`, [
        caseId,
      ]);
      expect(head).toEqual({ last_event_position: 2, last_event_hash: second!.hash });
    });

    it('keeps positions gapless and the chain intact under concurrent appends to one case', async () => {
      const caseId = await openCase();

      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          db.dataSource.transaction((tx) =>
            sut.record(tx, caseId, {
              kind: 'case.note_added',
              actor: actor(),
              details: { text: `note ${i}` },
            }),
          ),
        ),
      );

      const events = await eventsOf(caseId);
      expect(events.map((event) => event.position)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
      expect(events.slice(1).every((event, i) => event.previous_hash === events[i]!.hash)).toBe(true);
      expect(await db.get(TimelineService).verify(coordinator, caseId)).toMatchObject({
        isIntact: true,
        verifiedEvents: 13,
      });
    });

    it('writes nothing when the transaction it shares rolls back', async () => {
      const caseId = await openCase();

      await expect(
        db.dataSource.transaction(async (tx) => {
          await sut.record(tx, caseId, {
            kind: 'case.note_added',
            actor: actor(),
            details: { text: 'lost' },
          });
          throw new Error('the change itself fails');
        }),
      ).rejects.toThrow('the change itself fails');

      expect(await eventsOf(caseId)).toHaveLength(1);
      expect(await db.get(TimelineService).verify(coordinator, caseId)).toMatchObject({ isIntact: true });
    });
  });

  describe('recordForSignal', () => {
    it('records one event on every case that links the signal, and none elsewhere', async () => {
      const liaison = await insert.member(db, { organisation: 'AIVD', roles: ['liaison'] });
      const signalId = await viaServices.signal(db, liaison);
      const [one, two, other] = [await openCase([signalId]), await openCase([signalId]), await openCase()];
      const analyst = await insert.member(db, { organisation: 'NCTV', roles: ['analyst'] });

      const recorded = await db.dataSource.transaction((tx) =>
        sut.recordForSignal(tx, signalId, {
          kind: 'alert.acknowledged',
          actor: { memberId: analyst.id, organisationId: analyst.organisationId },
          details: { alertId: 'a1', response: 'acknowledged' },
        }),
      );

      expect(recorded.map((event) => event.caseId).sort()).toEqual([one, two].sort());
      for (const caseId of [one, two]) {
        expect((await eventsOf(caseId)).at(-1)).toMatchObject({
          kind: 'alert.acknowledged',
          signal_id: signalId,
          actor_member_id: analyst.id,
          details: { alertId: 'a1', response: 'acknowledged' },
        });
      }
      expect((await eventsOf(other)).map((event) => event.kind)).toEqual(['case.created']);
    });

    it('records nothing for a signal that no case links', async () => {
      const liaison = await insert.member(db, { organisation: 'AIVD', roles: ['liaison'] });
      const signalId = await viaServices.signal(db, liaison);

      const recorded = await db.dataSource.transaction((tx) =>
        sut.recordForSignal(tx, signalId, {
          kind: 'signal.withdrawn',
          actor: actor(),
          details: { reason: 'x' },
        }),
      );

      expect(recorded).toEqual([]);
    });

    it('shows such an event without what happened to a reader who may not see the signal', async () => {
      const liaison = await insert.member(db, { organisation: 'AIVD', roles: ['liaison'] });
      const signalId = await viaServices.signal(db, liaison, { tlp: 'RED', addressees: ['NCTV'] });
      const caseId = await openCase([signalId]);
      const [lead] = await db.sql<{ code: string }>(
        `SELECT o.code FROM cases c JOIN organisations o ON o.id = c.lead_organisation_id WHERE c.id = $1`,
        [caseId],
      );
      const reader = await viaServices.member(
        db,
        await insert.member(db, { organisation: lead!.code, roles: ['analyst'] }),
      );
      await db.dataSource.transaction((tx) =>
        sut.recordForSignal(tx, signalId, {
          kind: 'signal.amended',
          actor: { memberId: liaison.id, organisationId: liaison.organisationId },
          details: { severity: { from: 'moderate', to: 'critical' } },
        }),
      );

      const page = await db.get(TimelineService).read(reader, caseId, { limit: 50 }, 'json');

      expect('items' in page && page.items.at(-1)).toEqual({
        id: expect.any(String),
        position: 3,
        kind: 'signal.amended',
        occurredAt: expect.any(String),
        actor: { organisation: 'AIVD', member: null },
        signalId: null,
        actionId: null,
        details: null,
        isRedacted: true,
        hash: null,
      });
    });
  });
});
