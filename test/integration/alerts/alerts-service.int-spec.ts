import { AuthService } from '../../../src/common/auth/auth.service.js';
import type { Member } from '../../../src/common/auth/member.js';
import type { Role } from '../../../src/common/auth/permissions.js';
import { MetricsService } from '../../../src/common/metrics/metrics.service.js';
import { AlertViews } from '../../../src/modules/alerts/alert-views.js';
import { AlertWriter, type NewAlert } from '../../../src/modules/alerts/alert-writer.js';
import { AlertsService } from '../../../src/modules/alerts/alerts.service.js';
import type { SignalResponse } from '../../../src/modules/signals/dto/signal.response.js';
import type { SubmitSignalDto } from '../../../src/modules/signals/dto/submit-signal.dto.js';
import { SignalsService } from '../../../src/modules/signals/signals.service.js';
import { build, insert } from '../../factories/index.js';
import { TestDb } from '../../setup/test-db.js';

interface Organisation {
  id: string;
  code: string;
}

describe(AlertsService.name, () => {
  let db: TestDb;
  let sut: AlertsService;
  let views: AlertViews;

  beforeAll(async () => {
    db = await TestDb.create();
    sut = db.get(AlertsService);
    views = db.get(AlertViews);
  });
  afterAll(() => db.destroy());

  async function memberOf(organisation: Organisation, roles: Role[] = ['analyst']): Promise<Member> {
    const { token } = await insert.member(db, { organisation: organisation.code, roles });
    const member = await db.get(AuthService).authenticate(token);
    if (!member) {
      throw new Error('member not authenticated');
    }
    return member;
  }

  async function submitted(overrides: Partial<SubmitSignalDto> = {}): Promise<SignalResponse> {
    const reporter = await memberOf(await insert.organisation(db), ['liaison']);
    const signal = await db.get(SignalsService).submit(reporter, build.submitSignal(overrides));
    await db.sequenceAlerts();
    return signal;
  }

  async function write(alert: Partial<NewAlert> & { organisationId: string }): Promise<string> {
    const [created] = await db.dataSource.transaction((tx) =>
      db.get(AlertWriter).create(tx, [
        {
          kind: 'signal',
          signalId: null,
          signalVersion: null,
          severity: 'high',
          election: 'GR2018',
          reasons: [{ type: 'addressed' }],
          details: null,
          parentAlertId: null,
          escalateAt: null,
          ...alert,
        },
      ]),
    );
    await db.sequenceAlerts();
    if (!created) {
      throw new Error('alert not written');
    }
    return created.id;
  }

  /** The organisation's first alert for the signal: the one routing created, or a new one. */
  async function firstAlert(signal: SignalResponse, organisation: Organisation): Promise<string> {
    const [routed] = await db.sql<{ id: string }>(
      `SELECT id FROM alerts WHERE signal_id = $1 AND organisation_id = $2 AND kind = 'signal'`,
      [signal.id, organisation.id],
    );
    return (
      routed?.id ??
      write({
        organisationId: organisation.id,
        signalId: signal.id,
        signalVersion: 1,
        severity: signal.severity,
      })
    );
  }

  async function firstAlertsOf(signalId: string, organisationId: string) {
    return db.sql<{ id: string; reasons: unknown; parent_alert_id: string | null; escalate_at: Date | null }>(
      `SELECT id, reasons, parent_alert_id, escalate_at FROM alerts
        WHERE signal_id = $1 AND organisation_id = $2 AND kind = 'signal'`,
      [signalId, organisationId],
    );
  }

  describe(AlertViews.name, () => {
    it('shows the signal to a recipient that may see it and only the details to one that may not', async () => {
      const [addressee, coordinator] = [await insert.organisation(db), await insert.organisation(db)];
      const signal = await submitted({ tlp: 'AMBER', addressees: [addressee.code] });
      const alertId = await firstAlert(signal, addressee);
      const details = { unansweredOrganisation: addressee.code, unansweredAlertId: alertId, minutes: 30 };
      const escalationId = await write({
        organisationId: coordinator.id,
        kind: 'escalation',
        signalId: signal.id,
        reasons: [],
        details,
        parentAlertId: alertId,
      });

      const rendered = await views.render([alertId, escalationId]);

      expect(rendered.get(alertId)?.signal).toMatchObject({ id: signal.id, title: signal.title });
      expect(rendered.get(escalationId)).toMatchObject({ kind: 'escalation', details, signal: null });
    });

    it('renders each alert for its own recipient: only the reporter sees who submitted the signal', async () => {
      const reporter = await insert.organisation(db);
      const liaison = await memberOf(reporter, ['liaison']);
      const other = await insert.organisation(db);
      const signal = await db.get(SignalsService).submit(liaison, build.submitSignal({ tlp: 'GREEN' }));
      const toReporter = await write({
        organisationId: reporter.id,
        kind: 'escalation',
        signalId: signal.id,
      });
      const toOther = await write({ organisationId: other.id, signalId: signal.id });

      const rendered = await views.render([toReporter, toOther]);

      expect(rendered.get(toReporter)?.signal?.submittedBy).toEqual({ id: liaison.id, name: liaison.name });
      expect(rendered.get(toOther)?.signal).toMatchObject({ id: signal.id, submittedBy: null });
    });

    it('leaves out ids that name no alert', async () => {
      const organisation = await insert.organisation(db);
      const id = await write({ organisationId: organisation.id });

      const rendered = await views.render([id, '00000000-0000-4000-8000-000000000000']);

      expect([...rendered.keys()]).toEqual([id]);
    });
  });

  describe('list', () => {
    it("lists only the caller's organisation's alerts, newest first", async () => {
      const [mine, theirs] = [await insert.organisation(db), await insert.organisation(db)];
      const ids = [await write({ organisationId: mine.id }), await write({ organisationId: mine.id })];
      await write({ organisationId: theirs.id });

      const page = await sut.list(await memberOf(mine), { limit: 50 });

      expect(page.items.map((alert) => alert.id)).toEqual([...ids].reverse());
      expect(page.items.map((alert) => alert.seq)).toEqual([2, 1]);
    });

    it('filters by state, minimum severity, election and kind', async () => {
      const organisation = await insert.organisation(db);
      const member = await memberOf(organisation);
      const low = await write({ organisationId: organisation.id, severity: 'low' });
      const critical = await write({ organisationId: organisation.id, severity: 'critical' });
      const referendum = await write({
        organisationId: organisation.id,
        severity: 'high',
        election: 'REF2018',
      });
      const update = await write({ organisationId: organisation.id, kind: 'update', severity: 'moderate' });
      await sut.acknowledge(member, critical, { response: 'acknowledged' });
      const ids = async (query: object) =>
        (await sut.list(member, { limit: 50, ...query })).items.map((alert) => alert.id);

      expect(await ids({ state: 'open' })).toEqual([update, referendum, low]);
      expect(await ids({ severity: 'high' })).toEqual([referendum, critical]);
      expect(await ids({ election: 'REF2018' })).toEqual([referendum]);
      expect(await ids({ kind: 'update' })).toEqual([update]);
      expect(await ids({ state: 'acknowledged', severity: 'critical', kind: 'signal' })).toEqual([critical]);
    });

    it('pages through the alerts with the cursor, without overlap or gap', async () => {
      const organisation = await insert.organisation(db);
      const member = await memberOf(organisation);
      const ids: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        ids.push(await write({ organisationId: organisation.id }));
      }

      const first = await sut.list(member, { limit: 2 });
      const second = await sut.list(member, { limit: 2, cursor: first.nextCursor ?? '' });
      const third = await sut.list(member, { limit: 2, cursor: second.nextCursor ?? '' });

      expect([...first.items, ...second.items, ...third.items].map((alert) => alert.id)).toEqual(
        ids.reverse(),
      );
      expect(third.nextCursor).toBeNull();
    });
  });

  describe('get', () => {
    it("answers alert.not_found for another organisation's alert", async () => {
      const [mine, theirs] = [await insert.organisation(db), await insert.organisation(db)];
      const id = await write({ organisationId: theirs.id });

      await expect(sut.get(await memberOf(mine), id)).rejects.toMatchObject({ code: 'alert.not_found' });
    });
  });

  describe('acknowledge', () => {
    it('records the response, who gave it and when', async () => {
      const organisation = await insert.organisation(db);
      const member = await memberOf(organisation);
      const id = await write({ organisationId: organisation.id });
      const before = Date.now();

      const alert = await sut.acknowledge(member, id, {
        response: 'declined',
        reason: 'Not about our elections.',
      });

      expect(alert).toMatchObject({
        state: 'declined',
        response: {
          state: 'declined',
          respondedBy: member.name,
          reason: 'Not about our elections.',
          forwardedTo: null,
        },
      });
      expect(Date.parse(alert.response?.respondedAt ?? '')).toBeGreaterThanOrEqual(before - 1000);
      const [row] = await db.sql(`SELECT responded_by_member_id FROM alerts WHERE id = $1`, [id]);
      expect(row).toEqual({ responded_by_member_id: member.id });
    });

    it('accepts one response only, also when two race for it', async () => {
      const organisation = await insert.organisation(db);
      const [first, second] = [await memberOf(organisation), await memberOf(organisation)];
      const id = await write({ organisationId: organisation.id });
      // Hold the row so that both responses are under way at once, then let them go.
      const holder = db.dataSource.createQueryRunner();
      await holder.connect();
      await holder.startTransaction();
      await holder.query(`SELECT 1 FROM alerts WHERE id = $1 FOR UPDATE`, [id]);

      const racing = Promise.allSettled([
        sut.acknowledge(first, id, { response: 'acknowledged' }),
        sut.acknowledge(second, id, { response: 'declined', reason: 'Not ours.' }),
      ]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await holder.commitTransaction();
      await holder.release();
      const outcomes = await racing;

      expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(outcomes.find((outcome) => outcome.status === 'rejected')).toMatchObject({
        reason: { code: 'alert.already_responded' },
      });
    });

    it('counts the response by kind and observes the time to respond by severity', async () => {
      const organisation = await insert.organisation(db);
      const id = await write({ organisationId: organisation.id, severity: 'critical' });
      const metrics = db.get(MetricsService);
      const responded = async () =>
        (await metrics.alertsResponded.get()).values.find((v) => v.labels.response === 'not-competent')
          ?.value ?? 0;
      const observed = async () =>
        (await metrics.timeToRespond.get()).values.find(
          (v) =>
            v.metricName === 'kiessignaal_alert_time_to_respond_seconds_count' &&
            v.labels.severity === 'critical',
        )?.value ?? 0;
      const [respondedBefore, observedBefore] = [await responded(), await observed()];

      await sut.acknowledge(await memberOf(organisation), id, { response: 'not-competent' });

      expect([(await responded()) - respondedBefore, (await observed()) - observedBefore]).toEqual([1, 1]);
    });

    it.each(['update', 'escalation'] as const)('acknowledges an %s alert as seen', async (kind) => {
      const organisation = await insert.organisation(db);
      const id = await write({ organisationId: organisation.id, kind, details: { note: 'seen?' } });

      const alert = await sut.acknowledge(await memberOf(organisation), id, { response: 'acknowledged' });

      expect(alert).toMatchObject({ kind, state: 'acknowledged' });
    });

    it('refuses members who are not analysts', async () => {
      const organisation = await insert.organisation(db);
      const id = await write({ organisationId: organisation.id });

      await expect(
        sut.acknowledge(await memberOf(organisation, ['liaison']), id, { response: 'acknowledged' }),
      ).rejects.toMatchObject({ code: 'auth.forbidden' });
    });

    it('forwards: the target gets a first alert of its own, linked to this one, and may see the signal', async () => {
      const [addressee, target] = [await insert.organisation(db), await insert.organisation(db)];
      const signal = await submitted({ tlp: 'AMBER', severity: 'high', addressees: [addressee.code] });
      const alertId = await firstAlert(signal, addressee);

      const alert = await sut.acknowledge(await memberOf(addressee), alertId, {
        response: 'not-competent',
        forwardTo: target.code,
        reason: 'Municipal matter.',
      });

      expect(alert.response).toMatchObject({ state: 'not-competent', forwardedTo: target.code });
      const [forwarded] = await firstAlertsOf(signal.id, target.id);
      expect(forwarded).toMatchObject({
        reasons: [{ type: 'forwarded', fromOrganisation: addressee.code, fromAlertId: alertId }],
        parent_alert_id: alertId,
        escalate_at: expect.any(Date), // a high alert escalates when it goes unanswered, forwarded or not
      });
      const seen = await sut.get(await memberOf(target), forwarded?.id ?? '');
      expect(seen.signal).toMatchObject({ id: signal.id });
    });

    it('records the forward without a duplicate when the target already holds a first alert', async () => {
      const [first, second] = [await insert.organisation(db), await insert.organisation(db)];
      const signal = await submitted({ tlp: 'GREEN' });
      const alertId = await firstAlert(signal, first);
      await firstAlert(signal, second);

      const alert = await sut.acknowledge(await memberOf(first), alertId, {
        response: 'not-competent',
        forwardTo: second.code,
      });

      expect(alert.response?.forwardedTo).toBe(second.code);
      expect(await firstAlertsOf(signal.id, second.id)).toHaveLength(1);
    });

    it('forwards a RED signal to an organisation that may see it already', async () => {
      const [first, second] = [await insert.organisation(db), await insert.organisation(db)];
      const signal = await submitted({ tlp: 'RED', addressees: [first.code, second.code] });
      const alertId = await firstAlert(signal, first);

      const alert = await sut.acknowledge(await memberOf(first), alertId, {
        response: 'not-competent',
        forwardTo: second.code,
      });

      expect(alert.response?.forwardedTo).toBe(second.code);
      expect(await firstAlertsOf(signal.id, second.id)).toHaveLength(1);
    });

    it.each(['AMBER+STRICT', 'RED'] as const)(
      'refuses to forward a TLP:%s signal to an organisation that may not see it, and leaves the alert open',
      async (tlp) => {
        const [addressee, outsider] = [await insert.organisation(db), await insert.organisation(db)];
        const signal = await submitted({ tlp, addressees: [addressee.code] });
        const alertId = await firstAlert(signal, addressee);
        const member = await memberOf(addressee);

        await expect(
          sut.acknowledge(member, alertId, { response: 'not-competent', forwardTo: outsider.code }),
        ).rejects.toMatchObject({ code: 'alert.forward_not_allowed' });
        expect(await firstAlertsOf(signal.id, outsider.id)).toEqual([]);
        expect(await sut.get(member, alertId)).toMatchObject({ state: 'open', response: null });
      },
    );

    it('refuses to forward an escalation about a signal the coordinator may not see', async () => {
      const [addressee, coordinator, target] = [
        await insert.organisation(db),
        await insert.organisation(db),
        await insert.organisation(db),
      ];
      const signal = await submitted({ tlp: 'AMBER', addressees: [addressee.code] });
      const escalationId = await write({
        organisationId: coordinator.id,
        kind: 'escalation',
        signalId: signal.id,
      });

      await expect(
        sut.acknowledge(await memberOf(coordinator), escalationId, {
          response: 'not-competent',
          forwardTo: target.code,
        }),
      ).rejects.toMatchObject({ code: 'alert.forward_not_allowed' });
      expect(await firstAlertsOf(signal.id, target.id)).toEqual([]);
    });

    it('records a forward to the reporting organisation without giving it an alert of its own', async () => {
      const [reporter, addressee] = [await insert.organisation(db), await insert.organisation(db)];
      const liaison = await memberOf(reporter, ['liaison']);
      const signal = await db
        .get(SignalsService)
        .submit(liaison, build.submitSignal({ tlp: 'AMBER', addressees: [addressee.code] }));
      const alertId = await firstAlert(signal, addressee);

      const alert = await sut.acknowledge(await memberOf(addressee), alertId, {
        response: 'not-competent',
        forwardTo: reporter.code,
      });

      expect(alert.response?.forwardedTo).toBe(reporter.code);
      expect(await firstAlertsOf(signal.id, reporter.id)).toEqual([]);
    });

    it('refuses to forward to the own organisation', async () => {
      const addressee = await insert.organisation(db);
      const signal = await submitted({ tlp: 'GREEN' });
      const alertId = await firstAlert(signal, addressee);

      await expect(
        sut.acknowledge(await memberOf(addressee), alertId, {
          response: 'not-competent',
          forwardTo: addressee.code,
        }),
      ).rejects.toMatchObject({ code: 'alert.forward_not_allowed' });
    });

    it('refuses to forward to an unknown organisation', async () => {
      const addressee = await insert.organisation(db);
      const signal = await submitted({ tlp: 'GREEN' });
      const alertId = await firstAlert(signal, addressee);

      await expect(
        sut.acknowledge(await memberOf(addressee), alertId, {
          response: 'not-competent',
          forwardTo: 'NOPE-1',
        }),
      ).rejects.toMatchObject({ code: 'alert.unknown_organisation' });
    });
  });
});
