import { Writable } from 'node:stream';
import request from 'supertest';
import { insert, type TestMember } from '../factories/index.js';
import { TestDb } from '../setup/test-db.js';

interface SchemaObject {
  description?: string;
  properties?: Record<string, SchemaObject & { $ref?: string; allOf?: unknown[] }>;
}

/** Collects every log line the application writes. */
class LogCapture extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
}

describe('HTTP conventions', () => {
  const logs = new LogCapture();
  let db: TestDb;
  let admin: TestMember;

  beforeAll(async () => {
    db = await TestDb.create({ LOG_LEVEL: 'debug' }, { logDestination: logs });
    admin = await insert.member(db, { organisation: 'BZK', roles: ['admin', 'liaison'] });
  });
  afterAll(() => db.destroy());

  it('answers a body over 1 MB with 413 problem+json', async () => {
    const body = JSON.stringify({ title: 'x'.repeat(1_100_000) });

    const response = await request(db.http)
      .post('/api/v1/signals')
      .set(admin.auth)
      .set('content-type', 'application/json')
      .send(body)
      .expect(413);

    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 413, code: 'payload_too_large' });
  });

  it('answers malformed JSON with 400 problem+json', async () => {
    const response = await request(db.http)
      .post('/api/v1/signals')
      .set(admin.auth)
      .set('content-type', 'application/json')
      .send('{"title": ')
      .expect(400);

    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answers an unknown route with 404 problem+json and a request id', async () => {
    const response = await request(db.http).get('/api/v1/no-such-thing').set(admin.auth).expect(404);

    expect(response.body).toMatchObject({
      code: 'not_found',
      correlationId: response.headers['x-request-id'],
    });
  });

  it('keeps a sane X-Request-Id given by the caller', async () => {
    const response = await request(db.http)
      .get('/health/live')
      .set('x-request-id', 'trace-1234-abcd')
      .expect(200);

    expect(response.headers['x-request-id']).toBe('trace-1234-abcd');
  });

  it('describes every field of every schema in the OpenAPI document', async () => {
    const response = await request(db.http).get('/api/docs-json').expect(200);
    const schemas = response.body.components.schemas as Record<string, SchemaObject>;

    const undescribed = Object.entries(schemas).flatMap(([schema, definition]) =>
      Object.entries(definition.properties ?? {})
        .filter(([, property]) => !property.description && !property.$ref && !property.allOf)
        .map(([name]) => `${schema}.${name}`),
    );

    expect(Object.keys(schemas).length).toBeGreaterThan(1);
    expect(undescribed).toEqual([]);
  });

  it('never writes a token to the logs', async () => {
    await request(db.http).get('/api/v1/me').set(admin.auth);
    await request(db.http)
      .get('/api/v1/me')
      .set('authorization', 'Bearer ks_not-a-real-token-but-still-secret');

    const everything = logs.lines.join('\n');
    expect(logs.lines.some((line) => line.includes('"path":"/api/v1/me"'))).toBe(true);
    expect(everything).not.toContain(admin.token);
    expect(everything).not.toContain('not-a-real-token-but-still-secret');
  });

  it('writes one JSON log line per request, with its request id', async () => {
    const response = await request(db.http).get('/health/live').expect(200);
    const id = response.headers['x-request-id'] as string;

    const lines = logs.lines.filter((line) => line.includes(id)).map((line) => JSON.parse(line) as object);

    expect(lines).toEqual([
      expect.objectContaining({ req: expect.objectContaining({ id }), msg: 'request completed' }),
    ]);
  });
});
