import { type DefaultTreeAdapterTypes, parse } from 'parse5';
import request from 'supertest';
import { build, insert, type TestMember } from '../factories/index.js';
import { TestDb } from '../setup/test-db.js';

const API = '/api/v1';

type Node = DefaultTreeAdapterTypes.Node;

function textOf(node: Node): string {
  if (node.nodeName === '#text') {
    return (node as DefaultTreeAdapterTypes.TextNode).value;
  }
  return 'childNodes' in node ? node.childNodes.map(textOf).join('') : '';
}

function listItems(node: Node): Node[] {
  const children = 'childNodes' in node ? node.childNodes : [];
  return [...(node.nodeName === 'li' ? [node] : []), ...children.flatMap(listItems)];
}

/**
 * The README's walk-through, as a new user would try it: a coordinator of the NCTV opens a case from two
 * AIVD signals, assigns a take-down request to BZK and a report to the AP, both are carried out, a second
 * coordinator approves closure, and the case report reads as the story of what happened.
 */
describe('a case from signals to closure', () => {
  let db: TestDb;
  let nctv: TestMember;
  let bzk: TestMember;
  let bzkAnalyst: TestMember;
  let apAnalyst: TestMember;

  beforeAll(async () => {
    db = await TestDb.create();
    nctv = await insert.member(db, {
      organisation: 'NCTV',
      roles: ['coordinator'],
      name: 'Coordinator NCTV',
    });
    bzk = await insert.member(db, { organisation: 'BZK', roles: ['coordinator'], name: 'Coordinator BZK' });
    bzkAnalyst = await insert.member(db, { organisation: 'BZK', roles: ['analyst'], name: 'Analyst BZK' });
    apAnalyst = await insert.member(db, { organisation: 'AP', roles: ['analyst'], name: 'Analyst AP' });
  });
  afterAll(() => db.destroy());

  it('ends in a closed case whose report tells what was seen, who was told, and what was done', async () => {
    const aivd = await insert.member(db, { organisation: 'AIVD', roles: ['liaison'] });
    const signals: string[] = [];
    for (const body of [
      build.submitSignal({
        title: 'Bot network: polling stations close at 18:00',
        tlp: 'AMBER',
        addressees: ['NCTV'],
      }),
      build.submitSignal({
        title: 'Microtargeted ads use party membership data',
        category: 'microtargeting',
      }),
    ]) {
      signals.push(
        (await request(db.http).post(`${API}/signals`).set(aivd.auth).send(body).expect(201)).body.id,
      );
    }

    const opened = await request(db.http)
      .post(`${API}/cases`)
      .set(nctv.auth)
      .send({
        title: 'False closing times and microtargeting, Amsterdam',
        summary: 'Two AIVD signals about the same campaign.',
        election: 'GR2018',
        priority: 'high',
        leadOrganisation: 'NCTV',
        signalIds: signals,
      })
      .expect(201);
    const caseId = opened.body.id as string;
    const dueAt = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const takeDown = await request(db.http)
      .post(`${API}/cases/${caseId}/actions`)
      .set(nctv.auth)
      .send({
        type: 'notice-and-take-down',
        title: 'Ask the platform to remove the bot posts',
        assignee: 'BZK',
        dueAt,
      })
      .expect(201);
    const report = await request(db.http)
      .post(`${API}/cases/${caseId}/actions`)
      .set(nctv.auth)
      .send({ type: 'report-to-ap', title: 'Report the use of membership data', assignee: 'AP', dueAt })
      .expect(201);

    const bzkWork = await request(db.http)
      .get(`${API}/actions`)
      .query({ assignee: 'me', state: 'open' })
      .set(bzkAnalyst.auth)
      .expect(200);
    const bzkAlerts = await request(db.http).get(`${API}/alerts`).set(bzkAnalyst.auth).expect(200);
    for (const [analyst, action, outcome] of [
      [bzkAnalyst, takeDown, 'Platform removed 212 posts and 40 accounts.'],
      [apAnalyst, report, 'AP opened an investigation (ref. AP-2018-77).'],
    ] as const) {
      await request(db.http)
        .post(`${API}/actions/${action.body.id}/status`)
        .set(analyst.auth)
        .send({ status: 'in-progress' })
        .expect(200);
      await request(db.http)
        .post(`${API}/actions/${action.body.id}/status`)
        .set(analyst.auth)
        .send({ status: 'done', outcome })
        .expect(200);
    }
    const closure = await request(db.http)
      .post(`${API}/cases/${caseId}/closure-requests`)
      .set(nctv.auth)
      .send({ summary: 'Posts removed, AP investigating.' })
      .expect(201);
    await request(db.http)
      .post(`${API}/cases/${caseId}/closure-requests/${closure.body.id}/approve`)
      .set(nctv.auth)
      .send({})
      .expect(403);
    const closed = await request(db.http)
      .post(`${API}/cases/${caseId}/closure-requests/${closure.body.id}/approve`)
      .set(bzk.auth)
      .send({ reason: 'Outcomes checked.' })
      .expect(200);
    const page = await request(db.http).get(`${API}/cases/${caseId}/report`).set(nctv.auth).expect(200);

    expect(bzkWork.body.items).toEqual([expect.objectContaining({ id: takeDown.body.id, caseId })]);
    expect(bzkAlerts.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'action-assigned', details: expect.objectContaining({ caseId }) }),
      ]),
    );
    expect(closed.body).toMatchObject({ status: 'closed' });
    const story = listItems(parse(page.text)).map((item) => textOf(item).replace(/\s+/g, ' '));
    expect(story).toEqual([
      expect.stringMatching(/#1 · .* · Coordinator NCTV \(NCTV\)Case opened Opened “False closing times/),
      expect.stringContaining('Signal linked Linked “'),
      expect.stringContaining('Signal linked Linked “'),
      expect.stringContaining('Action assigned notice-and-take-down assigned to BZK'),
      expect.stringContaining('Action assigned report-to-ap assigned to AP'),
      expect.stringMatching(/Analyst BZK \(BZK\)Action updated “Ask the platform .*”: open → in-progress/),
      expect.stringContaining('in-progress → done. Outcome: Platform removed 212 posts and 40 accounts.'),
      expect.stringMatching(/Analyst AP \(AP\)Action updated/),
      expect.stringContaining('Outcome: AP opened an investigation (ref. AP-2018-77).'),
      expect.stringContaining('Closure requested Asked to close the case: Posts removed, AP investigating.'),
      expect.stringMatching(/Coordinator BZK \(BZK\)Closure approved .* Reason: Outcomes checked\./),
    ]);
    expect(textOf(parse(page.text))).toContain('verified intact (11 events)');
  });
});
