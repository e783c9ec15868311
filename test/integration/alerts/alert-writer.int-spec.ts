import pg from 'pg';
import { SEQUENCER_LOCK_KEY } from '../../../src/modules/alerts/alert-sequencer.js';
import { AlertWriter, type NewAlert } from '../../../src/modules/alerts/alert-writer.js';
import { insert, viaServices } from '../../factories/index.js';
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

  it('queues the alerts it wrote for the sequencer, in the order given, without a place yet', async () => {
    const [a, b] = [await insert.organisation(db), await insert.organisation(db)];
    // Kept out meanwhile, as when another instance's sequencer is at work.
    const otherInstance = new pg.Client({ connectionString: db.url });
    await otherInstance.connect();
    await otherInstance.query(`SELECT pg_advisory_lock($1)`, [SEQUENCER_LOCK_KEY]);

    const written = await db.dataSource.transaction((tx) =>
      sut.create(tx, [alertFor(a.id), alertFor(b.id), alertFor(a.id)]),
    );
    const queued = await db.sql<{ alert_ids: string[] }>(`SELECT alert_ids FROM alerts_to_sequence`);
    const placed = await db.sql(`SELECT 1 FROM alert_positions WHERE alert_id = ANY($1)`, [
      written.map((alert) => alert.id),
    ]);
    await otherInstance.end();

    expect(written).toEqual([
      { id: expect.any(String), organisationId: a.id, kind: 'escalation' },
      { id: expect.any(String), organisationId: b.id, kind: 'escalation' },
      { id: expect.any(String), organisationId: a.id, kind: 'escalation' },
    ]);
    expect(queued).toEqual([{ alert_ids: written.map((alert) => alert.id) }]);
    expect(placed).toEqual([]);
  });

  it('writes one first alert per signal and organisation, leaving out a second', async () => {
    const org = await insert.organisation(db);
    const liaison = await insert.member(db, { organisation: 'AIVD', roles: ['liaison'] });
    const signalId = await viaServices.signal(db, liaison);
    const first = alertFor(org.id, { kind: 'signal', signalId, signalVersion: 1 });

    await db.dataSource.transaction((tx) => sut.create(tx, [first]));
    const second = await db.dataSource.transaction((tx) => sut.create(tx, [first]));

    expect(second).toEqual([]);
    expect(
      await db.sql(`SELECT 1 FROM alerts WHERE signal_id = $1 AND organisation_id = $2`, [signalId, org.id]),
    ).toHaveLength(1);
  });

  it('wakes the sequencer only after commit', async () => {
    const org = await insert.organisation(db);
    const listener = await listen(db, 'alerts_written');
    let beforeCommit: string[] = [];

    await db.dataSource.transaction(async (tx) => {
      await sut.create(tx, [alertFor(org.id), alertFor(org.id)]);
      await settle();
      beforeCommit = [...listener.received];
    });
    await settle();

    expect(beforeCommit).toEqual([]);
    expect(listener.received).toEqual(['']);
    await listener.close();
  });

  it('emits nothing and writes nothing when the transaction rolls back', async () => {
    const org = await insert.organisation(db);
    const listener = await listen(db, 'alerts_written');

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
});
