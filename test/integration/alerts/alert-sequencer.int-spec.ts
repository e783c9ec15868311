import { AlertSequencer } from '../../../src/modules/alerts/alert-sequencer.js';
import { AlertWriter, type NewAlert } from '../../../src/modules/alerts/alert-writer.js';
import { AlertsRepository } from '../../../src/modules/alerts/alerts.repository.js';
import { AlertsService } from '../../../src/modules/alerts/alerts.service.js';
import { insert, viaServices } from '../../factories/index.js';
import { alertFor, listen, sequencersKeptOut, settle } from './fixtures.js';
import { TestDb } from '../../setup/test-db.js';

describe(AlertSequencer.name, () => {
  let db: TestDb;
  let writer: AlertWriter;
  const write = (alerts: NewAlert[]) => db.dataSource.transaction((tx) => writer.create(tx, alerts));
  const seqsOf = async (organisationId: string): Promise<{ seq: string | null; note: string }[]> =>
    db.sql(
      `SELECT placed.seq, a.details->>'note' AS note
         FROM alerts a LEFT JOIN alert_positions placed ON placed.alert_id = a.id
        WHERE a.organisation_id = $1
        ORDER BY placed.seq NULLS LAST, a.created_at`,
      [organisationId],
    );

  beforeAll(async () => {
    db = await TestDb.create();
    writer = db.get(AlertWriter);
  });
  afterAll(() => db.destroy());

  it('numbers committed alerts in each organisation’s own sequence, in the order they were written', async () => {
    const [a, b] = [await insert.organisation(db), await insert.organisation(db)];

    await write([
      alertFor(a.id, { note: 'a1' }),
      alertFor(b.id, { note: 'b1' }),
      alertFor(a.id, { note: 'a2' }),
    ]);
    await write([alertFor(a.id, { note: 'a3' })]);
    await db.sequenceAlerts();

    expect(await seqsOf(a.id)).toEqual([
      { seq: '1', note: 'a1' },
      { seq: '2', note: 'a2' },
      { seq: '3', note: 'a3' },
    ]);
    expect(await seqsOf(b.id)).toEqual([{ seq: '1', note: 'b1' }]);
  });

  it('numbers alerts by itself, woken by their commit', async () => {
    const org = await insert.organisation(db);

    await write([alertFor(org.id)]);

    for (let waited = 0; (await seqsOf(org.id))[0]?.seq === null && waited < 5_000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await seqsOf(org.id)).toEqual([{ seq: '1', note: 'test' }]);
  });

  it('queues one webhook delivery per active endpoint of the recipient, with its place', async () => {
    const org = await insert.organisation(db);
    const member = await insert.member(db, { organisation: org.code, roles: ['analyst'] });
    for (const deletedAt of [null, null, new Date()]) {
      await db.sql(
        `INSERT INTO webhook_endpoints (organisation_id, url, secret_sealed, created_by_member_id, deleted_at)
         VALUES ($1, 'https://receiver.example/hook', 'sealed', $2, $3)`,
        [org.id, member.id, deletedAt],
      );
    }

    const [alert] = await write([alertFor(org.id, { kind: 'update' })]);
    await db.sequenceAlerts();

    const deliveries = await db.sql<{ event_type: string; status: string; seq: string }>(
      `SELECT d.event_type, d.status, placed.seq
         FROM webhook_deliveries d JOIN alert_positions placed ON placed.alert_id = d.alert_id
        WHERE d.alert_id = $1`,
      [alert?.id],
    );
    expect(deliveries).toEqual([
      { event_type: 'alert.updated', status: 'pending', seq: '1' },
      { event_type: 'alert.updated', status: 'pending', seq: '1' },
    ]);
  });

  it('tells the streams which organisations got alerts, once numbered', async () => {
    const org = await insert.organisation(db);
    const listener = await listen(db, 'alerts');

    await write([alertFor(org.id)]);
    await db.sequenceAlerts();
    await settle();

    expect(listener.received.join(',')).toContain(org.id);
    await listener.close();
  });

  it('splits the notification of a very wide fan-out into payloads under 8000 bytes', async () => {
    const organisations = await db.sql<{ id: string }>(`SELECT id FROM organisations ORDER BY code LIMIT 40`);
    const extra = await Promise.all(Array.from({ length: 160 }, () => insert.organisation(db)));
    const recipients = [...organisations.map((o) => o.id), ...extra.map((o) => o.id)];
    const listener = await listen(db, 'alerts');

    await write(recipients.map((id) => alertFor(id)));
    await db.sequenceAlerts();
    await settle();

    expect(listener.received.length).toBeGreaterThan(1);
    expect(listener.received.every((payload) => Buffer.byteLength(payload) < 8000)).toBe(true);
    expect(new Set(listener.received.flatMap((payload) => payload.split(',')))).toEqual(new Set(recipients));
    await listener.close();
  });

  it('places an alert and queues its deliveries while a response holds its row, without waiting', async () => {
    const org = await insert.organisation(db);
    const member = await insert.member(db, { organisation: org.code, roles: ['analyst'] });
    await db.sql(
      `INSERT INTO webhook_endpoints (organisation_id, url, secret_sealed, created_by_member_id)
       VALUES ($1, 'https://receiver.example/hook', 'sealed', $2)`,
      [org.id, member.id],
    );
    const letSequencersIn = await sequencersKeptOut(db);
    const [alert] = await write([alertFor(org.id, { note: 'answered' })]);
    let releaseResponse: () => void = () => undefined;
    const responseHeld = new Promise<void>((resolve) => {
      releaseResponse = resolve;
    });
    let locked: () => void = () => undefined;
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const response = db.dataSource.transaction(async (tx) => {
      await db.get(AlertsRepository).lockForResponse(tx, org.id, alert?.id ?? '');
      locked();
      await responseHeld;
    });
    await isLocked;
    await letSequencersIn();

    await db.sequenceAlerts();
    const whileHeld = await seqsOf(org.id);
    const deliveries = await db.sql(`SELECT 1 FROM webhook_deliveries WHERE alert_id = $1`, [alert?.id]);
    releaseResponse();
    await response;

    expect(whileHeld).toEqual([{ seq: '1', note: 'answered' }]);
    expect(deliveries).toHaveLength(1);
  });

  it('shows an alert in the inbox only once placed; by id at once, without its place', async () => {
    const org = await insert.organisation(db);
    const analyst = await viaServices.member(
      db,
      await insert.member(db, { organisation: org.code, roles: ['analyst'] }),
    );
    const alerts = db.get(AlertsService);
    const letSequencersIn = await sequencersKeptOut(db);
    const [alert] = await write([alertFor(org.id, { note: 'waiting' })]);
    const inboxBefore = await alerts.list(analyst, { limit: 10 });
    const byIdBefore = await alerts.get(analyst, alert?.id ?? '');
    await letSequencersIn();

    await db.sequenceAlerts();

    expect(inboxBefore.items).toEqual([]);
    expect(byIdBefore).toMatchObject({ id: alert?.id, seq: null });
    expect((await alerts.list(analyst, { limit: 10 })).items).toEqual([
      expect.objectContaining({ id: alert?.id, seq: 1 }),
    ]);
  });

  it('numbers the queued alerts of a rolled-back transaction never, and of a committed one once', async () => {
    const org = await insert.organisation(db);

    await expect(
      db.dataSource.transaction(async (tx) => {
        await writer.create(tx, [alertFor(org.id, { note: 'rolled back' })]);
        throw new Error('a later step fails');
      }),
    ).rejects.toThrow('a later step fails');
    await write([alertFor(org.id, { note: 'kept' })]);
    await db.sequenceAlerts();
    await db.sequenceAlerts();

    expect(await seqsOf(org.id)).toEqual([{ seq: '1', note: 'kept' }]);
    expect(await db.sql(`SELECT 1 FROM alerts_to_sequence`)).toEqual([]);
  });

  it('never lets a reader see a number before a lower one, under concurrent writers and sequencers', async () => {
    const orgs = await Promise.all(Array.from({ length: 5 }, () => insert.organisation(db)));
    const ids = orgs.map((o) => o.id);
    // A reader that repeatedly reads each organisation's numbers must always find 1..n, never a hole.
    const holes: string[] = [];
    let isWriting = true;
    const reader = (async () => {
      while (isWriting) {
        const rows = await db.sql<{ organisation_id: string; seqs: string[] }>(
          `SELECT organisation_id, array_agg(seq ORDER BY seq) AS seqs
             FROM alert_positions WHERE organisation_id = ANY($1) GROUP BY organisation_id`,
          [ids],
        );
        for (const row of rows) {
          const seqs = row.seqs.map(Number);
          if (seqs.some((seq, i) => seq !== i + 1)) {
            holes.push(`${row.organisation_id}: ${seqs.join(',')}`);
          }
        }
      }
    })();
    const writers = Array.from({ length: 40 }, (_, i) =>
      write([...orgs.slice(i % 5), ...orgs.slice(0, i % 5)].map((o) => alertFor(o.id))),
    );
    // Sequencers racing the background one, as other instances would.
    const sequencers = Array.from({ length: 5 }, () => db.sequenceAlerts());

    await Promise.all([...writers, ...sequencers]);
    await db.sequenceAlerts();
    isWriting = false;
    await reader;

    expect(holes).toEqual([]);
    for (const org of orgs) {
      const rows = await seqsOf(org.id);
      expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    }
  });
});
