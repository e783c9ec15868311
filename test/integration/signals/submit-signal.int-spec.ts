import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { AuthService } from '../../../src/common/auth/auth.service.js';
import type { Member } from '../../../src/common/auth/member.js';
import { Clock } from '../../../src/common/clock.js';
import { AppError } from '../../../src/common/errors/app-error.js';
import type { SubmitSignalDto } from '../../../src/modules/signals/dto/submit-signal.dto.js';
import { ALERTS_WRITTEN_CHANNEL, AlertWriter } from '../../../src/modules/alerts/alert-writer.js';
import { SignalsService } from '../../../src/modules/signals/signals.service.js';
import { build, insert } from '../../factories/index.js';
import { TestDb } from '../../setup/test-db.js';
import { listen, settle } from '../alerts/fixtures.js';
import { type AlertRow, alertsFor, freshCategory, subscribe } from './routing-fixtures.js';

describe(SignalsService.name, () => {
  let db: TestDb;
  let sut: SignalsService;
  beforeAll(async () => {
    db = await TestDb.create();
    sut = db.get(SignalsService);
  });
  afterAll(() => db.destroy());

  /** A member of a fresh organisation, as the auth guard would hand it to the service. */
  async function member(roles: ('liaison' | 'analyst')[] = ['liaison']): Promise<Member> {
    const organisation = await insert.organisation(db);
    const created = await insert.member(db, { organisation: organisation.code, roles });
    const authenticated = await db.get(AuthService).authenticate(created.token);
    if (!authenticated) {
      throw new Error('the test member could not authenticate');
    }
    return authenticated;
  }

  function countSignals(organisationId: string): Promise<number> {
    return db
      .sql<{ count: number }>(`SELECT count(*)::int AS count FROM signals WHERE organisation_id = $1`, [
        organisationId,
      ])
      .then(([row]) => row?.count ?? 0);
  }

  /** Makes every insert of a signal with this title wait before its transaction can commit. */
  async function slowCommitFor(title: string): Promise<void> {
    await db.sql(`CREATE OR REPLACE FUNCTION test_slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
                  BEGIN PERFORM pg_sleep(0.3); RETURN NULL; END $$`);
    await db.sql(`CREATE TRIGGER "slow_${randomUUID()}" AFTER INSERT ON signals FOR EACH ROW
                  WHEN (NEW.title = '${title.replace(/'/g, "''")}') EXECUTE FUNCTION test_slow_commit()`);
  }

  describe('submit', () => {
    it("queues the first alerts without NOTIFY, and wakes this instance's sequencer once committed", async () => {
      const liaison = await member();
      const addressee = await insert.organisation(db);
      const notifications = await listen(db, ALERTS_WRITTEN_CHANNEL);
      const queuedAtWakeUp: Promise<unknown[]>[] = [];
      const wakeUps = db
        .get(AlertWriter)
        .committedWithoutNotify$.subscribe(() =>
          queuedAtWakeUp.push(db.sql(`SELECT alert_ids FROM alerts_to_sequence`)),
        );

      const signal = await sut.submit(liaison, build.submitSignal({ addressees: [addressee.code] }));
      await settle();
      wakeUps.unsubscribe();
      await notifications.close();

      const [alert] = await db.sql<{ id: string }>(`SELECT id FROM alerts WHERE signal_id = $1`, [signal.id]);
      expect(notifications.received).toEqual([]);
      // Woken once, and by then the queued alerts were committed (visible to another connection).
      expect(queuedAtWakeUp).toHaveLength(1);
      const queued = (await queuedAtWakeUp[0]) as { alert_ids: string[] }[];
      expect(queued.flatMap((row) => row.alert_ids)).toContain(alert?.id);
    });

    it('stores the signal with its normalised observables and its addressees', async () => {
      const liaison = await member();
      const addressee = await insert.organisation(db);

      const signal = await sut.submit(
        liaison,
        build.submitSignal({
          addressees: [addressee.code, 'NCTV'],
          observables: [
            { type: 'domain', value: 'Evil[.]Example.' },
            { type: 'domain', value: 'evil.example' },
            { type: 'ip', value: '2001:DB8:0:0:0:0:0:1' },
          ],
        }),
      );

      const stored = await db.sql(
        `SELECT (SELECT array_agg(type || ' ' || value ORDER BY value) FROM signal_observables WHERE signal_id = $1)
                  AS observables,
                (SELECT array_agg(o.code ORDER BY o.code) FROM signal_addressees a
                   JOIN organisations o ON o.id = a.organisation_id WHERE a.signal_id = $1) AS addressees`,
        [signal.id],
      );
      expect(stored).toEqual([
        {
          observables: ['ip 2001:db8::1', 'domain evil.example'],
          addressees: [addressee.code, 'NCTV'].sort(),
        },
      ]);
    });

    it('rolls back the signal and its observables when storing an addressee fails', async () => {
      const liaison = await member();
      const doomed = await insert.organisation(db);
      await db.sql(`CREATE OR REPLACE FUNCTION test_fail_addressee() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN RAISE EXCEPTION 'forced failure'; END $$`);
      await db.sql(`CREATE TRIGGER fail_addressee BEFORE INSERT ON signal_addressees FOR EACH ROW
                    WHEN (NEW.organisation_id = '${doomed.id}') EXECUTE FUNCTION test_fail_addressee()`);
      const body = build.submitSignal({ addressees: ['NCTV', doomed.code] });

      await expect(sut.submit(liaison, body)).rejects.toThrow('forced failure');

      const [left] = await db.sql(
        `SELECT (SELECT count(*)::int FROM signals WHERE organisation_id = $1) AS signals,
                (SELECT count(*)::int FROM signal_observables WHERE value = $2) AS observables`,
        [liaison.organisationId, body.observables[1]!.value],
      );
      expect(left).toEqual({ signals: 0, observables: 0 });
    });

    it('stores nothing when a reference is unknown', async () => {
      const liaison = await member();

      await expect(
        sut.submit(liaison, build.submitSignal({ addressees: ['NCTV', 'NOPE'] })),
      ).rejects.toMatchObject({
        code: 'signal.unknown_reference',
      });

      expect(await countSignals(liaison.organisationId)).toBe(0);
    });

    it('refuses a member whose roles do not allow submitting', async () => {
      const analyst = await member(['analyst']);

      await expect(sut.submit(analyst, build.submitSignal())).rejects.toMatchObject({
        code: 'auth.forbidden',
      });
    });

    describe('with the clock at noon on election day and a 300 s skew', () => {
      const now = new Date('2018-03-21T12:00:00Z');
      let realNow: Clock['now'];
      beforeEach(() => {
        const clock = db.get(Clock);
        realNow = clock.now;
        clock.now = () => now;
      });
      afterEach(() => {
        db.get(Clock).now = realNow;
      });

      it('accepts an observation 299 s ahead', async () => {
        const observedAt = new Date(now.getTime() + 299_000).toISOString();

        const signal = await sut.submit(await member(), build.submitSignal({ observedAt }));

        expect(signal.observedAt).toBe(observedAt);
      });

      it('refuses an observation 301 s ahead', async () => {
        const observedAt = new Date(now.getTime() + 301_000).toISOString();

        await expect(sut.submit(await member(), build.submitSignal({ observedAt }))).rejects.toMatchObject({
          code: 'signal.observed_in_future',
        });
      });
    });
  });

  describe('submit with an Idempotency-Key', () => {
    it('answers the stored signal again for the same key and body', async () => {
      const liaison = await member();
      const body = build.submitSignal();
      const first = await sut.submit(liaison, body, 'key-1');

      const again = await sut.submit(liaison, { ...body }, 'key-1');

      expect(again).toEqual(first);
    });

    it('treats the same body with keys in another order as the same request', async () => {
      const liaison = await member();
      const body = build.submitSignal();
      const first = await sut.submit(liaison, body, 'key-2');
      const reordered = Object.fromEntries(Object.entries(body).reverse()) as typeof body;

      const again = await sut.submit(liaison, reordered, 'key-2');

      expect(again.id).toBe(first.id);
    });

    it('refuses the same key with another body, and stores nothing more', async () => {
      const liaison = await member();
      await sut.submit(liaison, build.submitSignal(), 'key-3');

      await expect(sut.submit(liaison, build.submitSignal(), 'key-3')).rejects.toMatchObject({
        code: 'signal.idempotency_key_reused',
      });
      expect(await countSignals(liaison.organisationId)).toBe(1);
    });

    it('stores one signal when the same request arrives many times at once', async () => {
      const liaison = await member();
      const body = build.submitSignal();
      await slowCommitFor(body.title);

      const results = await Promise.all(Array.from({ length: 8 }, () => sut.submit(liaison, body, 'key-4')));

      expect(new Set(results.map((result) => result.id)).size).toBe(1);
      expect(await countSignals(liaison.organisationId)).toBe(1);
    });

    it('answers the losers of a race with different bodies with a 422, never a 500', async () => {
      const liaison = await member();
      const title = `race ${randomUUID()}`;
      await slowCommitFor(title);
      const bodies = Array.from({ length: 6 }, (_, i) => build.submitSignal({ title, confidence: i }));

      const results = await Promise.allSettled(bodies.map((body) => sut.submit(liaison, body, 'key-5')));

      const outcomes = results.map((result) =>
        result.status === 'fulfilled'
          ? 'stored'
          : result.reason instanceof AppError
            ? result.reason.code
            : String(result.reason),
      );
      expect(outcomes.sort()).toEqual([...Array(5).fill('signal.idempotency_key_reused'), 'stored']);
    });
  });

  describe('routing on submit', () => {
    async function recipientsOf(signalId: string): Promise<string[]> {
      return (await alertsFor(db, signalId)).map((alert) => alert.organisation_id).sort();
    }

    it('alerts every recipient once, with all its reasons, and never the reporter', async () => {
      const category = await freshCategory(db);
      const liaison = await member();
      await subscribe(db, liaison.organisationCode, category);
      const [both, subscriber] = [await insert.organisation(db), await insert.organisation(db)];
      const first = await subscribe(db, both.code, category, { name: 'a: first' });
      const second = await subscribe(db, both.code, category, { name: 'b: second' });
      await subscribe(db, subscriber.code, category);

      const signal = await sut.submit(
        liaison,
        build.submitSignal({ category, addressees: [both.code, liaison.organisationCode] }),
      );

      const alerts = await alertsFor(db, signal.id);
      const of = (organisationId: string) =>
        alerts.filter((alert) => alert.organisation_id === organisationId);
      expect(alerts).toHaveLength(2);
      expect(of(both.id)).toEqual([
        {
          id: expect.any(String),
          organisation_id: both.id,
          kind: 'signal',
          signal_version: 1,
          severity: 'moderate',
          details: null,
          parent_alert_id: null,
          reasons: [
            { type: 'addressed' },
            { type: 'subscription', subscriptionId: first, name: 'a: first' },
            { type: 'subscription', subscriptionId: second, name: 'b: second' },
          ],
          escalate_at: null,
        },
      ]);
      expect(of(subscriber.id)).toEqual([expect.objectContaining({ kind: 'signal' })]);
    });

    it('leaves out organisations whose subscription is paused', async () => {
      const category = await freshCategory(db);
      const paused = await insert.organisation(db);
      await subscribe(db, paused.code, category, { is_paused: true });

      const signal = await sut.submit(await member(), build.submitSignal({ category }));

      expect(await recipientsOf(signal.id)).toEqual([]);
    });

    it('alerts only the addressees of a RED signal, whatever subscribes to it', async () => {
      const category = await freshCategory(db);
      const [subscriber, addressee] = [await insert.organisation(db), await insert.organisation(db)];
      await subscribe(db, subscriber.code, category);

      const signal = await sut.submit(
        await member(),
        build.submitSignal({ category, tlp: 'RED', addressees: [addressee.code] }),
      );

      expect(await recipientsOf(signal.id)).toEqual([addressee.id]);
    });

    it('lets the recipients of an AMBER signal read it, and no one else', async () => {
      const category = await freshCategory(db);
      const [subscriber, bystander] = [await member(['analyst']), await member(['analyst'])];
      await subscribe(db, subscriber.organisationCode, category);

      const signal = await sut.submit(await member(), build.submitSignal({ category, tlp: 'AMBER' }));

      const reads = await Promise.all(
        [subscriber, bystander].map((viewer) =>
          sut.get(viewer, signal.id).then(
            () => 'read',
            (error: AppError) => error.code,
          ),
        ),
      );
      expect(reads).toEqual(['read', 'signal.not_found']);
    });

    it('alerts no one again when a request is repeated with its Idempotency-Key', async () => {
      const liaison = await member();
      const addressee = await insert.organisation(db);
      const body = build.submitSignal({ addressees: [addressee.code] });
      await sut.submit(liaison, body, 'routed-key');

      const again = await sut.submit(liaison, body, 'routed-key');

      expect(await recipientsOf(again.id)).toEqual([addressee.id]);
    });

    it('rolls back the signal when alert creation fails', async () => {
      const liaison = await member();
      const doomed = await insert.organisation(db);
      await db.sql(`CREATE OR REPLACE FUNCTION test_fail_alert() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN RAISE EXCEPTION 'forced alert failure'; END $$`);
      await db.sql(`CREATE TRIGGER fail_alert BEFORE INSERT ON alerts FOR EACH ROW
                    WHEN (NEW.organisation_id = '${doomed.id}') EXECUTE FUNCTION test_fail_alert()`);
      const body = build.submitSignal({ addressees: ['NCTV', doomed.code] });

      await expect(sut.submit(liaison, body)).rejects.toThrow('forced alert failure');

      const [left] = await db.sql(
        `SELECT (SELECT count(*)::int FROM signals WHERE organisation_id = $1) AS signals,
                (SELECT count(*)::int FROM signal_observables WHERE value = $2) AS observables`,
        [liaison.organisationId, body.observables[1]!.value],
      );
      expect(left).toEqual({ signals: 0, observables: 0 });
    });

    it('rolls back the signal when routing fails', async () => {
      const liaison = await member();
      await db.sql(`ALTER TABLE subscriptions RENAME TO subscriptions_away`);
      try {
        await expect(sut.submit(liaison, build.submitSignal({ addressees: ['NCTV'] }))).rejects.toThrow(
          /subscriptions/,
        );
      } finally {
        await db.sql(`ALTER TABLE subscriptions_away RENAME TO subscriptions`);
      }

      expect(await countSignals(liaison.organisationId)).toBe(0);
    });

    describe('with the clock under control', () => {
      let clock: Clock;
      beforeEach(() => {
        clock = db.get(Clock);
      });
      afterEach(() => {
        jest.restoreAllMocks();
      });

      /** Posts a signal at `now` (an observation an hour earlier), addressed to a fresh organisation. */
      async function postedAt(now: string, overrides: Partial<SubmitSignalDto>): Promise<AlertRow[]> {
        jest.spyOn(clock, 'now').mockReturnValue(new Date(now));
        const addressee = await insert.organisation(db);
        const observedAt = new Date(new Date(now).getTime() - 3_600_000).toISOString();
        const signal = await sut.submit(
          await member(),
          build.submitSignal({ observedAt, addressees: [addressee.code], ...overrides }),
        );
        return alertsFor(db, signal.id);
      }

      it.each([
        ['election day', '2018-03-21T13:00:00+01:00'],
        ['the count', '2018-03-21T22:30:00+01:00'],
      ])('routes a signal naming no phase by the calendar: %s', async (_phase, now) => {
        const category = await freshCategory(db);
        const [duringVote, duringCampaign] = [await insert.organisation(db), await insert.organisation(db)];
        await subscribe(db, duringVote.code, category, { phases: ['election-day', 'count'] });
        await subscribe(db, duringCampaign.code, category, { phases: ['campaign'] });

        const alerts = await postedAt(now, { category, phase: undefined });

        const recipients = alerts.map((alert) => alert.organisation_id);
        expect([recipients.includes(duringVote.id), recipients.includes(duringCampaign.id)]).toEqual([
          true,
          false,
        ]);
      });

      it('routes a signal by the phase it names, whatever the calendar says', async () => {
        const category = await freshCategory(db);
        const duringCampaign = await insert.organisation(db);
        await subscribe(db, duringCampaign.code, category, { phases: ['campaign'] });

        const alerts = await postedAt('2018-03-21T13:00:00+01:00', { category, phase: 'campaign' });

        expect(alerts.map((alert) => alert.organisation_id)).toContain(duringCampaign.id);
      });

      it.each([
        ['critical', 'on election day', '2018-03-21T13:00:00+01:00', undefined, 15 * 60_000],
        ['high', 'on election day', '2018-03-21T13:00:00+01:00', undefined, 30 * 60_000],
        ['critical', 'during the count', '2018-03-21T23:00:00+01:00', undefined, 15 * 60_000],
        ['critical', 'in the campaign', '2018-03-10T10:00:00+01:00', undefined, 2 * 3_600_000],
        ['high', 'in the campaign', '2018-03-10T10:00:00+01:00', undefined, 8 * 3_600_000],
        [
          'critical',
          'naming the campaign on election day',
          '2018-03-21T13:00:00+01:00',
          'campaign',
          2 * 3_600_000,
        ],
        ['critical', 'outside every phase', '2018-06-01T10:00:00+02:00', undefined, 2 * 3_600_000],
        ['moderate', 'on election day', '2018-03-21T13:00:00+01:00', undefined, null],
        ['low', 'on election day', '2018-03-21T13:00:00+01:00', undefined, null],
      ] as const)('sets escalateAt for a %s signal %s', async (severity, _when, now, phase, deadlineMs) => {
        const [alert] = await postedAt(now, { severity, phase });

        expect(alert?.escalate_at).toEqual(
          deadlineMs === null ? null : new Date(new Date(now).getTime() + deadlineMs),
        );
      });
    });
  });
});
