import { AlertWriter } from '../../../src/modules/alerts/alert-writer.js';
import { insert, viaServices } from '../../factories/index.js';
import { alertFor, listen, sequencersKeptOut, settle } from './fixtures.js';
import { TestDb } from '../../setup/test-db.js';

describe(AlertWriter.name, () => {
  let db: TestDb;
  let sut: AlertWriter;

  beforeAll(async () => {
    db = await TestDb.create();
    sut = db.get(AlertWriter);
  });
  afterAll(() => db.destroy());

  it('queues the alerts it wrote (recipient and kind beside each id) in the order given, without a place yet', async () => {
    const [a, b] = [await insert.organisation(db), await insert.organisation(db)];
    const letSequencersIn = await sequencersKeptOut(db);

    const written = await db.dataSource.transaction((tx) =>
      sut.create(tx, [alertFor(a.id), alertFor(b.id), alertFor(a.id)]),
    );
    const queued = await db.sql(`SELECT alert_ids, organisation_ids, kinds FROM alerts_to_sequence`);
    const placed = await db.sql(`SELECT 1 FROM alert_positions WHERE alert_id = ANY($1)`, [
      written.map((alert) => alert.id),
    ]);
    await letSequencersIn();

    expect(written).toEqual([
      { id: expect.any(String), organisationId: a.id, kind: 'escalation' },
      { id: expect.any(String), organisationId: b.id, kind: 'escalation' },
      { id: expect.any(String), organisationId: a.id, kind: 'escalation' },
    ]);
    expect(queued).toEqual([
      {
        alert_ids: written.map((alert) => alert.id),
        organisation_ids: [a.id, b.id, a.id],
        kinds: ['escalation', 'escalation', 'escalation'],
      },
    ]);
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
