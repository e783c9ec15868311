import pg from 'pg';
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

  it('writes alerts without a place in the sequence, which the sequencer gives them after commit', async () => {
    const [a, b] = [await insert.organisation(db), await insert.organisation(db)];

    const written = await db.dataSource.transaction((tx) =>
      sut.create(tx, [alertFor(a.id), alertFor(b.id), alertFor(a.id)]),
    );

    expect(written).toEqual([
      { id: expect.any(String), organisationId: a.id, kind: 'escalation' },
      { id: expect.any(String), organisationId: b.id, kind: 'escalation' },
      { id: expect.any(String), organisationId: a.id, kind: 'escalation' },
    ]);
    const rows = await db.sql<{ seq: string | null }>(`SELECT seq FROM alerts WHERE id = ANY($1)`, [
      written.map((alert) => alert.id),
    ]);
    expect(rows).toEqual([{ seq: null }, { seq: null }, { seq: null }]);
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
