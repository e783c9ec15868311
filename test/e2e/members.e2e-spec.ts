import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { insert, type TestMember } from '../factories/index.js';
import { TestDb } from '../setup/test-db.js';

describe('POST /api/v1/organisations/:code/members', () => {
  let db: TestDb;
  let operatorAdmin: TestMember;
  let aivdAdmin: TestMember;
  let jenvAdmin: TestMember;

  const newMember = () => ({
    name: 'Jan de Vries',
    email: `j.devries-${randomUUID().slice(0, 8)}@example.test`,
    roles: ['liaison', 'analyst'],
  });

  beforeAll(async () => {
    db = await TestDb.create();
    operatorAdmin = await insert.member(db, { organisation: 'BZK', roles: ['admin'] });
    aivdAdmin = await insert.member(db, { organisation: 'AIVD', roles: ['admin'] });
    jenvAdmin = await insert.member(db, { organisation: 'JenV', roles: ['admin'] });
  });
  afterAll(() => db.destroy());

  it('answers the new member with its id, the email trimmed and lowercased', async () => {
    const body = { name: 'Jan de Vries', email: '  J.deVries@NCTV.Example ', roles: ['liaison'] };

    const response = await request(db.http)
      .post('/api/v1/organisations/NCTV/members')
      .set(operatorAdmin.auth)
      .send(body)
      .expect(201);

    expect(response.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      organisationCode: 'NCTV',
      name: 'Jan de Vries',
      email: 'j.devries@nctv.example',
      roles: ['liaison'],
      createdAt: expect.any(String),
    });
    const [row] = await db.sql(
      `SELECT o.code, m.email, m.roles FROM members m JOIN organisations o ON o.id = m.organisation_id
        WHERE m.id = $1`,
      [response.body.id],
    );
    expect(row).toEqual({ code: 'NCTV', email: 'j.devries@nctv.example', roles: ['liaison'] });
  });

  it('answers 409 for an email that is taken, whatever its case', async () => {
    const first = newMember();
    await request(db.http)
      .post('/api/v1/organisations/BZ/members')
      .set(operatorAdmin.auth)
      .send(first)
      .expect(201);

    const response = await request(db.http)
      .post('/api/v1/organisations/OCW/members')
      .set(operatorAdmin.auth)
      .send({ ...first, email: first.email.toUpperCase() })
      .expect(409);

    expect(response.body).toMatchObject({ code: 'member.duplicate_email' });
  });

  it('lets an admin add members to its own organisation', async () => {
    await request(db.http)
      .post('/api/v1/organisations/AIVD/members')
      .set(aivdAdmin.auth)
      .send(newMember())
      .expect(201);
  });

  it('lets an admin add members to an organisation under its own, at any depth', async () => {
    const unit = await insert.organisation(db, { parent: 'JenV' });
    const team = await insert.organisation(db, { parent: unit.code });

    for (const code of ['NCTV', unit.code, team.code]) {
      await request(db.http)
        .post(`/api/v1/organisations/${code}/members`)
        .set(jenvAdmin.auth)
        .send(newMember())
        .expect(201);
    }
  });

  it.each(['NCTV', 'BZK', 'GM0363'])('answers 403 when an AIVD admin adds a member to %s', async (code) => {
    const member = newMember();

    const response = await request(db.http)
      .post(`/api/v1/organisations/${code}/members`)
      .set(aivdAdmin.auth)
      .send(member)
      .expect(403);

    expect(response.body).toMatchObject({ code: 'auth.forbidden' });
    expect(await db.sql(`SELECT 1 FROM members WHERE email = $1`, [member.email])).toHaveLength(0);
  });

  it('answers 403 to a member without the admin role', async () => {
    const coordinator = await insert.member(db, { organisation: 'BZK', roles: ['coordinator', 'liaison'] });

    await request(db.http)
      .post('/api/v1/organisations/BZK/members')
      .set(coordinator.auth)
      .send(newMember())
      .expect(403);
  });

  it('answers 404 for an unknown organisation', async () => {
    const response = await request(db.http)
      .post('/api/v1/organisations/NOPE/members')
      .set(operatorAdmin.auth)
      .send(newMember())
      .expect(404);

    expect(response.body).toMatchObject({ code: 'organisation.not_found' });
  });

  it('answers 401 without a token', async () => {
    await request(db.http).post('/api/v1/organisations/BZK/members').send(newMember()).expect(401);
  });

  it.each([
    ['no roles', { roles: [] }],
    ['an unknown role', { roles: ['superuser'] }],
    ['a repeated role', { roles: ['admin', 'admin'] }],
    ['a bad email', { email: 'not-an-email' }],
    ['an empty name', { name: '' }],
    ['an unknown field', { organisationId: randomUUID() }],
  ])('answers 400 for %s', async (_case, override) => {
    const response = await request(db.http)
      .post('/api/v1/organisations/BZK/members')
      .set(operatorAdmin.auth)
      .send({ ...newMember(), ...override })
      .expect(400);

    expect(response.body).toMatchObject({ code: 'validation_failed' });
  });
});
