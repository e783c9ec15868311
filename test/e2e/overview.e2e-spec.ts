import request from 'supertest';
import { insert } from '../factories/index.js';
import { TestDb } from '../setup/test-db.js';

describe('GET /api/v1/elections/{code}/overview', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await TestDb.create();
  });
  afterAll(() => db.destroy());

  it('answers a coordinator with every figure', async () => {
    const coordinator = await insert.member(db, { organisation: 'BZK', roles: ['coordinator'] });

    const response = await request(db.http)
      .get('/api/v1/elections/GR2018/overview')
      .set(coordinator.auth)
      .expect(200);

    expect(response.body).toEqual({
      election: 'GR2018',
      generatedAt: expect.any(String),
      signalsByCategory: expect.any(Array),
      signalsBySeverity: expect.any(Array),
      signalsByPhase: expect.any(Array),
      unacknowledgedAlerts: expect.any(Array),
      timeToAcknowledge: expect.any(Array),
      actions: expect.any(Array),
      casesByStatus: expect.any(Array),
    });
  });

  it('answers 403 to a member who is not a coordinator', async () => {
    const analyst = await insert.member(db, { organisation: 'BZK', roles: ['analyst'] });

    const response = await request(db.http)
      .get('/api/v1/elections/GR2018/overview')
      .set(analyst.auth)
      .expect(403);

    expect(response.body.code).toBe('auth.forbidden');
  });

  it('answers 404 for an election that does not exist, and 400 for a code that cannot be one', async () => {
    const coordinator = await insert.member(db, { organisation: 'BZK', roles: ['coordinator'] });

    const missing = await request(db.http)
      .get('/api/v1/elections/TK2099/overview')
      .set(coordinator.auth)
      .expect(404);
    await request(db.http).get('/api/v1/elections/gr 2018/overview').set(coordinator.auth).expect(400);

    expect(missing.body.code).toBe('taxonomy.election_not_found');
  });
});
