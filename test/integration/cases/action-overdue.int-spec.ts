import { jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Member } from '../../../src/common/auth/member.js';
import { Clock } from '../../../src/common/clock.js';
import { createApp } from '../../../src/app.setup.js';
import { AppConfig, loadEnv } from '../../../src/config/app-config.js';
import { AlertWriter } from '../../../src/modules/alerts/alert-writer.js';
import { ActionOverdueWorker } from '../../../src/modules/cases/action-overdue.worker.js';
import { ActionsService } from '../../../src/modules/cases/actions.service.js';
import { CasesService } from '../../../src/modules/cases/cases.service.js';
import { buildCase, insert, viaServices } from '../../factories/index.js';
import { TestDb } from '../../setup/test-db.js';

const HOUR = 3_600_000;

describe(ActionOverdueWorker.name, () => {
  let db: TestDb;
  let sut: ActionOverdueWorker;
  let coordinator: Member;

  beforeAll(async () => {
    db = await TestDb.create();
    sut = db.get(ActionOverdueWorker);
    coordinator = await viaServices.member(
      db,
      await insert.member(db, { organisation: 'NCTV', roles: ['coordinator'] }),
    );
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => db.destroy());

  /** Runs the worker as if it were `hours` from now. */
  function at(hours: number): void {
    jest.spyOn(db.get(Clock), 'now').mockReturnValue(new Date(Date.now() + hours * HOUR));
  }

  /** Finishes whatever is already overdue in this file's database, so each test counts its own. */
  async function drain(): Promise<void> {
    at(1000);
    while ((await sut.runOnce()) > 0) {
      // keep going
    }
    jest.restoreAllMocks();
  }

  /** An action due in `hours`, in a case led by a fresh organisation, assigned to another fresh one. */
  async function action(
    hours: number,
    options: { assigneeIsLead?: boolean } = {},
  ): Promise<{
    caseId: string;
    actionId: string;
    lead: { id: string; code: string };
    assignee: { id: string };
  }> {
    const lead = await insert.organisation(db);
    const assignee = options.assigneeIsLead ? lead : await insert.organisation(db);
    const created = await db
      .get(CasesService)
      .create(coordinator, buildCase.create({ leadOrganisation: lead.code }));
    const assigned = await db.get(ActionsService).create(
      coordinator,
      created.id,
      buildCase.action({
        assignee: assignee.code,
        dueAt: new Date(Date.now() + hours * HOUR).toISOString(),
      }),
    );
    return { caseId: created.id, actionId: assigned.id, lead, assignee };
  }

  function overdueAlerts(actionId: string): Promise<{ organisation_id: string }[]> {
    return db.sql(
      `SELECT organisation_id FROM alerts WHERE kind = 'overdue' AND details->>'actionId' = $1 ORDER BY organisation_id`,
      [actionId],
    );
  }

  function overdueEvents(caseId: string): Promise<unknown[]> {
    return db.sql(`SELECT 1 FROM case_events WHERE case_id = $1 AND kind = 'case.action_overdue'`, [caseId]);
  }

  it('raises nothing before the due time', async () => {
    await drain();
    const { actionId } = await action(2);
    at(1);

    expect(await sut.runOnce()).toBe(0);
    expect(await overdueAlerts(actionId)).toEqual([]);
  });

  it('alerts the assignee and the lead organisation once, with one timeline event, when the due time has passed', async () => {
    await drain();
    const { caseId, actionId, lead, assignee } = await action(2);
    at(3);

    const reported = await sut.runOnce();

    expect(reported).toBe(1);
    expect((await overdueAlerts(actionId)).map((alert) => alert.organisation_id)).toEqual(
      [assignee.id, lead.id].sort(),
    );
    expect(await overdueEvents(caseId)).toHaveLength(1);
    const [alert] = await db.sql(
      `SELECT signal_id, election, details FROM alerts WHERE kind = 'overdue' AND organisation_id = $1`,
      [assignee.id],
    );
    expect(alert).toEqual({
      signal_id: null,
      election: 'GR2018',
      details: expect.objectContaining({ caseId, actionId, overdueSeconds: expect.any(Number) }),
    });
  });

  it('alerts once when the assignee leads the case itself', async () => {
    await drain();
    const { actionId, lead } = await action(1, { assigneeIsLead: true });
    at(2);

    await sut.runOnce();

    expect(await overdueAlerts(actionId)).toEqual([{ organisation_id: lead.id }]);
  });

  it('raises the alerts exactly once when two workers run at the same moment, and a second round does nothing', async () => {
    await drain();
    const actions = await Promise.all([action(1), action(1), action(1)]);
    at(2);

    const counts = await Promise.all([sut.runOnce(), sut.runOnce()]);
    const again = await sut.runOnce();

    expect(counts[0] + counts[1]).toBe(3);
    expect(again).toBe(0);
    for (const { caseId, actionId } of actions) {
      expect(await overdueAlerts(actionId)).toHaveLength(2);
      expect(await overdueEvents(caseId)).toHaveLength(1);
    }
  });

  it('never reports a finished action', async () => {
    await drain();
    const { actionId } = await action(1);
    const [row] = await db.sql<{ code: string }>(
      `SELECT o.code FROM case_actions a JOIN organisations o ON o.id = a.assignee_organisation_id WHERE a.id = $1`,
      [actionId],
    );
    const assigneeAnalyst = await viaServices.member(
      db,
      await insert.member(db, { organisation: row!.code, roles: ['analyst'] }),
    );
    await db
      .get(ActionsService)
      .changeStatus(assigneeAnalyst, actionId, { status: 'cancelled', outcome: 'Moot.' });
    at(2);

    expect(await sut.runOnce()).toBe(0);
    expect(await overdueAlerts(actionId)).toEqual([]);
  });

  it('leaves an action whose round failed for the next round, then reports it once', async () => {
    await drain();
    const { caseId, actionId } = await action(1);
    at(2);
    jest.spyOn(db.get(AlertWriter), 'create').mockRejectedValueOnce(new Error('database went away'));

    await expect(sut.runOnce()).rejects.toThrow('database went away');
    const afterFailure = [await overdueAlerts(actionId), await overdueEvents(caseId)];
    const reported = await sut.runOnce();

    expect(afterFailure).toEqual([[], []]);
    expect(reported).toBe(1);
    expect(await overdueAlerts(actionId)).toHaveLength(2);
    expect(await overdueEvents(caseId)).toHaveLength(1);
  });

  it('survives a restart: another instance on the same database raises only what is still due', async () => {
    await drain();
    const reportedBefore = await action(1);
    at(2);
    await sut.runOnce();
    const dueWhileDown = await action(3);
    const config = new AppConfig(
      loadEnv({
        LOG_LEVEL: 'silent',
        MIGRATIONS_RUN: 'false',
        WORKERS_ENABLED: 'false',
        SECRET_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      }),
      db.url,
    );
    const restarted: NestFastifyApplication = await createApp(config, { swaggerUi: false });
    await restarted.init();
    try {
      jest.spyOn(restarted.get(Clock), 'now').mockReturnValue(new Date(Date.now() + 4 * HOUR));

      const reported = await restarted.get(ActionOverdueWorker).runOnce();

      expect(reported).toBe(1);
      expect(await overdueAlerts(reportedBefore.actionId)).toHaveLength(2);
      expect(await overdueAlerts(dueWhileDown.actionId)).toHaveLength(2);
    } finally {
      await restarted.close();
    }
  });

  it('runs by itself when workers are enabled, and stops cleanly with the application', async () => {
    const running = await TestDb.create({ WORKERS_ENABLED: 'true', WORKER_POLL_INTERVAL_MS: '50' });
    try {
      const member = await viaServices.member(
        running,
        await insert.member(running, { organisation: 'NCTV', roles: ['coordinator'] }),
      );
      const created = await running.get(CasesService).create(member, buildCase.create());
      const { id } = await running.get(ActionsService).create(member, created.id, buildCase.action());
      // Due a minute ago: the service refuses such a due time, so the row is set directly.
      await running.sql(`UPDATE case_actions SET due_at = now() - interval '1 minute' WHERE id = $1`, [id]);

      let alerts: unknown[] = [];
      for (let attempt = 0; attempt < 100 && alerts.length === 0; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        alerts = await running.sql(
          `SELECT 1 FROM alerts WHERE kind = 'overdue' AND details->>'actionId' = $1`,
          [id],
        );
      }

      expect(alerts).toHaveLength(2);
    } finally {
      await running.destroy();
    }
  });
});
