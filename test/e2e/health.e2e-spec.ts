import request from 'supertest';
import { TestDb } from '../setup/test-db.js';

describe('health', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await TestDb.create();
  });
  afterAll(() => db.destroy());

  it('answers live without a token', async () => {
    await request(db.http).get('/health/live').expect(200, { status: 'ok' });
  });

  it('answers ready when the database is reachable and migrated', async () => {
    await request(db.http).get('/health/ready').expect(200, { status: 'ok' });
  });

  it('answers 503 problem when a migration is pending', async () => {
    await db.sql(`DELETE FROM migrations WHERE name = (SELECT max(name) FROM migrations)`);

    const response = await request(db.http).get('/health/ready').expect(503);

    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ code: 'unavailable', check: 'migrations' });
  });

  it('answers 401 problem on an API route without a token', async () => {
    const response = await request(db.http).get('/api/v1/signals').expect(401);

    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 401, code: 'auth.unauthenticated' });
    expect(response.body.correlationId).toEqual(response.headers['x-request-id']);
  });
});
