import { jest } from '@jest/globals';
import { Clock } from '../../../src/common/clock.js';
import { MetricsService } from '../../../src/common/metrics/metrics.service.js';
import { AlertViews } from '../../../src/modules/alerts/alert-views.js';
import { EscalationWorker } from '../../../src/modules/alerts/escalation.worker.js';
import { SignalsService } from '../../../src/modules/signals/signals.service.js';
import { build, insert } from '../../factories/index.js';
import { TestDb } from '../../setup/test-db.js';
import { memberOf, newAlert, writeAlerts } from '../webhooks/fixtures.js';

const MINUTE = 60_000;

interface EscalationRow {
  id: string;
  recipient: string;
  kind: string;
  signal_id: string | null;
  severity: string | null;
  details: Record<string, unknown>;
  escalate_at: Date | null;
}

describe(EscalationWorker.name, () => {
  let db: TestDb;
  let sut: EscalationWorker;
  let clock: Clock;

  const at = (start: number, plusMs: number) =>
    jest.spyOn(clock, 'now').mockReturnValue(new Date(start + plusMs));

  /** The escalation alerts that followed from these alerts, by recipient code. */
  function escalationsOf(alertIds: string[]): Promise<(EscalationRow & { parent_alert_id: string })[]> {
    return db.sql(
      `SELECT a.id, o.code AS recipient, a.kind, a.signal_id, a.severity, a.details, a.escalate_at, a.parent_alert_id
         FROM alerts a JOIN organisations o ON o.id = a.organisation_id
        WHERE a.parent_alert_id = ANY ($1::uuid[]) AND a.kind = 'escalation'
        ORDER BY a.parent_alert_id, o.code`,
      [alertIds],
    );
  }

  async function escalatedAt(alertId: string): Promise<Date | null> {
    const [row] = await db.sql<{ escalated_at: Date | null }>(
      `SELECT escalated_at FROM alerts WHERE id = $1`,
      [alertId],
    );
    return row?.escalated_at ?? null;
  }

  beforeAll(async () => {
    db = await TestDb.create();
    sut = db.get(EscalationWorker);
    clock = db.get(Clock);
  });
  afterAll(() => db.destroy());
  afterEach(() => jest.restoreAllMocks());

  it('escalates each alert when its own deadline passes: 15 minutes and 2 hours', async () => {
    const organisation = await insert.organisation(db);
    const start = Date.now();
    const [critical, high] = await writeAlerts(db, [
      newAlert(organisation.id, { severity: 'critical', escalateAt: new Date(start + 15 * MINUTE) }),
      newAlert(organisation.id, { severity: 'high', escalateAt: new Date(start + 120 * MINUTE) }),
    ]);
    const escalated = await db.get(MetricsService).alertsEscalated.get();
    const before = escalated.values[0]?.value ?? 0;

    at(start, 14 * MINUTE);
    await sut.runOnce();
    const atFourteen = await escalationsOf([critical!, high!]);
    at(start, 16 * MINUTE);
    await sut.runOnce();
    const atSixteen = await escalationsOf([critical!, high!]);
    at(start, 121 * MINUTE);
    await sut.runOnce();

    expect(atFourteen).toEqual([]);
    expect(atSixteen.map((row) => [row.parent_alert_id, row.recipient])).toEqual([
      [critical, 'BZK'],
      [critical, 'NCTV'],
    ]);
    expect(atSixteen[0]).toMatchObject({
      kind: 'escalation',
      signal_id: null,
      severity: 'critical',
      escalate_at: null,
      details: {
        unansweredOrganisation: organisation.code,
        alertId: critical,
        severity: 'critical',
        openForSeconds: expect.any(Number),
        deadline: new Date(start + 15 * MINUTE).toISOString(),
      },
    });
    expect(atSixteen[0]!.details.openForSeconds).toBeGreaterThanOrEqual(16 * 60 - 5);
    expect(atSixteen[0]!.details.openForSeconds).toBeLessThanOrEqual(16 * 60 + 5);
    const all = await escalationsOf([critical!, high!]);
    expect(all.filter((row) => row.parent_alert_id === high).map((row) => row.recipient)).toEqual([
      'BZK',
      'NCTV',
    ]);
    expect(await escalatedAt(critical!)).toEqual(new Date(start + 16 * MINUTE));
    expect(await escalatedAt(high!)).toEqual(new Date(start + 121 * MINUTE));
    expect((await db.get(MetricsService).alertsEscalated.get()).values[0]?.value).toBeGreaterThanOrEqual(
      before + 2,
    );
  });

  it('escalates each alert exactly once, however many workers run', async () => {
    const organisation = await insert.organisation(db);
    const start = Date.now();
    // More than one batch (50), so that the concurrent workers both find work.
    const alertIds = await writeAlerts(
      db,
      Array.from({ length: 70 }, () => newAlert(organisation.id, { escalateAt: new Date(start + MINUTE) })),
    );
    at(start, 2 * MINUTE);

    await Promise.all([sut.runOnce(), sut.runOnce(), sut.runOnce()]);
    await sut.runOnce();
    const afterRace = await escalationsOf(alertIds);
    await sut.runOnce();

    expect(afterRace).toHaveLength(2 * alertIds.length);
    const perAlert = new Map<string, string[]>();
    for (const row of afterRace) {
      perAlert.set(row.parent_alert_id, [...(perAlert.get(row.parent_alert_id) ?? []), row.recipient]);
    }
    expect([...perAlert.values()].every((codes) => codes.join() === 'BZK,NCTV')).toBe(true);
    expect(await escalationsOf(alertIds)).toHaveLength(2 * alertIds.length);
  });

  it('does not tell the organisation that left the alert unanswered about itself', async () => {
    const [nctv] = await db.sql<{ id: string }>(`SELECT id FROM organisations WHERE code = 'NCTV'`);
    const start = Date.now();
    const [alertId] = await writeAlerts(db, [newAlert(nctv!.id, { escalateAt: new Date(start + MINUTE) })]);
    at(start, 2 * MINUTE);

    await sut.runOnce();

    expect((await escalationsOf([alertId!])).map((row) => row.recipient)).toEqual(['BZK']);
    expect(await escalatedAt(alertId!)).not.toBeNull();
  });

  it('leaves alerts that were answered before their deadline alone', async () => {
    const organisation = await insert.organisation(db);
    const start = Date.now();
    const [alertId] = await writeAlerts(db, [
      newAlert(organisation.id, { escalateAt: new Date(start + MINUTE) }),
    ]);
    await db.sql(`UPDATE alerts SET state = 'acknowledged', responded_at = now() WHERE id = $1`, [alertId]);
    at(start, 2 * MINUTE);

    await sut.runOnce();

    expect(await escalationsOf([alertId!])).toEqual([]);
    expect(await escalatedAt(alertId!)).toBeNull();
  });

  it('escalates an AMBER signal’s alert without showing the signal to a coordinator who may not see it', async () => {
    const organisation = await insert.organisation(db);
    const liaison = await memberOf(db, await insert.member(db, { organisation: 'AIVD', roles: ['liaison'] }));
    const signals = db.get(SignalsService);
    const signal = await signals.submit(
      liaison,
      build.submitSignal({ tlp: 'AMBER', severity: 'critical', addressees: [organisation.code] }),
    );
    const start = Date.now();
    // The alert routing wrote for the addressee, with a deadline set here so as not to depend on the calendar.
    const [routed] = await db.sql<{ id: string }>(
      `WITH routed AS (
         UPDATE alerts SET escalate_at = $3 WHERE signal_id = $1 AND organisation_id = $2 AND kind = 'signal'
         RETURNING id
       )
       SELECT id FROM routed`,
      [signal.id, organisation.id, new Date(start + 15 * MINUTE)],
    );
    at(start, 16 * MINUTE);

    await sut.runOnce();

    const escalations = await escalationsOf([routed!.id]);
    expect(escalations.map((row) => [row.recipient, row.signal_id])).toEqual([
      ['BZK', signal.id],
      ['NCTV', signal.id],
    ]);
    const rendered = await db.get(AlertViews).render(escalations.map((row) => row.id));
    for (const escalation of escalations) {
      expect(rendered.get(escalation.id)).toMatchObject({
        kind: 'escalation',
        signal: null,
        details: expect.objectContaining({ unansweredOrganisation: organisation.code, alertId: routed!.id }),
      });
    }
    const bzk = await memberOf(db, await insert.member(db, { organisation: 'BZK', roles: ['analyst'] }));
    await expect(signals.get(bzk, signal.id)).rejects.toMatchObject({ code: 'signal.not_found' });
  });

  it('shows the signal in the escalation to a coordinator who may see it anyway', async () => {
    const organisation = await insert.organisation(db);
    const liaison = await memberOf(db, await insert.member(db, { organisation: 'AIVD', roles: ['liaison'] }));
    const signal = await db
      .get(SignalsService)
      .submit(liaison, build.submitSignal({ tlp: 'GREEN', severity: 'critical' }));
    const start = Date.now();
    const [alertId] = await writeAlerts(db, [
      newAlert(organisation.id, {
        signalId: signal.id,
        signalVersion: 1,
        kind: 'update',
        escalateAt: new Date(start + MINUTE),
      }),
    ]);
    at(start, 2 * MINUTE);

    await sut.runOnce();

    const escalations = await escalationsOf([alertId!]);
    const rendered = await db.get(AlertViews).render(escalations.map((row) => row.id));
    expect(escalations).toHaveLength(2);
    for (const escalation of escalations) {
      expect(rendered.get(escalation.id)?.signal).toMatchObject({ id: signal.id, title: signal.title });
    }
  });
});
