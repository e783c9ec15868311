import { randomBytes } from 'node:crypto';
import type { Member } from '../../../src/common/auth/member.js';
import { AlertWriter } from '../../../src/modules/alerts/alert-writer.js';
import { ActionsService } from '../../../src/modules/cases/actions.service.js';
import { CasesService } from '../../../src/modules/cases/cases.service.js';
import { OverviewService } from '../../../src/modules/cases/overview.service.js';
import { buildCase, insert, viaServices } from '../../factories/index.js';
import { TestDb } from '../../setup/test-db.js';

describe(OverviewService.name, () => {
  let db: TestDb;
  let sut: OverviewService;
  let coordinator: Member;
  let election: string;
  let quick: { id: string; code: string };
  let slow: { id: string; code: string };
  let busy: { id: string; code: string };
  let idle: { id: string; code: string };
  const t0 = new Date('2018-03-20T10:00:00Z');

  /** One election of its own, with signals, alerts, cases and actions whose figures are known. */
  beforeAll(async () => {
    db = await TestDb.create();
    sut = db.get(OverviewService);
    election = `T${randomBytes(4).toString('hex').toUpperCase()}`;
    await db.sql(
      `INSERT INTO elections (code, name_en, name_nl, election_date) VALUES ($1, $1, $1, '2018-03-21')`,
      [election],
    );
    await db.sql(
      `INSERT INTO election_phases (election_code, phase, starts_at, ends_at)
       VALUES ($1, 'campaign', '2018-02-05T00:00:00+01:00', '2018-03-21T07:30:00+01:00'),
              ($1, 'election-day', '2018-03-21T07:30:00+01:00', '2018-03-21T21:00:00+01:00')`,
      [election],
    );
    coordinator = await viaServices.member(
      db,
      await insert.member(db, { organisation: 'NCTV', roles: ['coordinator'] }),
    );
    const liaison = await insert.member(db, { organisation: 'AIVD', roles: ['liaison'] });
    const signal = (overrides: object) => viaServices.signal(db, liaison, { election, ...overrides });
    await signal({ severity: 'high', phase: 'campaign' });
    await signal({ severity: 'high', phase: 'campaign' });
    await signal({ severity: 'low', phase: undefined });
    await signal({ category: 'cyber-attack', severity: 'critical', phase: 'election-day' });
    // Neither counts: one the coordinator's organisation may not see, one withdrawn.
    await signal({ category: 'hack-and-leak', tlp: 'RED', addressees: ['BZK'] });
    const withdrawn = await signal({ category: 'intimidation' });
    await db.sql(`UPDATE signals SET withdrawn_at = now(), withdrawal_reason = 'wrong' WHERE id = $1`, [
      withdrawn,
    ]);

    [quick, slow, busy, idle] = await Promise.all([
      insert.organisation(db),
      insert.organisation(db),
      insert.organisation(db),
      insert.organisation(db),
    ]);
    const responder = await insert.member(db, { organisation: quick.code, roles: ['analyst'] });
    const answered = [
      ...[60, 120, 180, 240, 600].map((seconds) => ({ organisation: quick, seconds })),
      { organisation: slow, seconds: 7200 },
    ];
    const created = await db.dataSource.transaction((tx) =>
      db.get(AlertWriter).create(
        tx,
        [...answered.map((a) => a.organisation), slow, slow, idle].map((organisation) => ({
          organisationId: organisation.id,
          kind: 'signal' as const,
          signalId: null,
          signalVersion: null,
          severity: 'high' as const,
          election,
          reasons: [],
          details: null,
          parentAlertId: null,
          escalateAt: null,
        })),
      ),
    );
    for (const [i, alert] of created.entries()) {
      const seconds = answered[i]?.seconds;
      await db.sql(
        `UPDATE alerts SET created_at = $2,
                           state = CASE WHEN $3::int IS NULL THEN 'open' ELSE 'acknowledged' END,
                           responded_at = $2::timestamptz + make_interval(secs => $3::int),
                           responded_by_member_id = CASE WHEN $3::int IS NULL THEN NULL ELSE $4::uuid END
          WHERE id = $1`,
        [alert.id, new Date(t0.getTime() + i * 1000), seconds ?? null, responder.id],
      );
    }

    const cases = db.get(CasesService);
    const actions = db.get(ActionsService);
    const open = await cases.create(coordinator, buildCase.create({ election }));
    const investigating = await cases.create(coordinator, buildCase.create({ election }));
    await cases.changeStatus(coordinator, investigating.id, { status: 'investigating', reason: 'x' });
    const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    const late = await actions.create(
      coordinator,
      open.id,
      buildCase.action({ assignee: busy.code, dueAt: inDays(1) }),
    );
    await actions.create(
      coordinator,
      investigating.id,
      buildCase.action({ assignee: busy.code, dueAt: inDays(3) }),
    );
    const finished = await actions.create(
      coordinator,
      open.id,
      buildCase.action({ assignee: busy.code, dueAt: inDays(1) }),
    );
    await actions.create(coordinator, open.id, buildCase.action({ assignee: idle.code, dueAt: inDays(9) }));
    await db.sql(`UPDATE case_actions SET due_at = '2018-03-20T12:00:00Z' WHERE id = $1`, [late.id]);
    await db.sql(
      `UPDATE case_actions SET status = 'done', outcome = 'Done.', finished_at = now() WHERE id = $1`,
      [finished.id],
    );
  });
  afterAll(() => db.destroy());

  it('counts the signals the coordinator’s organisation may see, by category, severity and phase', async () => {
    const overview = await sut.overview(coordinator, election);

    expect([overview.signalsByCategory, overview.signalsBySeverity, overview.signalsByPhase]).toEqual([
      [
        { key: 'disinformation', count: 3 },
        { key: 'cyber-attack', count: 1 },
      ],
      [
        { key: 'high', count: 2 },
        { key: 'critical', count: 1 },
        { key: 'low', count: 1 },
      ],
      [
        { key: 'campaign', count: 2 },
        { key: 'election-day', count: 1 },
        { key: null, count: 1 },
      ],
    ]);
  });

  it('counts the signal alerts not yet answered, per organisation, with the oldest', async () => {
    const overview = await sut.overview(coordinator, election);

    // Routing alerts addressees of the signals above too; only this test's organisations are compared.
    const ours = new Set([quick.code, slow.code, idle.code]);
    expect(overview.unacknowledgedAlerts.filter((row) => ours.has(row.organisation))).toEqual([
      { organisation: slow.code, count: 2, oldestAt: new Date(t0.getTime() + 6000).toISOString() },
      { organisation: idle.code, count: 1, oldestAt: new Date(t0.getTime() + 8000).toISOString() },
    ]);
  });

  it('gives the median and 90th percentile time to acknowledge per organisation', async () => {
    const overview = await sut.overview(coordinator, election);

    // percentile_cont interpolates: the 90th of 60, 120, 180, 240, 600 lies 0.6 of the way from 240 to 600.
    expect(overview.timeToAcknowledge).toEqual(
      [
        { organisation: quick.code, responded: 5, medianSeconds: 180, p90Seconds: 456 },
        { organisation: slow.code, responded: 1, medianSeconds: 7200, p90Seconds: 7200 },
      ].sort((a, b) => (a.organisation < b.organisation ? -1 : 1)),
    );
  });

  it('shows who owes what, by when: unfinished and overdue actions per organisation', async () => {
    const overview = await sut.overview(coordinator, election);

    expect(overview.actions).toEqual([
      { organisation: busy.code, open: 2, overdue: 1, nextDueAt: '2018-03-20T12:00:00.000Z' },
      { organisation: idle.code, open: 1, overdue: 0, nextDueAt: expect.any(String) },
    ]);
  });

  it('counts the cases by status', async () => {
    const overview = await sut.overview(coordinator, election);

    expect(overview.casesByStatus).toEqual([
      { key: 'investigating', count: 1 },
      { key: 'open', count: 1 },
    ]);
  });

  it('refuses a member who is not a coordinator', async () => {
    const analyst = await viaServices.member(
      db,
      await insert.member(db, { organisation: 'NCTV', roles: ['analyst'] }),
    );

    await expect(sut.overview(analyst, election)).rejects.toMatchObject({ code: 'auth.forbidden' });
  });
});
