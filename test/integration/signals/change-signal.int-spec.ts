import { jest } from '@jest/globals';
import type { Member } from '../../../src/common/auth/member.js';
import { Clock } from '../../../src/common/clock.js';
import type { AppError } from '../../../src/common/errors/app-error.js';
import type { SubmitSignalDto } from '../../../src/modules/signals/dto/submit-signal.dto.js';
import { SignalsService } from '../../../src/modules/signals/signals.service.js';
import { build, insert } from '../../factories/index.js';
import { TestDb } from '../../setup/test-db.js';
import { type AlertRow, alertsFor, freshCategory, memberOf, subscribe } from './routing-fixtures.js';

describe(SignalsService.name, () => {
  let db: TestDb;
  let sut: SignalsService;
  beforeAll(async () => {
    db = await TestDb.create();
    sut = db.get(SignalsService);
  });
  afterAll(() => db.destroy());

  /** A liaison of a fresh organisation, a category of this test's own, and a way to post in it. */
  async function reporter() {
    const liaison = await memberOf(db, ['liaison']);
    const category = await freshCategory(db);
    const post = (overrides: Partial<SubmitSignalDto> = {}) =>
      sut.submit(liaison, build.submitSignal({ category, ...overrides }));
    return { liaison, category, post };
  }

  function code(promise: Promise<unknown>): Promise<string> {
    return promise.then(
      () => 'ok',
      (error: AppError) => error.code,
    );
  }

  const byKind = (alerts: AlertRow[], organisationId: string) =>
    alerts.filter((alert) => alert.organisation_id === organisationId).map((alert) => alert.kind);

  describe('amend', () => {
    it('keeps the superseded version and makes the amended one current', async () => {
      const { liaison, post } = await reporter();
      const signal = await post({ severity: 'moderate' });

      const amended = await sut.amend(liaison, signal.id, {
        severity: 'high',
        description: 'More accounts now.',
      });

      const [version] = await db.sql(
        `SELECT version, content->>'severity' AS severity, content->>'description' AS description,
                superseded_by_change, superseded_by_member_id, reason
           FROM signal_versions WHERE signal_id = $1`,
        [signal.id],
      );
      expect(version).toEqual({
        version: 1,
        severity: 'moderate',
        description: signal.description,
        superseded_by_change: 'amended',
        superseded_by_member_id: liaison.id,
        reason: null,
      });
      expect(amended).toMatchObject({ version: 2, severity: 'high', description: 'More accounts now.' });
      expect(await sut.get(liaison, signal.id)).toMatchObject({ version: 2, severity: 'high' });
    });

    it('sends each organisation that received the signal an update alert, linked to its first alert', async () => {
      const { liaison, category, post } = await reporter();
      const [addressee, subscriber] = [await insert.organisation(db), await insert.organisation(db)];
      await subscribe(db, subscriber.code, category);
      const signal = await post({ addressees: [addressee.code] });

      await sut.amend(liaison, signal.id, { description: 'Corrected.' });

      const alerts = await alertsFor(db, signal.id);
      for (const organisation of [addressee, subscriber]) {
        const [first, update] = alerts.filter((alert) => alert.organisation_id === organisation.id);
        expect(update).toMatchObject({
          kind: 'update',
          signal_version: 2,
          parent_alert_id: first?.id,
          reasons: first?.reasons,
          details: { change: 'amended', version: 2, changedFields: ['description'] },
          escalate_at: null,
        });
      }
      expect(alerts).toHaveLength(4);
    });

    it('sends a first alert to an organisation the new version newly routes to, and only an update to the others', async () => {
      const { liaison, category, post } = await reporter();
      const [addressee, critical] = [await insert.organisation(db), await insert.organisation(db)];
      const subscriptionId = await subscribe(db, critical.code, category, {
        name: 'critical',
        min_severity: 'critical',
      });
      const signal = await post({ severity: 'moderate', addressees: [addressee.code] });

      await sut.amend(liaison, signal.id, { severity: 'critical' });

      const alerts = await alertsFor(db, signal.id);
      expect([byKind(alerts, addressee.id), byKind(alerts, critical.id)]).toEqual([
        ['signal', 'update'],
        ['signal'],
      ]);
      expect(alerts.find((alert) => alert.organisation_id === critical.id)).toMatchObject({
        signal_version: 2,
        severity: 'critical',
        reasons: [{ type: 'subscription', subscriptionId, name: 'critical' }],
        parent_alert_id: null,
      });
    });

    it('sends a first alert to a new addressee, which may then read an AMBER signal', async () => {
      const { liaison, post } = await reporter();
      const newcomer = await memberOf(db, ['analyst']);
      const signal = await post({ tlp: 'AMBER', addressees: ['NCTV'] });
      const before = await code(sut.get(newcomer, signal.id));

      await sut.amend(liaison, signal.id, { addressees: ['NCTV', newcomer.organisationCode] });

      const alerts = await alertsFor(db, signal.id);
      expect(alerts.find((alert) => alert.organisation_id === newcomer.organisationId)).toMatchObject({
        kind: 'signal',
        reasons: [{ type: 'addressed' }],
      });
      expect([before, await code(sut.get(newcomer, signal.id))]).toEqual(['signal.not_found', 'ok']);
    });

    it('no longer alerts an addressee removed from a RED signal, which may no longer read it', async () => {
      const { liaison, post } = await reporter();
      const [kept, removed] = [await memberOf(db, ['analyst']), await memberOf(db, ['analyst'])];
      const signal = await post({
        tlp: 'RED',
        addressees: [kept.organisationCode, removed.organisationCode],
      });

      await sut.amend(liaison, signal.id, { addressees: [kept.organisationCode] });

      const alerts = await alertsFor(db, signal.id);
      expect([byKind(alerts, kept.organisationId), byKind(alerts, removed.organisationId)]).toEqual([
        ['signal', 'update'],
        ['signal'],
      ]);
      expect(await code(sut.get(removed, signal.id))).toBe('signal.not_found');
    });

    it('keeps an AMBER signal readable to an addressee it removes, which received it', async () => {
      const { liaison, post } = await reporter();
      const removed = await memberOf(db, ['analyst']);
      const signal = await post({ tlp: 'AMBER', addressees: ['NCTV', removed.organisationCode] });

      await sut.amend(liaison, signal.id, { addressees: ['NCTV'] });

      const alerts = await alertsFor(db, signal.id);
      expect(byKind(alerts, removed.organisationId)).toEqual(['signal', 'update']);
      expect(await code(sut.get(removed, signal.id))).toBe('ok');
    });

    it('replaces the observables, normalised as on submission', async () => {
      const { liaison, post } = await reporter();
      const signal = await post();
      const kept = signal.observables[0]!;

      const amended = await sut.amend(liaison, signal.id, {
        observables: [
          { type: kept.type, value: `#${kept.value}` },
          { type: 'domain', value: 'Nieuw[.]Example' },
        ],
      });

      const stored = await db.sql<{ type: string; value: string }>(
        `SELECT type, value FROM signal_observables WHERE signal_id = $1 ORDER BY type, value`,
        [signal.id],
      );
      expect(stored).toEqual([{ type: 'domain', value: 'nieuw.example' }, kept]);
      expect(amended.observables).toEqual(stored);
    });

    it('changes nothing and alerts no one when the amendment repeats what the signal says', async () => {
      const { liaison, post } = await reporter();
      const signal = await post({ severity: 'high', addressees: ['NCTV'] });

      const again = await sut.amend(liaison, signal.id, { severity: 'high', addressees: ['NCTV', 'NCTV'] });

      const [versions] = await db.sql(`SELECT count(*)::int AS n FROM signal_versions WHERE signal_id = $1`, [
        signal.id,
      ]);
      expect([again.version, versions, (await alertsFor(db, signal.id)).length]).toEqual([1, { n: 0 }, 1]);
    });

    it('refuses an amendment that names no field', async () => {
      const { liaison, post } = await reporter();
      const signal = await post();

      expect(await code(sut.amend(liaison, signal.id, {}))).toBe('validation_failed');
    });

    it('refuses an unknown addressee, naming it, and changes nothing', async () => {
      const { liaison, post } = await reporter();
      const signal = await post({ addressees: ['NCTV'] });

      const error = await sut
        .amend(liaison, signal.id, { severity: 'high', addressees: ['NCTV', 'NOPE'] })
        .catch((caught: AppError) => caught);

      expect(error).toMatchObject({
        code: 'signal.unknown_reference',
        details: { errors: [{ field: 'addressees.1', messages: ['NOPE is not a known organisation'] }] },
      });
      expect(await sut.get(liaison, signal.id)).toMatchObject({ version: 1, severity: 'moderate' });
    });

    it('refuses to leave a RED signal without addressees', async () => {
      const { liaison, post } = await reporter();
      const signal = await post({ tlp: 'RED', addressees: ['NCTV'] });

      expect(await code(sut.amend(liaison, signal.id, { addressees: [] }))).toBe(
        'signal.red_without_addressees',
      );
    });

    it.each([
      ['a recipient, which may read it', true, 'auth.forbidden'],
      ['an organisation that may not read it', false, 'signal.not_found'],
    ])('refuses an amendment by %s', async (_who, isRecipient, expected) => {
      const { post } = await reporter();
      const other = await memberOf(db, ['liaison']);
      const signal = await post({
        tlp: 'AMBER',
        addressees: isRecipient ? [other.organisationCode] : ['NCTV'],
      });

      expect(await code(sut.amend(other, signal.id, { severity: 'low' }))).toBe(expected);
    });

    it('refuses a member who is not a liaison of the reporting organisation', async () => {
      const { liaison, post } = await reporter();
      const signal = await post();
      const analyst = await memberOf(db, ['analyst'], liaison.organisationCode);

      expect(await code(sut.amend(analyst, signal.id, { severity: 'low' }))).toBe('auth.forbidden');
    });

    it('rolls back the amendment when alerting fails', async () => {
      const { liaison, post } = await reporter();
      const doomed = await insert.organisation(db);
      const signal = await post({ addressees: [doomed.code] });
      await db.sql(`CREATE OR REPLACE FUNCTION test_fail_update() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN RAISE EXCEPTION 'forced update failure'; END $$`);
      await db.sql(`CREATE TRIGGER fail_update BEFORE INSERT ON alerts FOR EACH ROW
                    WHEN (NEW.organisation_id = '${doomed.id}' AND NEW.kind = 'update')
                    EXECUTE FUNCTION test_fail_update()`);

      await expect(sut.amend(liaison, signal.id, { severity: 'critical' })).rejects.toThrow(
        'forced update failure',
      );

      const [left] = await db.sql(
        `SELECT s.version, s.severity, (SELECT count(*)::int FROM signal_versions v WHERE v.signal_id = s.id) AS versions
           FROM signals s WHERE s.id = $1`,
        [signal.id],
      );
      expect(left).toEqual({ version: 1, severity: 'moderate', versions: 0 });
    });

    it('applies concurrent amendments one after the other, each on the version before it', async () => {
      const { liaison, post } = await reporter();
      const signal = await post();
      const descriptions = Array.from({ length: 6 }, (_, i) => `Rewritten ${i}.`);

      const amended = await Promise.all(
        descriptions.map((description) => sut.amend(liaison, signal.id, { description })),
      );

      const versions = await db.sql<{ version: number }>(
        `SELECT version FROM signal_versions WHERE signal_id = $1 ORDER BY version`,
        [signal.id],
      );
      expect(amended.map((result) => result.version).sort()).toEqual([2, 3, 4, 5, 6, 7]);
      expect(versions.map((row) => row.version)).toEqual([1, 2, 3, 4, 5, 6]);
    });

    describe('with the clock on election day', () => {
      const now = new Date('2018-03-21T13:00:00+01:00');
      beforeEach(() => {
        jest.spyOn(db.get(Clock), 'now').mockReturnValue(now);
      });
      afterEach(() => {
        jest.restoreAllMocks();
      });

      it.each([
        ['raised', 'moderate', 'critical', new Date(now.getTime() + 15 * 60_000)],
        ['lowered', 'critical', 'high', null],
      ] as const)(
        'gives an update a deadline only when the severity is %s',
        async (_how, from, to, deadline) => {
          const { liaison, post } = await reporter();
          const signal = await post({
            severity: from,
            phase: undefined,
            addressees: ['NCTV'],
            observedAt: '2018-03-21T12:00:00+01:00',
          });

          await sut.amend(liaison, signal.id, { severity: to });

          const update = (await alertsFor(db, signal.id)).find((alert) => alert.kind === 'update');
          expect(update?.escalate_at).toEqual(deadline);
        },
      );
    });
  });

  describe('withdraw', () => {
    it('marks the signal withdrawn, keeps it readable, and alerts every recipient with the reason', async () => {
      const { liaison, post } = await reporter();
      const addressee = await memberOf(db, ['analyst']);
      const signal = await post({ tlp: 'AMBER', addressees: [addressee.organisationCode] });

      const withdrawn = await sut.withdraw(liaison, signal.id, { reason: 'A satirical site.' });

      expect(withdrawn).toMatchObject({ version: 2, withdrawalReason: 'A satirical site.' });
      expect(withdrawn.withdrawnAt).toEqual(withdrawn.updatedAt);
      expect(await sut.get(addressee, signal.id)).toMatchObject({ withdrawalReason: 'A satirical site.' });
      const update = (await alertsFor(db, signal.id)).find((alert) => alert.kind === 'update');
      expect(update?.details).toEqual({ change: 'withdrawn', version: 2, reason: 'A satirical site.' });
    });

    it('refuses to withdraw or amend a withdrawn signal', async () => {
      const { liaison, post } = await reporter();
      const signal = await post();
      await sut.withdraw(liaison, signal.id, { reason: 'Posted twice.' });

      const outcomes = [
        await code(sut.withdraw(liaison, signal.id, { reason: 'Again.' })),
        await code(sut.amend(liaison, signal.id, { severity: 'high' })),
      ];

      expect(outcomes).toEqual(['signal.already_withdrawn', 'signal.already_withdrawn']);
    });
  });

  describe('versions', () => {
    it('lists every version with its content and the change that made it', async () => {
      const { liaison, post } = await reporter();
      const signal = await post({ severity: 'moderate' });
      await sut.amend(liaison, signal.id, { severity: 'high' });
      await sut.withdraw(liaison, signal.id, { reason: 'Posted twice.' });

      const page = await sut.versions(liaison, signal.id);

      expect(page.nextCursor).toBeNull();
      expect(
        page.items.map(({ version, isCurrent, change, changedFields, reason, changedBy, content }) => ({
          version,
          isCurrent,
          change,
          changedFields,
          reason,
          changedBy: changedBy?.id,
          severity: content.severity,
        })),
      ).toEqual([
        {
          version: 1,
          isCurrent: false,
          change: 'submitted',
          changedFields: [],
          reason: null,
          changedBy: liaison.id,
          severity: 'moderate',
        },
        {
          version: 2,
          isCurrent: false,
          change: 'amended',
          changedFields: ['severity'],
          reason: null,
          changedBy: liaison.id,
          severity: 'high',
        },
        {
          version: 3,
          isCurrent: true,
          change: 'withdrawn',
          changedFields: [],
          reason: 'Posted twice.',
          changedBy: liaison.id,
          severity: 'high',
        },
      ]);
    });

    it('shows who changed a signal only to the reporting organisation', async () => {
      const { liaison, post } = await reporter();
      const addressee: Member = await memberOf(db, ['analyst']);
      const signal = await post({ addressees: [addressee.organisationCode] });
      await sut.amend(liaison, signal.id, { severity: 'high' });

      const page = await sut.versions(addressee, signal.id);

      expect(page.items.map((item) => item.changedBy)).toEqual([null, null]);
    });
  });
});
