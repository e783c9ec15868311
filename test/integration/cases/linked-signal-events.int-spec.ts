import { jest } from '@jest/globals';
import { Clock } from '../../../src/common/clock.js';
import { AlertsService } from '../../../src/modules/alerts/alerts.service.js';
import { EscalationWorker } from '../../../src/modules/alerts/escalation.worker.js';
import { CasesService } from '../../../src/modules/cases/cases.service.js';
import { SignalsService } from '../../../src/modules/signals/signals.service.js';
import { buildCase, insert, viaServices } from '../../factories/index.js';
import { TestDb } from '../../setup/test-db.js';

/** Changes made outside the cases module reach the timeline of every case that links the signal. */
describe('timeline events about linked signals', () => {
  let db: TestDb;

  beforeAll(async () => {
    db = await TestDb.create();
  });
  afterAll(() => db.destroy());

  async function linkedCase() {
    const liaison = await insert.member(db, { organisation: 'AIVD', roles: ['liaison'] });
    const analyst = await insert.member(db, { organisation: 'NCTV', roles: ['analyst'] });
    const coordinator = await viaServices.member(
      db,
      await insert.member(db, { organisation: 'NCTV', roles: ['coordinator'] }),
    );
    const signalId = await viaServices.signal(db, liaison, {
      tlp: 'AMBER',
      addressees: ['NCTV'],
      severity: 'critical',
    });
    const kase = await db.get(CasesService).create(coordinator, buildCase.create());
    await db.get(CasesService).linkSignal(coordinator, kase.id, signalId);
    const [alert] = await db.sql<{ id: string }>(
      `SELECT a.id FROM alerts a JOIN organisations o ON o.id = a.organisation_id
        WHERE a.signal_id = $1 AND o.code = 'NCTV' AND a.kind = 'signal'`,
      [signalId],
    );
    return { liaison, analyst, signalId, caseId: kase.id, alertId: alert!.id };
  }

  const kinds = (caseId: string) =>
    db
      .sql<{ kind: string }>(`SELECT kind FROM case_events WHERE case_id = $1 ORDER BY position`, [caseId])
      .then((rows) => rows.map((row) => row.kind));

  it('records an amendment and a withdrawal of the signal', async () => {
    const { liaison, signalId, caseId } = await linkedCase();
    const member = await viaServices.member(db, liaison);

    await db.get(SignalsService).amend(member, signalId, { severity: 'high' });
    await db.get(SignalsService).withdraw(member, signalId, { reason: 'a misunderstanding' });

    expect((await kinds(caseId)).slice(-2)).toEqual(['signal.amended', 'signal.withdrawn']);
  });

  it('stops the countdown to escalation of a withdrawn signal’s open alerts', async () => {
    const { liaison, signalId, alertId } = await linkedCase();

    await db
      .get(SignalsService)
      .withdraw(await viaServices.member(db, liaison), signalId, { reason: 'mistake' });

    const [alert] = await db.sql<{ escalate_at: Date | null }>(
      `SELECT escalate_at FROM alerts WHERE id = $1`,
      [alertId],
    );
    expect(alert?.escalate_at).toBeNull();
  });

  it.each([
    ['acknowledged', { response: 'acknowledged' as const }],
    ['declined', { response: 'declined' as const, reason: 'not ours' }],
    ['forwarded', { response: 'not-competent' as const, forwardTo: 'AP' }],
  ])('records a response to an alert about the signal (%s)', async (kind, dto) => {
    const { analyst, caseId, alertId } = await linkedCase();

    await db.get(AlertsService).acknowledge(await viaServices.member(db, analyst), alertId, dto);

    expect((await kinds(caseId)).at(-1)).toBe(`alert.${kind}`);
  });

  it('records an escalation of an alert about the signal', async () => {
    const { caseId } = await linkedCase();
    jest.spyOn(db.get(Clock), 'now').mockReturnValue(new Date(Date.now() + 3 * 3_600_000));

    await db.get(EscalationWorker).runOnce();

    expect((await kinds(caseId)).at(-1)).toBe('alert.escalated');
  });
});
