import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { build, insert, type TestMember } from '../factories/index.js';
import { TestDb } from '../setup/test-db.js';

/**
 * The walk-through over HTTP: an organisation subscribes to critical signals of a kind, AIVD posts
 * such a signal, and routing decides who receives it and so who may read it.
 */
describe('routing over HTTP', () => {
  let db: TestDb;
  let category: string;
  let subscriber: TestMember;
  let bystander: TestMember;
  let aivd: TestMember;
  beforeAll(async () => {
    db = await TestDb.create();
    // A category of this file's own, so that the subscription matches only the signals posted here.
    category = `t-${randomUUID().slice(0, 8)}`;
    await db.sql(`INSERT INTO signal_categories (code, name_en, name_nl) VALUES ($1, $1, $1)`, [category]);
    subscriber = await insert.member(db, {
      organisation: (await insert.organisation(db)).code,
      roles: ['analyst'],
    });
    bystander = await insert.member(db, { organisation: 'GM0363', roles: ['analyst'] });
    aivd = await insert.member(db, { organisation: 'AIVD', roles: ['liaison'] });
    await request(db.http)
      .post('/api/v1/subscriptions')
      .set(subscriber.auth)
      .send({ name: 'Critical, of our kind', categories: [category], minSeverity: 'critical' })
      .expect(201);
  });
  afterAll(() => db.destroy());

  async function posted(overrides: object): Promise<string> {
    const response = await request(db.http)
      .post('/api/v1/signals')
      .set(aivd.auth)
      .send(build.submitSignal({ category, ...overrides }))
      .expect(201);
    return response.body.id as string;
  }

  function read(member: TestMember, id: string): Promise<number> {
    return request(db.http)
      .get(`/api/v1/signals/${id}`)
      .set(member.auth)
      .then((response) => response.status);
  }

  async function alertedOrganisations(signalId: string): Promise<string[]> {
    const rows = await db.sql<{ code: string }>(
      `SELECT o.code FROM alerts a JOIN organisations o ON o.id = a.organisation_id WHERE a.signal_id = $1`,
      [signalId],
    );
    return rows.map((row) => row.code);
  }

  it('alerts the subscriber of a matching AMBER signal, which may then read it; others may not', async () => {
    const id = await posted({ tlp: 'AMBER', severity: 'critical' });

    expect(await alertedOrganisations(id)).toEqual([subscriber.organisationCode]);
    expect([await read(subscriber, id), await read(bystander, id)]).toEqual([200, 404]);
  });

  it('does not alert the subscriber of a signal below its minimum severity, nor let it read an AMBER one', async () => {
    const id = await posted({ tlp: 'AMBER', severity: 'high' });

    expect(await alertedOrganisations(id)).toEqual([]);
    expect(await read(subscriber, id)).toBe(404);
  });

  it('never lets a RED signal reach a subscriber that is not an addressee', async () => {
    const id = await posted({ tlp: 'RED', severity: 'critical', addressees: ['NCTV'] });

    expect(await alertedOrganisations(id)).toEqual(['NCTV']);
    expect(await read(subscriber, id)).toBe(404);
  });

  it('alerts the subscriber when an amendment raises a signal to its minimum severity', async () => {
    const id = await posted({ tlp: 'AMBER', severity: 'moderate' });

    await request(db.http)
      .patch(`/api/v1/signals/${id}`)
      .set(aivd.auth)
      .send({ severity: 'critical' })
      .expect(200);

    expect(await alertedOrganisations(id)).toEqual([subscriber.organisationCode]);
    expect(await read(subscriber, id)).toBe(200);
  });
});
