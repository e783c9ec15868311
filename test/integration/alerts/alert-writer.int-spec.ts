import pg from 'pg';
import { AlertWriter, type NewAlert } from '../../../src/modules/alerts/alert-writer.js';
import { insert } from '../../factories/index.js';
import { TestDb } from '../../setup/test-db.js';

function alertFor(organisationId: string, overrides: Partial<NewAlert> = {}): NewAlert {
  return {
    organisationId,
    kind: 'escalation',
    signalId: null,
    signalVersion: null,
    severity: 'high',
    election: 'GR2018',
    reasons: [],
    details: { note: 'test' },
    parentAlertId: null,
    escalateAt: null,
    ...overrides,
  };
}

/** A connection that LISTENs on a channel and collects what arrives. */
async function listen(
  db: TestDb,
  channel: string,
): Promise<{ received: string[]; close: () => Promise<void> }> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const received: string[] = [];
  client.on('notification', (message) => received.push(message.payload ?? ''));
  await client.query(`LISTEN ${channel}`);
  return { received, close: () => client.end() };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

describe(AlertWriter.name, () => {
  let db: TestDb;
  let sut: AlertWriter;

  beforeAll(async () => {
    db = await TestDb.create();
    sut = db.get(AlertWriter);
  });
  afterAll(() => db.destroy());

  it('numbers alerts in each organisation’s own sequence', async () => {
    const [a, b] = [await insert.organisation(db), await insert.organisation(db)];

    await db.dataSource.transaction((tx) => sut.create(tx, [alertFor(a.id), alertFor(b.id), alertFor(a.id)]));
    const second = await db.dataSource.transaction((tx) => sut.create(tx, [alertFor(a.id)]));

    const rows = await db.sql<{ organisation_id: string; seq: string }>(
      `SELECT organisation_id, seq FROM alerts WHERE organisation_id = ANY($1) ORDER BY organisation_id, seq`,
      [[a.id, b.id]],
    );
    expect(rows.filter((r) => r.organisation_id === a.id).map((r) => r.seq)).toEqual(['1', '2', '3']);
    expect(rows.filter((r) => r.organisation_id === b.id).map((r) => r.seq)).toEqual(['1']);
    expect(second).toEqual([expect.objectContaining({ organisationId: a.id, seq: '3', kind: 'escalation' })]);
  });

  it('queues one webhook delivery per active endpoint of the recipient', async () => {
    const org = await insert.organisation(db);
    const member = await insert.member(db, { organisation: org.code, roles: ['analyst'] });
    for (const deletedAt of [null, null, new Date()]) {
      await db.sql(
        `INSERT INTO webhook_endpoints (organisation_id, url, secret_sealed, created_by_member_id, deleted_at)
         VALUES ($1, 'https://receiver.example/hook', 'sealed', $2, $3)`,
        [org.id, member.id, deletedAt],
      );
    }

    const [alert] = await db.dataSource.transaction((tx) =>
      sut.create(tx, [alertFor(org.id, { kind: 'update' })]),
    );

    const deliveries = await db.sql<{ event_type: string; status: string }>(
      `SELECT event_type, status FROM webhook_deliveries WHERE alert_id = $1`,
      [alert?.id],
    );
    expect(deliveries).toEqual([
      { event_type: 'alert.updated', status: 'pending' },
      { event_type: 'alert.updated', status: 'pending' },
    ]);
  });

  it('emits NOTIFY only after commit', async () => {
    const org = await insert.organisation(db);
    const listener = await listen(db, 'alerts');
    let beforeCommit: string[] = [];

    await db.dataSource.transaction(async (tx) => {
      await sut.create(tx, [alertFor(org.id)]);
      await settle();
      beforeCommit = [...listener.received];
    });
    await settle();

    expect(beforeCommit).toEqual([]);
    expect(listener.received.join(',')).toContain(org.id);
    await listener.close();
  });

  it('emits nothing and writes nothing when the transaction rolls back', async () => {
    const org = await insert.organisation(db);
    const listener = await listen(db, 'alerts');

    await expect(
      db.dataSource.transaction(async (tx) => {
        await sut.create(tx, [alertFor(org.id)]);
        throw new Error('a later step fails');
      }),
    ).rejects.toThrow('a later step fails');
    await settle();

    expect(listener.received).toEqual([]);
    expect(await db.sql(`SELECT 1 FROM alerts WHERE organisation_id = $1`, [org.id])).toEqual([]);
    await listener.close();
  });

  it('splits the notification of a very wide fan-out into payloads under 8000 bytes', async () => {
    const organisations = await db.sql<{ id: string }>(`SELECT id FROM organisations ORDER BY code LIMIT 40`);
    const extra = await Promise.all(Array.from({ length: 160 }, () => insert.organisation(db)));
    const recipients = [...organisations.map((o) => o.id), ...extra.map((o) => o.id)];
    const listener = await listen(db, 'alerts');

    await db.dataSource.transaction((tx) =>
      sut.create(
        tx,
        recipients.map((id) => alertFor(id)),
      ),
    );
    await settle();

    expect(listener.received.length).toBeGreaterThan(1);
    expect(listener.received.every((payload) => Buffer.byteLength(payload) < 8000)).toBe(true);
    expect(new Set(listener.received.flatMap((payload) => payload.split(',')))).toEqual(new Set(recipients));
    await listener.close();
  });

  it('keeps each sequence gapless and unique under concurrent writers, without deadlocks', async () => {
    const orgs = await Promise.all(Array.from({ length: 5 }, () => insert.organisation(db)));
    const writers = Array.from({ length: 20 }, (_, i) =>
      db.dataSource.transaction((tx) =>
        // Each writer touches the organisations in another order.
        sut.create(
          tx,
          [...orgs.slice(i % 5), ...orgs.slice(0, i % 5)].reverse().map((o) => alertFor(o.id)),
        ),
      ),
    );

    await Promise.all(writers);

    for (const org of orgs) {
      const rows = await db.sql<{ seq: string }>(
        `SELECT seq FROM alerts WHERE organisation_id = $1 ORDER BY seq`,
        [org.id],
      );
      expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    }
  });
});
