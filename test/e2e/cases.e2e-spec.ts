import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { build, buildCase, insert, type TestMember } from '../factories/index.js';
import { TestDb } from '../setup/test-db.js';

const API = '/api/v1';
const PROBLEM = /^application\/problem\+json/;

describe('cases API', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await TestDb.create();
  });
  afterAll(() => db.destroy());

  function coordinator(organisation = 'NCTV'): Promise<TestMember> {
    return insert.member(db, { organisation, roles: ['coordinator'] });
  }

  function analyst(organisation: string): Promise<TestMember> {
    return insert.member(db, { organisation, roles: ['analyst'] });
  }

  async function signal(body: object = {}): Promise<string> {
    const liaison = await insert.member(db, { organisation: 'AIVD', roles: ['liaison'] });
    const response = await request(db.http)
      .post(`${API}/signals`)
      .set(liaison.auth)
      .send(build.submitSignal(body))
      .expect(201);
    return response.body.id as string;
  }

  /** A case led by a fresh organisation, so that no other test's members may see it by leading it. */
  async function openCase(
    member: TestMember,
    overrides: Record<string, unknown> = {},
  ): Promise<{ id: string; lead: string }> {
    const lead = (overrides.leadOrganisation as string | undefined) ?? (await insert.organisation(db)).code;
    const response = await request(db.http)
      .post(`${API}/cases`)
      .set(member.auth)
      .send(buildCase.create({ leadOrganisation: lead, ...overrides }))
      .expect(201);
    return { id: response.body.id as string, lead };
  }

  function idsOf(response: request.Response): string[] {
    return (response.body as { items: { id: string }[] }).items.map((item) => item.id);
  }

  function read(member: TestMember, id: string): request.Test {
    return request(db.http).get(`${API}/cases/${id}`).set(member.auth);
  }

  function setStatus(member: TestMember, id: string, status: string, ifMatch?: string): request.Test {
    const test = request(db.http).post(`${API}/cases/${id}/status`).set(member.auth);
    return (ifMatch === undefined ? test : test.set('If-Match', ifMatch)).send({
      status,
      reason: `to ${status}`,
    });
  }

  function requestClosure(member: TestMember, id: string): request.Test {
    return request(db.http)
      .post(`${API}/cases/${id}/closure-requests`)
      .set(member.auth)
      .send({ summary: 'Taken down, debunked, and the parties were warned.' });
  }

  function decide(
    member: TestMember,
    id: string,
    requestId: string,
    decision: 'approve' | 'reject',
  ): request.Test {
    return request(db.http)
      .post(`${API}/cases/${id}/closure-requests/${requestId}/${decision}`)
      .set(member.auth)
      .send({ reason: 'Checked the outcomes.' });
  }

  async function closed(): Promise<{ id: string; first: TestMember; second: TestMember }> {
    const [first, second] = [await coordinator(), await coordinator('BZK')];
    const { id } = await openCase(first);
    const requested = await requestClosure(first, id).expect(201);
    await decide(second, id, requested.body.id as string, 'approve').expect(200);
    return { id, first, second };
  }

  async function kindsOf(caseId: string): Promise<string[]> {
    const rows = await db.sql<{ kind: string }>(
      `SELECT kind FROM case_events WHERE case_id = $1 ORDER BY position`,
      [caseId],
    );
    return rows.map((row) => row.kind);
  }

  describe('POST /api/v1/cases', () => {
    it('answers 401 problem without a token', async () => {
      const response = await request(db.http).post(`${API}/cases`).send(buildCase.create()).expect(401);

      expect(response.headers['content-type']).toMatch(PROBLEM);
    });

    it('answers 403 problem to a member who is not a coordinator', async () => {
      const member = await analyst('NCTV');

      const response = await request(db.http)
        .post(`${API}/cases`)
        .set(member.auth)
        .send(buildCase.create())
        .expect(403);

      expect(response.body.code).toBe('auth.forbidden');
    });

    it('answers 201 with the case, its signals and ETag "1"', async () => {
      const member = await coordinator();
      const [one, two] = [await signal(), await signal()];
      const body = buildCase.create({ priority: 'high', signalIds: [one, two] });

      const response = await request(db.http).post(`${API}/cases`).set(member.auth).send(body).expect(201);

      expect(response.headers.etag).toBe('"1"');
      expect(response.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        title: body.title,
        summary: body.summary,
        election: 'GR2018',
        priority: 'high',
        leadOrganisation: 'NCTV',
        status: 'open',
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        closedAt: null,
        // Linked at the same moment: in id order.
        signals: [one, two]
          .sort()
          .map((id): unknown =>
            expect.objectContaining({ id, reporter: 'AIVD', category: 'disinformation', tlp: 'GREEN' }),
          ),
        pendingClosureRequest: null,
      });
      expect(await kindsOf(response.body.id)).toEqual([
        'case.created',
        'case.signal_linked',
        'case.signal_linked',
      ]);
    });

    it('answers 400 problem naming every invalid field', async () => {
      const member = await coordinator();

      const response = await request(db.http)
        .post(`${API}/cases`)
        .set(member.auth)
        .send({
          ...buildCase.create(),
          title: ' ',
          priority: 'extreme',
          leadOrganisation: 'N!',
          signalIds: ['x'],
        })
        .expect(400);

      const fields = (response.body.errors as { field: string }[]).map((error) => error.field).sort();
      expect(fields).toEqual(['leadOrganisation', 'priority', 'signalIds', 'title']);
    });

    it('answers 400 rather than a database error for text the timeline could not store', async () => {
      const member = await coordinator();

      const response = await request(db.http)
        .post(`${API}/cases`)
        .set(member.auth)
        .set('content-type', 'application/json')
        .send(
          '{"title":"x\\ud800y","summary":"s","election":"GR2018","priority":"low","leadOrganisation":"NCTV"}',
        )
        .expect(400);

      expect(response.body.errors).toEqual([
        { field: 'title', messages: [expect.stringContaining('Unicode')] },
      ]);
    });

    it('answers 422 problem naming every unknown reference, and stores nothing', async () => {
      const member = await coordinator();
      const red = await signal({ tlp: 'RED', addressees: ['BZK'] });
      const title = `Nothing stored ${randomUUID()}`;

      const response = await request(db.http)
        .post(`${API}/cases`)
        .set(member.auth)
        .send(buildCase.create({ title, election: 'TK2099', leadOrganisation: 'NOPE', signalIds: [red] }))
        .expect(422);

      expect(response.body.code).toBe('case.unknown_reference');
      expect(response.body.errors).toEqual([
        { field: 'election', messages: ['TK2099 is not a known election'] },
        { field: 'leadOrganisation', messages: ['NOPE is not a known organisation'] },
        { field: 'signalIds.0', messages: [`there is no signal ${red} you may see`] },
      ]);
      expect(await db.sql(`SELECT 1 FROM cases WHERE title = $1`, [title])).toEqual([]);
    });
  });

  describe('who may see a case', () => {
    it('shows a case to its lead organisation, to coordinators, and to organisations holding an action', async () => {
      const owner = await coordinator();
      const { id, lead } = await openCase(owner);
      const assignee = await insert.organisation(db);
      const [leadAnalyst, assigneeAnalyst, otherCoordinator] = [
        await analyst(lead),
        await analyst(assignee.code),
        await coordinator('BZK'),
      ];
      const before = await read(assigneeAnalyst, id).expect(404);

      await request(db.http)
        .post(`${API}/cases/${id}/actions`)
        .set(owner.auth)
        .send(buildCase.action({ assignee: assignee.code }))
        .expect(201);

      await read(leadAnalyst, id).expect(200);
      await read(otherCoordinator, id).expect(200);
      await read(assigneeAnalyst, id).expect(200);
      expect(before.body.code).toBe('case.not_found');
    });

    it('answers 404 to any other organisation, and leaves the case out of its list', async () => {
      const { id } = await openCase(await coordinator());
      const outsider = await analyst((await insert.organisation(db)).code);

      const response = await read(outsider, id).expect(404);
      const listed = await request(db.http).get(`${API}/cases`).set(outsider.auth).expect(200);

      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(listed.body).toEqual({ items: [], nextCursor: null });
    });

    it('keeps a linked RED signal hidden from a participant it was not addressed to, timeline included', async () => {
      const nctv = await coordinator();
      const red = await signal({ tlp: 'RED', addressees: ['NCTV'], title: 'Leak of the OSV test plan' });
      const { id, lead } = await openCase(nctv, { signalIds: [red] });
      const participant = await analyst(lead);

      const [asParticipant, asAddressee, timeline, direct] = await Promise.all([
        read(participant, id).expect(200),
        read(nctv, id).expect(200),
        request(db.http).get(`${API}/cases/${id}/timeline`).set(participant.auth).expect(200),
        request(db.http).get(`${API}/signals/${red}`).set(participant.auth),
      ]);

      expect(asParticipant.body.signals).toEqual([]);
      expect(asAddressee.body.signals).toEqual([expect.objectContaining({ id: red, tlp: 'RED' })]);
      expect(direct.status).toBe(404);
      expect(timeline.body.items[1]).toEqual({
        id: expect.any(String),
        position: 2,
        kind: 'case.signal_linked',
        occurredAt: expect.any(String),
        actor: { organisation: 'NCTV', member: null },
        signalId: null,
        actionId: null,
        details: null,
        isRedacted: true,
        hash: null,
      });
      expect(JSON.stringify(timeline.body)).not.toContain(red);
    });

    it('refuses to link a signal the coordinator may not see, with a 404', async () => {
      const member = await coordinator();
      const { id } = await openCase(member);
      const red = await signal({ tlp: 'RED', addressees: ['BZK'] });

      const response = await request(db.http)
        .post(`${API}/cases/${id}/signals/${red}`)
        .set(member.auth)
        .expect(404);

      expect(response.body.code).toBe('signal.not_found');
      expect(await kindsOf(id)).toEqual(['case.created']);
    });
  });

  describe('GET /api/v1/cases', () => {
    it('lists newest first, filters by status, and pages with a cursor', async () => {
      const member = await coordinator();
      const lead = (await insert.organisation(db)).code;
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        ids.push((await openCase(member, { leadOrganisation: lead })).id);
      }
      await setStatus(member, ids[1]!, 'investigating').expect(200);
      const page = (query: Record<string, string | number>) =>
        request(db.http)
          .get(`${API}/cases`)
          .query({ leadOrganisation: lead, ...query })
          .set(member.auth)
          .expect(200);

      const first = await page({ limit: 2 });
      const second = await page({ limit: 2, cursor: first.body.nextCursor as string });
      const investigating = await page({ status: 'investigating' });

      expect(idsOf(first)).toEqual([ids[2], ids[1]]);
      expect(second.body).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
      expect(idsOf(investigating)).toEqual([ids[1]]);
    });

    it('answers 400 problem for a cursor that is not one', async () => {
      const member = await coordinator();

      await request(db.http).get(`${API}/cases`).query({ cursor: 'garbage' }).set(member.auth).expect(400);
    });
  });

  describe('PATCH /api/v1/cases/{id}', () => {
    function patch(member: TestMember, id: string, body: object, ifMatch?: string): request.Test {
      const test = request(db.http).patch(`${API}/cases/${id}`).set(member.auth);
      return (ifMatch === undefined ? test : test.set('If-Match', ifMatch)).send(body);
    }

    it('answers 428 problem without If-Match', async () => {
      const member = await coordinator();
      const { id } = await openCase(member);

      const response = await patch(member, id, { title: 'New title' }).expect(428);

      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ status: 428, code: 'case.precondition_required' });
    });

    it('answers 428 problem for If-Match: *, which names no version', async () => {
      const member = await coordinator();
      const { id } = await openCase(member);

      await patch(member, id, { title: 'New title' }, '*').expect(428);
    });

    it('answers 412 problem for an ETag that is no longer current, and changes nothing', async () => {
      const [one, two] = [await coordinator(), await coordinator('BZK')];
      const { id } = await openCase(one);
      const stale = (await read(one, id).expect(200)).headers.etag as string;
      await patch(two, id, { priority: 'urgent' }, stale).expect(200);

      const response = await patch(one, id, { title: 'Lost update' }, stale).expect(412);

      expect(response.body).toMatchObject({ status: 412, code: 'case.version_mismatch', currentVersion: 2 });
      expect((await read(one, id)).body).toMatchObject({ priority: 'urgent', version: 2 });
    });

    it('lets exactly one of two simultaneous edits of the same version through', async () => {
      const [one, two] = [await coordinator(), await coordinator('BZK')];
      const { id } = await openCase(one);

      const responses = await Promise.all([
        patch(one, id, { title: 'Edit by NCTV' }, '"1"'),
        patch(two, id, { title: 'Edit by BZK' }, '"1"'),
      ]);

      expect(responses.map((response) => response.status).sort()).toEqual([200, 412]);
      expect(await kindsOf(id)).toEqual(['case.created', 'case.updated']);
    });

    it('applies the change with the current ETag, answers the next one, and records what changed', async () => {
      const member = await coordinator();
      const { id, lead } = await openCase(member);
      const etag = (await read(member, id)).headers.etag as string;

      const response = await patch(member, id, { title: 'Renamed', leadOrganisation: 'BZK' }, etag).expect(
        200,
      );

      expect(response.headers.etag).toBe('"2"');
      expect(response.body).toMatchObject({ title: 'Renamed', leadOrganisation: 'BZK', version: 2 });
      const [event] = await db.sql<{ details: object }>(
        `SELECT details FROM case_events WHERE case_id = $1 AND kind = 'case.updated'`,
        [id],
      );
      expect(event?.details).toEqual({
        changed: {
          title: { from: expect.any(String), to: 'Renamed' },
          leadOrganisation: { from: lead, to: 'BZK' },
        },
      });
    });

    it('keeps the version and records nothing when nothing changes', async () => {
      const member = await coordinator();
      const { id } = await openCase(member, { priority: 'low' });

      const response = await patch(member, id, { priority: 'low' }, '"1"').expect(200);

      expect(response.headers.etag).toBe('"1"');
      expect(await kindsOf(id)).toEqual(['case.created']);
    });
  });

  describe('POST /api/v1/cases/{id}/status', () => {
    it.each([
      [[], 'investigating'],
      [['investigating'], 'mitigating'],
      [['investigating', 'mitigating'], 'investigating'],
      [['investigating'], 'open'],
    ])('after %j moves to %s', async (before, status) => {
      const member = await coordinator();
      const { id } = await openCase(member);
      for (const step of before) {
        await setStatus(member, id, step).expect(200);
      }

      const response = await setStatus(member, id, status).expect(200);

      expect(response.body).toMatchObject({ status, version: before.length + 2 });
      expect(await kindsOf(id)).toEqual([
        'case.created',
        ...before.map(() => 'case.status_changed'),
        'case.status_changed',
      ]);
    });

    it.each([
      [[], 'mitigating'],
      [[], 'open'],
      [['investigating', 'mitigating'], 'open'],
    ])('after %j refuses %s with 409', async (before, status) => {
      const member = await coordinator();
      const { id } = await openCase(member);
      for (const step of before) {
        await setStatus(member, id, step).expect(200);
      }

      const response = await setStatus(member, id, status).expect(409);

      expect(response.body.code).toBe('case.invalid_transition');
    });

    it('answers 400 for closed, which only a closure request reaches', async () => {
      const member = await coordinator();
      const { id } = await openCase(member);

      await setStatus(member, id, 'closed').expect(400);
    });

    it('answers 412 for a stale If-Match, and 200 for the current one', async () => {
      const member = await coordinator();
      const { id } = await openCase(member);
      await setStatus(member, id, 'investigating', '"1"').expect(200);

      const stale = await setStatus(member, id, 'mitigating', '"1"').expect(412);
      await setStatus(member, id, 'mitigating', '"2"').expect(200);

      expect(stale.body.code).toBe('case.version_mismatch');
    });

    it('answers 403 to an analyst of the lead organisation', async () => {
      const { id, lead } = await openCase(await coordinator());

      await setStatus(await analyst(lead), id, 'investigating').expect(403);
    });
  });

  describe('closure (four eyes)', () => {
    it('refuses the requester’s own approval with 403, and closes on another coordinator’s', async () => {
      const [first, second] = [await coordinator(), await coordinator('BZK')];
      const { id } = await openCase(first);
      const requested = await requestClosure(first, id).expect(201);
      const requestId = requested.body.id as string;

      const own = await decide(first, id, requestId, 'approve').expect(403);
      const approved = await decide(second, id, requestId, 'approve').expect(200);

      expect(requested.body).toMatchObject({
        state: 'pending',
        requestedBy: { organisation: 'NCTV', member: { id: first.id, name: 'Test Member' } },
        decidedBy: null,
      });
      expect(own.body).toMatchObject({ code: 'case.four_eyes_required' });
      expect(own.body.detail).toMatch(/different coordinator/);
      expect(approved.body).toMatchObject({
        status: 'closed',
        closedAt: expect.any(String),
        pendingClosureRequest: null,
      });
      expect(await kindsOf(id)).toEqual(['case.created', 'case.closure_requested', 'case.closure_approved']);
      const [row] = await db.sql<{ state: string; decided_by_member_id: string }>(
        `SELECT state, decided_by_member_id FROM case_closure_requests WHERE id = $1`,
        [requestId],
      );
      expect(row).toEqual({ state: 'approved', decided_by_member_id: second.id });
    });

    it('refuses the requester’s own rejection too', async () => {
      const member = await coordinator();
      const { id } = await openCase(member);
      const requested = await requestClosure(member, id).expect(201);

      const response = await decide(member, id, requested.body.id as string, 'reject').expect(403);

      expect(response.body.code).toBe('case.four_eyes_required');
    });

    it('keeps the case open when another coordinator rejects, and allows a new request', async () => {
      const [first, second] = [await coordinator(), await coordinator('BZK')];
      const { id } = await openCase(first);
      const requested = await requestClosure(first, id).expect(201);

      const rejected = await decide(second, id, requested.body.id as string, 'reject').expect(200);
      await requestClosure(first, id).expect(201);

      expect(rejected.body).toMatchObject({ status: 'open', pendingClosureRequest: null });
      expect(await kindsOf(id)).toEqual([
        'case.created',
        'case.closure_requested',
        'case.closure_rejected',
        'case.closure_requested',
      ]);
    });

    it('shows the pending request on the case', async () => {
      const member = await coordinator();
      const { id } = await openCase(member);
      const requested = await requestClosure(member, id).expect(201);

      const response = await read(member, id).expect(200);

      expect(response.body.pendingClosureRequest).toEqual(requested.body);
    });

    it('allows one pending request at a time', async () => {
      const member = await coordinator();
      const { id } = await openCase(member);
      await requestClosure(member, id).expect(201);

      const response = await requestClosure(await coordinator('BZK'), id).expect(409);

      expect(response.body.code).toBe('case.closure_pending');
    });

    it('refuses closure while an action is unfinished', async () => {
      const member = await coordinator();
      const { id } = await openCase(member);
      await request(db.http)
        .post(`${API}/cases/${id}/actions`)
        .set(member.auth)
        .send(buildCase.action())
        .expect(201);

      const response = await requestClosure(member, id).expect(409);

      expect(response.body).toMatchObject({ code: 'case.unfinished_actions', unfinishedActions: 1 });
    });

    it('answers 409 for a request decided already, and 404 for one that does not exist', async () => {
      const { id, second } = await closed();
      const [row] = await db.sql<{ id: string }>(`SELECT id FROM case_closure_requests WHERE case_id = $1`, [
        id,
      ]);
      const third = await coordinator();

      const again = await decide(third, id, row!.id, 'approve').expect(409);
      const unknown = await decide(second, id, randomUUID(), 'approve').expect(404);

      expect([again.body.code, unknown.body.code]).toEqual([
        'case.closure_request_not_pending',
        'case.closure_request_not_found',
      ]);
    });

    it('refuses changes to a closed case with 409', async () => {
      const { id, first } = await closed();
      const green = await signal();

      const responses = await Promise.all([
        request(db.http)
          .patch(`${API}/cases/${id}`)
          .set(first.auth)
          .set('If-Match', '"3"')
          .send({ title: 'x' }),
        setStatus(first, id, 'investigating'),
        request(db.http).post(`${API}/cases/${id}/signals/${green}`).set(first.auth),
        request(db.http).post(`${API}/cases/${id}/actions`).set(first.auth).send(buildCase.action()),
        requestClosure(first, id),
      ]);

      expect(
        responses.map((response) => [response.status, (response.body as { code: string }).code]),
      ).toEqual(Array.from({ length: 5 }, () => [409, 'case.closed']));
    });
  });

  describe('POST /api/v1/cases/{id}/reopen', () => {
    it('reopens a closed case', async () => {
      const { id, first } = await closed();

      const response = await request(db.http)
        .post(`${API}/cases/${id}/reopen`)
        .set(first.auth)
        .send({ reason: 'The same claims are back.' })
        .expect(200);

      expect(response.body).toMatchObject({ status: 'open', closedAt: null, version: 4 });
      expect((await kindsOf(id)).at(-1)).toBe('case.reopened');
    });

    it('answers 409 for a case that is not closed', async () => {
      const member = await coordinator();
      const { id } = await openCase(member);

      const response = await request(db.http)
        .post(`${API}/cases/${id}/reopen`)
        .set(member.auth)
        .send({ reason: 'Why not' })
        .expect(409);

      expect(response.body.code).toBe('case.not_closed');
    });
  });

  describe('signals of a case', () => {
    it('links a signal once, however often it is linked, and unlinks it', async () => {
      const member = await coordinator();
      const { id } = await openCase(member);
      const green = await signal();

      const linked = await request(db.http)
        .post(`${API}/cases/${id}/signals/${green}`)
        .set(member.auth)
        .expect(200);
      const again = await request(db.http)
        .post(`${API}/cases/${id}/signals/${green}`)
        .set(member.auth)
        .expect(200);
      const unlinked = await request(db.http)
        .delete(`${API}/cases/${id}/signals/${green}`)
        .set(member.auth)
        .expect(200);

      expect([linked.body.version, again.body.version, unlinked.body.version]).toEqual([2, 2, 3]);
      expect(linked.body.signals).toEqual([
        expect.objectContaining({ id: green, linkedAt: expect.any(String) }),
      ]);
      expect(unlinked.body.signals).toEqual([]);
      expect(await kindsOf(id)).toEqual(['case.created', 'case.signal_linked', 'case.signal_unlinked']);
    });

    it('lets a signal belong to several cases', async () => {
      const member = await coordinator();
      const green = await signal();

      const [one, two] = [
        await openCase(member, { signalIds: [green] }),
        await openCase(member, { signalIds: [green] }),
      ];

      expect(await db.sql(`SELECT case_id FROM case_signals WHERE signal_id = $1`, [green])).toHaveLength(2);
      expect(one.id).not.toBe(two.id);
    });

    it('answers 404 for unlinking a signal that is not linked', async () => {
      const member = await coordinator();
      const { id } = await openCase(member);

      const response = await request(db.http)
        .delete(`${API}/cases/${id}/signals/${await signal()}`)
        .set(member.auth)
        .expect(404);

      expect(response.body.code).toBe('case.signal_not_linked');
    });
  });

  describe('POST /api/v1/cases/{id}/notes', () => {
    it('lets any member of an organisation that may see the case add a note, as a timeline event', async () => {
      const { id, lead } = await openCase(await coordinator());
      const liaison = await insert.member(db, { organisation: lead, roles: ['liaison'], name: 'Piet' });

      const response = await request(db.http)
        .post(`${API}/cases/${id}/notes`)
        .set(liaison.auth)
        .send({ text: 'Called the platform: <b>ticket</b> 4711.' })
        .expect(201);

      expect(response.body).toMatchObject({
        position: 2,
        kind: 'case.note_added',
        actor: { organisation: lead, member: { id: liaison.id, name: 'Piet' } },
        details: { text: 'Called the platform: <b>ticket</b> 4711.' },
        isRedacted: false,
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
    });

    it('answers 404 to an organisation that may not see the case', async () => {
      const { id } = await openCase(await coordinator());
      const outsider = await analyst((await insert.organisation(db)).code);

      await request(db.http)
        .post(`${API}/cases/${id}/notes`)
        .set(outsider.auth)
        .send({ text: 'x' })
        .expect(404);

      expect(await kindsOf(id)).toEqual(['case.created']);
    });
  });
});
