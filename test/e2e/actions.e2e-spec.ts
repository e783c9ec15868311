import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { buildCase, insert, type TestMember } from '../factories/index.js';
import { TestDb } from '../setup/test-db.js';

const API = '/api/v1';

describe('follow-up actions API', () => {
  let db: TestDb;
  let coordinator: TestMember;
  beforeAll(async () => {
    db = await TestDb.create();
    coordinator = await insert.member(db, { organisation: 'NCTV', roles: ['coordinator'] });
  });
  afterAll(() => db.destroy());

  async function openCase(): Promise<string> {
    const lead = await insert.organisation(db);
    const response = await request(db.http)
      .post(`${API}/cases`)
      .set(coordinator.auth)
      .send(buildCase.create({ leadOrganisation: lead.code }))
      .expect(201);
    return response.body.id as string;
  }

  function assign(caseId: string, body: object): request.Test {
    return request(db.http).post(`${API}/cases/${caseId}/actions`).set(coordinator.auth).send(body);
  }

  /** An action assigned to a fresh organisation, with an analyst of it. */
  async function assigned(
    overrides: Record<string, unknown> = {},
  ): Promise<{ caseId: string; actionId: string; analyst: TestMember }> {
    const caseId = await openCase();
    const assignee = await insert.organisation(db);
    const response = await assign(caseId, buildCase.action({ assignee: assignee.code, ...overrides })).expect(
      201,
    );
    const analyst = await insert.member(db, { organisation: assignee.code, roles: ['analyst'] });
    return { caseId, actionId: response.body.id as string, analyst };
  }

  function idsOf(response: request.Response): string[] {
    return (response.body as { items: { id: string }[] }).items.map((item) => item.id);
  }

  function move(member: TestMember, actionId: string, body: object): request.Test {
    return request(db.http).post(`${API}/actions/${actionId}/status`).set(member.auth).send(body);
  }

  describe('POST /api/v1/cases/{id}/actions', () => {
    it('answers 201 with the action', async () => {
      const caseId = await openCase();
      const body = buildCase.action({
        type: 'notice-and-take-down',
        description: 'Ask for removal of the three posts.',
        dueAt: '2099-03-20T17:00:00+01:00',
        counterpartRef: 'FB-2018-118',
      });

      const response = await assign(caseId, body).expect(201);

      expect(response.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        caseId,
        caseTitle: expect.any(String),
        type: 'notice-and-take-down',
        title: body.title,
        description: 'Ask for removal of the three posts.',
        assignee: 'BZK',
        dueAt: '2099-03-20T16:00:00.000Z',
        counterpartRef: 'FB-2018-118',
        status: 'open',
        outcome: null,
        isOverdue: false,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        finishedAt: null,
      });
    });

    it('alerts the assignee in the same transaction, naming the case and the action', async () => {
      const caseId = await openCase();
      const assignee = await insert.organisation(db);

      const response = await assign(caseId, buildCase.action({ assignee: assignee.code })).expect(201);

      const alerts = await db.sql(
        `SELECT kind, signal_id, election, state, details FROM alerts WHERE organisation_id = $1`,
        [assignee.id],
      );
      expect(alerts).toEqual([
        {
          kind: 'action-assigned',
          signal_id: null,
          election: 'GR2018',
          state: 'open',
          details: {
            caseId,
            caseTitle: response.body.caseTitle,
            actionId: response.body.id,
            actionTitle: response.body.title,
            type: 'fact-check',
            dueAt: response.body.dueAt,
            assignedBy: 'NCTV',
          },
        },
      ]);
    });

    it('records the action on the timeline', async () => {
      const caseId = await openCase();

      const response = await assign(caseId, buildCase.action()).expect(201);

      const events = await db.sql(
        `SELECT kind, action_id FROM case_events WHERE case_id = $1 ORDER BY position`,
        [caseId],
      );
      expect(events).toEqual([
        { kind: 'case.created', action_id: null },
        { kind: 'case.action_added', action_id: response.body.id },
      ]);
    });

    it('answers 403 to an analyst', async () => {
      const caseId = await openCase();
      const analyst = await insert.member(db, { organisation: 'NCTV', roles: ['analyst'] });

      await request(db.http)
        .post(`${API}/cases/${caseId}/actions`)
        .set(analyst.auth)
        .send(buildCase.action())
        .expect(403);
    });

    it('answers 422 naming an unknown type and organisation', async () => {
      const response = await assign(
        await openCase(),
        buildCase.action({ type: 'prayer', assignee: 'NOPE' }),
      ).expect(422);

      expect(response.body).toMatchObject({
        code: 'action.unknown_reference',
        errors: [
          { field: 'type', messages: ['prayer is not an action type of the taxonomy'] },
          { field: 'assignee', messages: ['NOPE is not a known organisation'] },
        ],
      });
    });

    it('answers 422 for a due time in the past', async () => {
      const response = await assign(
        await openCase(),
        buildCase.action({ dueAt: '2018-03-20T17:00:00+01:00' }),
      ).expect(422);

      expect(response.body.code).toBe('action.due_in_past');
    });

    it('answers 400 naming invalid fields', async () => {
      const response = await assign(await openCase(), {
        ...buildCase.action(),
        dueAt: 'tomorrow',
        title: '',
        extra: 1,
      }).expect(400);

      const fields = (response.body.errors as { field: string }[]).map((error) => error.field).sort();
      expect(fields).toEqual(['dueAt', 'extra', 'title']);
    });

    it('answers 404 for a case that does not exist', async () => {
      await assign(randomUUID(), buildCase.action()).expect(404);
    });
  });

  describe('GET /api/v1/actions/{id}', () => {
    it('shows the action to the assignee, and 404 to an organisation that may not see its case', async () => {
      const { actionId, analyst } = await assigned();
      const outsider = await insert.member(db, {
        organisation: (await insert.organisation(db)).code,
        roles: ['analyst'],
      });

      const mine = await request(db.http).get(`${API}/actions/${actionId}`).set(analyst.auth).expect(200);
      const theirs = await request(db.http).get(`${API}/actions/${actionId}`).set(outsider.auth).expect(404);

      expect(mine.body.id).toBe(actionId);
      expect(theirs.body.code).toBe('action.not_found');
    });
  });

  describe('POST /api/v1/actions/{id}/status', () => {
    it.each<[object[], { status: string; outcome?: string }]>([
      [[], { status: 'in-progress' }],
      [[{ status: 'in-progress' }], { status: 'done', outcome: 'Platform removed 3 posts.' }],
      [[{ status: 'in-progress' }], { status: 'cancelled', outcome: 'The posts were gone already.' }],
      [[], { status: 'cancelled', outcome: 'Overtaken by the platform itself.' }],
    ])('after %j accepts %j from an analyst of the assignee', async (before, change) => {
      const { caseId, actionId, analyst } = await assigned();
      for (const step of before) {
        await move(analyst, actionId, step).expect(200);
      }

      const response = await move(analyst, actionId, change).expect(200);

      expect(response.body).toMatchObject({ status: change.status, outcome: change.outcome ?? null });
      expect(response.body.finishedAt === null).toBe(change.status === 'in-progress');
      const events = await db.sql<{ details: { from: string; to: string } }>(
        `SELECT details FROM case_events WHERE case_id = $1 AND kind = 'case.action_status_changed' ORDER BY position`,
        [caseId],
      );
      expect(events.at(-1)?.details).toMatchObject({ to: change.status, outcome: change.outcome ?? null });
      expect(events).toHaveLength(before.length + 1);
    });

    it.each([
      [[], { status: 'done', outcome: 'x' }],
      [[], { status: 'open' }],
      [[{ status: 'in-progress' }], { status: 'open' }],
      [[{ status: 'in-progress' }, { status: 'done', outcome: 'Done.' }], { status: 'in-progress' }],
      [[{ status: 'cancelled', outcome: 'No.' }], { status: 'done', outcome: 'Yes.' }],
    ])('after %j refuses %j with 409', async (before, change) => {
      const { actionId, analyst } = await assigned();
      for (const step of before) {
        await move(analyst, actionId, step).expect(200);
      }

      const response = await move(analyst, actionId, change).expect(409);

      expect(response.body.code).toBe('action.invalid_transition');
    });

    it.each(['done', 'cancelled'])('answers 422 for %s without an outcome', async (status) => {
      const { actionId, analyst } = await assigned();
      await move(analyst, actionId, { status: 'in-progress' }).expect(200);

      const response = await move(analyst, actionId, { status }).expect(422);

      expect(response.body).toMatchObject({
        code: 'action.outcome_required',
        errors: [{ field: 'outcome' }],
      });
    });

    it('answers 400 for an outcome on a step that does not finish the action', async () => {
      const { actionId, analyst } = await assigned();

      const response = await move(analyst, actionId, { status: 'in-progress', outcome: 'Early.' }).expect(
        400,
      );

      expect(response.body.errors).toEqual([
        { field: 'outcome', messages: ['is only for done or cancelled'] },
      ]);
    });

    it('answers 403 to an analyst of another organisation that may see the case', async () => {
      const { caseId, actionId } = await assigned();
      const [lead] = await db.sql<{ code: string }>(
        `SELECT o.code FROM cases c JOIN organisations o ON o.id = c.lead_organisation_id WHERE c.id = $1`,
        [caseId],
      );
      const leadAnalyst = await insert.member(db, { organisation: lead!.code, roles: ['analyst'] });

      const response = await move(leadAnalyst, actionId, { status: 'in-progress' }).expect(403);

      expect(response.body.code).toBe('action.not_assignee');
    });

    it('answers 403 to a coordinator, and to a liaison of the assignee', async () => {
      const { actionId, analyst } = await assigned();
      const [{ code }] = (await db.sql<{ code: string }>(
        `SELECT o.code FROM members m JOIN organisations o ON o.id = m.organisation_id WHERE m.id = $1`,
        [analyst.id],
      )) as [{ code: string }];
      const liaison = await insert.member(db, { organisation: code, roles: ['liaison'] });

      await move(coordinator, actionId, { status: 'in-progress' }).expect(403);
      await move(liaison, actionId, { status: 'in-progress' }).expect(403);
    });

    it('answers 404 to an analyst of an organisation that may not see the case', async () => {
      const { actionId } = await assigned();
      const outsider = await insert.member(db, {
        organisation: (await insert.organisation(db)).code,
        roles: ['analyst'],
      });

      await move(outsider, actionId, { status: 'in-progress' }).expect(404);
    });
  });

  describe('GET /api/v1/actions', () => {
    it('gives an organisation its open work across cases, soonest due first, in pages', async () => {
      const assignee = await insert.organisation(db);
      const analyst = await insert.member(db, { organisation: assignee.code, roles: ['analyst'] });
      const [caseOne, caseTwo] = [await openCase(), await openCase()];
      const due = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
      const later = await assign(
        caseOne,
        buildCase.action({ assignee: assignee.code, dueAt: due(5) }),
      ).expect(201);
      const sooner = await assign(
        caseTwo,
        buildCase.action({ assignee: assignee.code, dueAt: due(2) }),
      ).expect(201);
      const finished = await assign(
        caseTwo,
        buildCase.action({ assignee: assignee.code, dueAt: due(1) }),
      ).expect(201);
      await assign(caseOne, buildCase.action({ dueAt: due(1) })).expect(201); // someone else's
      await move(analyst, finished.body.id as string, { status: 'cancelled', outcome: 'Not needed.' }).expect(
        200,
      );
      const list = (query: Record<string, string | number>) =>
        request(db.http).get(`${API}/actions`).query(query).set(analyst.auth).expect(200);

      const first = await list({ assignee: 'me', state: 'open', limit: 1 });
      const second = await list({
        assignee: 'me',
        state: 'open',
        limit: 1,
        cursor: first.body.nextCursor as string,
      });
      const done = await list({ assignee: 'me', state: 'finished' });

      expect(idsOf(first)).toEqual([sooner.body.id]);
      expect(second.body).toEqual({
        items: [expect.objectContaining({ id: later.body.id })],
        nextCursor: null,
      });
      expect(idsOf(done)).toEqual([finished.body.id]);
    });

    it('lists the actions of one case for a coordinator', async () => {
      const caseId = await openCase();
      const created = await assign(caseId, buildCase.action()).expect(201);

      const response = await request(db.http)
        .get(`${API}/actions`)
        .query({ case: caseId })
        .set(coordinator.auth)
        .expect(200);

      expect(response.body).toEqual({ items: [created.body], nextCursor: null });
    });

    it('answers 400 for an unknown state', async () => {
      await request(db.http).get(`${API}/actions`).query({ state: 'late' }).set(coordinator.auth).expect(400);
    });
  });
});
