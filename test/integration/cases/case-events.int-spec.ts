import { jest } from '@jest/globals';
import type { Member } from '../../../src/common/auth/member.js';
import { AlertWriter } from '../../../src/modules/alerts/alert-writer.js';
import { ActionsService } from '../../../src/modules/cases/actions.service.js';
import {
  CASE_EVENT_KINDS,
  type CaseEventKind,
  SIGNAL_EVENT_KINDS,
  type SignalEventKind,
} from '../../../src/modules/cases/case.enums.js';
import { CasesService } from '../../../src/modules/cases/cases.service.js';
import { TimelineService } from '../../../src/modules/cases/timeline.service.js';
import { TimelineWriter } from '../../../src/modules/cases/timeline-writer.js';
import { SignalsService } from '../../../src/modules/signals/signals.service.js';
import { build, buildCase, insert, viaServices } from '../../factories/index.js';
import { TestDb } from '../../setup/test-db.js';

interface Fixture {
  caseId: string;
  signalId: string;
  actionId: string;
}

interface Change {
  arrange?: (f: Fixture) => Promise<unknown>;
  act: (f: Fixture, arranged: unknown) => Promise<unknown>;
}

describe('case timeline events', () => {
  let db: TestDb;
  let first: Member;
  let second: Member;
  let assigneeAnalyst: Member;
  let liaison: Member;
  let cases: CasesService;
  let actions: ActionsService;

  beforeAll(async () => {
    db = await TestDb.create();
    cases = db.get(CasesService);
    actions = db.get(ActionsService);
    first = await viaServices.member(
      db,
      await insert.member(db, { organisation: 'NCTV', roles: ['coordinator'] }),
    );
    second = await viaServices.member(
      db,
      await insert.member(db, { organisation: 'BZK', roles: ['coordinator'] }),
    );
    assigneeAnalyst = await viaServices.member(
      db,
      await insert.member(db, { organisation: 'AP', roles: ['analyst'] }),
    );
    liaison = await viaServices.member(
      db,
      await insert.member(db, { organisation: 'AIVD', roles: ['liaison'] }),
    );
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => db.destroy());

  /** A case with a linked signal and an open action for the AP. */
  async function fixture(): Promise<Fixture> {
    const { id: signalId } = await db.get(SignalsService).submit(liaison, build.submitSignal());
    const { id: caseId } = await cases.create(first, buildCase.create({ signalIds: [signalId] }));
    const { id: actionId } = await actions.create(first, caseId, buildCase.action({ assignee: 'AP' }));
    return { caseId, signalId, actionId };
  }

  function kindsSince(caseId: string, position: number): Promise<string[]> {
    return db
      .sql<{ kind: string }>(
        `SELECT kind FROM case_events WHERE case_id = $1 AND position > $2 ORDER BY position`,
        [caseId, position],
      )
      .then((rows) => rows.map((row) => row.kind));
  }

  async function headOf(caseId: string): Promise<number> {
    const [row] = await db.sql<{ last_event_position: number }>(
      `SELECT last_event_position FROM cases WHERE id = $1`,
      [caseId],
    );
    return row!.last_event_position;
  }

  async function closureRequested(f: Fixture): Promise<string> {
    await actions.changeStatus(assigneeAnalyst, f.actionId, { status: 'cancelled', outcome: 'Moot.' });
    return (await cases.requestClosure(first, f.caseId, { summary: 'All done.' })).id;
  }

  /** Changes recorded by the lead's wiring of signals and alerts, through TimelineWriter.recordForSignal. */
  const SIGNAL_CHANGES = Object.fromEntries(
    SIGNAL_EVENT_KINDS.map((kind): [SignalEventKind, Change] => [
      kind,
      {
        act: (f) =>
          db.dataSource.transaction((tx) =>
            db.get(TimelineWriter).recordForSignal(tx, f.signalId, {
              kind,
              actor: { memberId: liaison.id, organisationId: liaison.organisationId },
              details: { note: kind },
            }),
          ),
      },
    ]),
  ) as Record<SignalEventKind, Change>;

  /** How to cause each kind of change, once the fixture exists; `arrange` runs before the count starts. */
  const CHANGES: Record<Exclude<CaseEventKind, 'case.created'>, Change> = {
    'case.updated': {
      act: async (f) =>
        cases.update(
          first,
          f.caseId,
          { title: 'Renamed' },
          {
            kind: 'versions',
            versions: [(await cases.get(first, f.caseId)).version],
          },
        ),
    },
    'case.status_changed': {
      act: (f) =>
        cases.changeStatus(first, f.caseId, { status: 'investigating', reason: 'Looking into it.' }),
    },
    'case.closure_requested': {
      arrange: (f) =>
        actions.changeStatus(assigneeAnalyst, f.actionId, { status: 'cancelled', outcome: 'Moot.' }),
      act: (f) => cases.requestClosure(first, f.caseId, { summary: 'All done.' }),
    },
    'case.closure_approved': {
      arrange: closureRequested,
      act: (f, requestId) => cases.approveClosure(second, f.caseId, requestId as string, {}),
    },
    'case.closure_rejected': {
      arrange: closureRequested,
      act: (f, requestId) =>
        cases.rejectClosure(second, f.caseId, requestId as string, { reason: 'Not yet.' }),
    },
    'case.reopened': {
      arrange: async (f) => cases.approveClosure(second, f.caseId, await closureRequested(f), {}),
      act: (f) => cases.reopen(first, f.caseId, { reason: 'It is back.' }),
    },
    'case.signal_linked': {
      arrange: () => db.get(SignalsService).submit(liaison, build.submitSignal()),
      act: (f, signal) => cases.linkSignal(first, f.caseId, (signal as { id: string }).id),
    },
    'case.signal_unlinked': { act: (f) => cases.unlinkSignal(first, f.caseId, f.signalId) },
    'case.note_added': { act: (f) => cases.addNote(first, f.caseId, { text: 'A note.' }) },
    'case.action_added': { act: (f) => actions.create(first, f.caseId, buildCase.action()) },
    'case.action_status_changed': {
      act: (f) => actions.changeStatus(assigneeAnalyst, f.actionId, { status: 'in-progress' }),
    },
    'case.action_overdue': {
      // Everything due by then in this file's database is reported; this case has one such action.
      act: () => actions.raiseOverdue(new Date(Date.now() + 30 * 86_400_000), 1000),
    },
    ...SIGNAL_CHANGES,
  };

  it('opening a case leaves one event, and one more per signal linked at once', async () => {
    const { id: signalId } = await db.get(SignalsService).submit(liaison, build.submitSignal());

    const { id } = await cases.create(first, buildCase.create({ signalIds: [signalId] }));

    expect(await kindsSince(id, 0)).toEqual(['case.created', 'case.signal_linked']);
  });

  it.each(Object.keys(CHANGES) as Exclude<CaseEventKind, 'case.created'>[])(
    '%s leaves exactly one event, and the chain stays intact',
    async (kind) => {
      const f = await fixture();
      const change = CHANGES[kind];
      const arranged = await change.arrange?.(f);
      const before = await headOf(f.caseId);

      await change.act(f, arranged);

      expect(await kindsSince(f.caseId, before)).toEqual([kind]);
      expect(await db.get(TimelineService).verify(first, f.caseId)).toMatchObject({ isIntact: true });
    },
  );

  it('covers every kind of event', () => {
    expect(['case.created', ...Object.keys(CHANGES)].sort()).toEqual([...CASE_EVENT_KINDS].sort());
  });

  it('rolls back the action, its event and its alert when alert creation fails', async () => {
    const f = await fixture();
    const before = await headOf(f.caseId);
    jest.spyOn(db.get(AlertWriter), 'create').mockRejectedValueOnce(new Error('alerts are down'));

    await expect(
      actions.create(first, f.caseId, buildCase.action({ title: 'Never stored' })),
    ).rejects.toThrow('alerts are down');

    expect(await kindsSince(f.caseId, before)).toEqual([]);
    expect(await db.sql(`SELECT 1 FROM case_actions WHERE title = 'Never stored'`)).toEqual([]);
    expect(await headOf(f.caseId)).toBe(before);
  });

  it('rolls back a change whose event cannot be written', async () => {
    const f = await fixture();
    jest.spyOn(db.get(TimelineWriter), 'record').mockRejectedValueOnce(new Error('timeline is down'));

    await expect(
      cases.changeStatus(first, f.caseId, { status: 'investigating', reason: 'x' }),
    ).rejects.toThrow('timeline is down');

    expect((await cases.get(first, f.caseId)).status).toBe('open');
  });
});
