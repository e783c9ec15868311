import request from 'supertest';
import { AlertWriter, type NewAlert } from '../../src/modules/alerts/alert-writer.js';
import { build, insert, type TestMember } from '../factories/index.js';
import { TestDb } from '../setup/test-db.js';

const ALERTS = '/api/v1/alerts';
const PROBLEM = /^application\/problem\+json/;

describe('alerts API', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await TestDb.create();
  });
  afterAll(() => db.destroy());

  async function analyst(): Promise<TestMember> {
    return insert.member(db, { organisation: (await insert.organisation(db)).code, roles: ['analyst'] });
  }

  async function write(alert: Partial<NewAlert> & { organisationId: string }): Promise<string> {
    const [created] = await db.dataSource.transaction((tx) =>
      db.get(AlertWriter).create(tx, [
        {
          kind: 'signal',
          signalId: null,
          signalVersion: null,
          severity: 'high',
          election: 'GR2018',
          reasons: [{ type: 'addressed' }],
          details: null,
          parentAlertId: null,
          escalateAt: null,
          ...alert,
        },
      ]),
    );
    await db.sequenceAlerts();
    return created?.id ?? '';
  }

  function acknowledge(member: TestMember, id: string, body: object): request.Test {
    return request(db.http).post(`${ALERTS}/${id}/acknowledge`).set(member.auth).send(body);
  }

  /** A signal posted through the API by a liaison of a fresh organisation. */
  async function posted(body: object): Promise<{ id: string }> {
    const liaison = await insert.member(db, {
      organisation: (await insert.organisation(db)).code,
      roles: ['liaison'],
    });
    const response = await request(db.http).post('/api/v1/signals').set(liaison.auth).send(body).expect(201);
    await db.sequenceAlerts();
    return response.body as { id: string };
  }

  describe('GET /api/v1/alerts', () => {
    it('answers 401 problem without a token', async () => {
      const response = await request(db.http).get(ALERTS).expect(401);

      expect(response.headers['content-type']).toMatch(PROBLEM);
    });

    it("lists the organisation's alerts, newest first, as { items, nextCursor }", async () => {
      const member = await analyst();
      await write({ organisationId: member.organisationId });
      const second = await write({
        organisationId: member.organisationId,
        kind: 'update',
        severity: 'critical',
      });

      const response = await request(db.http).get(ALERTS).query({ limit: 1 }).set(member.auth).expect(200);

      expect(response.body).toEqual({
        items: [
          {
            id: second,
            seq: 2,
            kind: 'update',
            state: 'open',
            severity: 'critical',
            election: 'GR2018',
            reasons: [{ type: 'addressed' }],
            details: null,
            parentAlertId: null,
            createdAt: expect.stringMatching(/Z$/),
            response: null,
            escalatedAt: null,
            signal: null,
          },
        ],
        nextCursor: expect.any(String),
      });
    });

    it('answers 400 to an unknown filter value and to a cursor it did not issue', async () => {
      const member = await analyst();

      const badFilter = await request(db.http).get(ALERTS).query({ severity: 'extreme' }).set(member.auth);
      const badCursor = await request(db.http).get(ALERTS).query({ cursor: 'not-a-cursor' }).set(member.auth);

      expect([badFilter.status, badFilter.body.code]).toEqual([400, 'validation_failed']);
      expect([badCursor.status, badCursor.body.code]).toEqual([400, 'bad_request']);
    });

    it('lists the alert that posting a signal gave to its addressee, with the signal', async () => {
      const member = await analyst();
      const signal = await posted(
        build.submitSignal({ tlp: 'AMBER', addressees: [member.organisationCode] }),
      );

      const response = await request(db.http).get(ALERTS).set(member.auth).expect(200);

      expect(response.body.items).toEqual([
        expect.objectContaining({
          kind: 'signal',
          reasons: [{ type: 'addressed' }],
          signal: expect.objectContaining({ id: signal.id }),
        }),
      ]);
    });
  });

  describe('GET /api/v1/alerts/{id}', () => {
    it('answers the alert to a member of its organisation, whatever the role', async () => {
      const member = await analyst();
      const liaison = await insert.member(db, { organisation: member.organisationCode, roles: ['liaison'] });
      const id = await write({ organisationId: member.organisationId });

      const response = await request(db.http).get(`${ALERTS}/${id}`).set(liaison.auth).expect(200);

      expect(response.body).toMatchObject({ id, seq: 1 });
    });

    it("answers 404 for another organisation's alert and 400 for a malformed id", async () => {
      const [member, other] = [await analyst(), await analyst()];
      const id = await write({ organisationId: other.organisationId });

      const foreign = await request(db.http).get(`${ALERTS}/${id}`).set(member.auth);
      const malformed = await request(db.http).get(`${ALERTS}/not-a-uuid`).set(member.auth);

      expect([foreign.status, foreign.body.code]).toEqual([404, 'alert.not_found']);
      expect(malformed.status).toBe(400);
    });
  });

  describe('POST /api/v1/alerts/{id}/acknowledge', () => {
    it('answers 200 with the alert and its response', async () => {
      const member = await analyst();
      const id = await write({ organisationId: member.organisationId });

      const response = await acknowledge(member, id, { response: 'acknowledged', reason: 'On it.' }).expect(
        200,
      );

      expect(response.body).toMatchObject({
        id,
        state: 'acknowledged',
        response: {
          state: 'acknowledged',
          respondedBy: 'Test Member',
          respondedAt: expect.stringMatching(/Z$/),
          reason: 'On it.',
          forwardedTo: null,
        },
      });
    });

    it('answers 409 problem to a second response', async () => {
      const member = await analyst();
      const id = await write({ organisationId: member.organisationId });
      await acknowledge(member, id, { response: 'acknowledged' }).expect(200);

      const response = await acknowledge(member, id, {
        response: 'declined',
        reason: 'Changed our mind.',
      }).expect(409);

      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ code: 'alert.already_responded' });
    });

    it('answers 403 to a member who is not an analyst', async () => {
      const member = await analyst();
      const liaison = await insert.member(db, { organisation: member.organisationCode, roles: ['liaison'] });
      const id = await write({ organisationId: member.organisationId });

      const response = await acknowledge(liaison, id, { response: 'acknowledged' }).expect(403);

      expect(response.body).toMatchObject({ code: 'auth.forbidden' });
    });

    it.each([
      ['declined without a reason', { response: 'declined' }, 'reason'],
      ['a blank reason', { response: 'declined', reason: '   ' }, 'reason'],
      [
        'forwardTo with another response than not-competent',
        { response: 'acknowledged', forwardTo: 'NCTV' },
        'forwardTo',
      ],
      ['an unknown response', { response: 'maybe' }, 'response'],
      ['an unknown field', { response: 'acknowledged', organisationId: 'x' }, 'organisationId'],
    ])('answers 400 to %s', async (_case, body, field) => {
      const member = await analyst();
      const id = await write({ organisationId: member.organisationId });

      const response = await acknowledge(member, id, body).expect(400);

      expect(response.body.code).toBe('validation_failed');
      const errors = response.body.errors as { field: string }[];
      expect(errors.map((error) => error.field)).toContain(field);
    });

    it("answers 404 for another organisation's alert", async () => {
      const [member, other] = [await analyst(), await analyst()];
      const id = await write({ organisationId: other.organisationId });

      const response = await acknowledge(member, id, { response: 'acknowledged' }).expect(404);

      expect(response.body).toMatchObject({ code: 'alert.not_found' });
    });

    it('answers 422 to forwarding a RED signal to an organisation that may not see it', async () => {
      const member = await analyst();
      const outsider = await insert.organisation(db);
      const signal = await posted(build.submitSignal({ tlp: 'RED', addressees: [member.organisationCode] }));
      const [alert] = await db.sql<{ id: string }>(
        `SELECT id FROM alerts WHERE signal_id = $1 AND organisation_id = $2`,
        [signal.id, member.organisationId],
      );

      const response = await acknowledge(member, alert?.id ?? '', {
        response: 'not-competent',
        forwardTo: outsider.code,
      }).expect(422);

      expect(response.body).toMatchObject({
        code: 'alert.forward_not_allowed',
        errors: [{ field: 'forwardTo' }],
      });
    });

    it('forwards to another organisation, which then lists an alert of its own', async () => {
      const member = await analyst();
      const target = await analyst();
      const signal = await posted(
        build.submitSignal({ tlp: 'AMBER', addressees: [member.organisationCode] }),
      );
      const [alert] = await db.sql<{ id: string }>(
        `SELECT id FROM alerts WHERE signal_id = $1 AND organisation_id = $2`,
        [signal.id, member.organisationId],
      );

      await acknowledge(member, alert?.id ?? '', {
        response: 'not-competent',
        forwardTo: target.organisationCode,
      }).expect(200);
      await db.sequenceAlerts();
      const listed = await request(db.http).get(ALERTS).set(target.auth).expect(200);

      expect(listed.body.items).toEqual([
        expect.objectContaining({
          parentAlertId: alert?.id,
          reasons: [{ type: 'forwarded', fromOrganisation: member.organisationCode, fromAlertId: alert?.id }],
          signal: expect.objectContaining({ id: signal.id }),
        }),
      ]);
    });
  });

  it('documents the alert routes, the stream as text/event-stream', async () => {
    const response = await request(db.http).get('/api/docs-json').expect(200);
    const paths = response.body.paths as Record<
      string,
      Record<string, { responses: Record<string, { content?: object }> }>
    >;

    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([ALERTS, `${ALERTS}/stream`, `${ALERTS}/{id}`, `${ALERTS}/{id}/acknowledge`]),
    );
    expect(Object.keys(paths[`${ALERTS}/stream`]?.get?.responses['200']?.content ?? {})).toEqual([
      'text/event-stream',
    ]);
  });
});
