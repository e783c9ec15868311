import { type DefaultTreeAdapterTypes, parse } from 'parse5';
import request from 'supertest';
import { build, buildCase, insert, type TestMember } from '../factories/index.js';
import { TestDb } from '../setup/test-db.js';

const API = '/api/v1';

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;

function isElement(node: Node): node is Element {
  return 'tagName' in node;
}

/** Every element of a parsed document, in document order. */
function elements(node: Node): Element[] {
  const children = 'childNodes' in node ? node.childNodes : [];
  return [...(isElement(node) ? [node] : []), ...children.flatMap(elements)];
}

/** The text of a node as a browser would show it (entities decoded). */
function textOf(node: Node): string {
  if (node.nodeName === '#text') {
    return (node as DefaultTreeAdapterTypes.TextNode).value;
  }
  return 'childNodes' in node ? node.childNodes.map(textOf).join('') : '';
}

function byId(document: Node, id: string): Element {
  const found = elements(document).find((element) =>
    element.attrs.some((a) => a.name === 'id' && a.value === id),
  );
  if (!found) {
    throw new Error(`no element #${id}`);
  }
  return found;
}

/** RFC 4180, strictly: quoted fields may hold commas, doubled quotes and line breaks; records end in CRLF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char === '"' && field === '') {
      const end = /^"((?:[^"]|"")*)"/.exec(text.slice(i));
      if (!end) {
        throw new Error(`unterminated quoted field at ${i}`);
      }
      field = end[1]!.replace(/""/g, '"');
      i += end[0].length;
      continue;
    }
    if (char === ',') {
      record.push(field);
      field = '';
    } else if (text.startsWith('\r\n', i)) {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else {
      field += char;
    }
    i++;
  }
  if (field !== '' || record.length > 0) {
    throw new Error('the last record does not end in CRLF');
  }
  return records;
}

describe('case timeline, CSV, verification and report', () => {
  let db: TestDb;
  let coordinator: TestMember;
  beforeAll(async () => {
    db = await TestDb.create();
    coordinator = await insert.member(db, {
      organisation: 'NCTV',
      roles: ['coordinator'],
      name: 'Coördinator NCTV',
    });
  });
  afterAll(() => db.destroy());

  async function signal(body: object = {}): Promise<string> {
    const liaison = await insert.member(db, { organisation: 'AIVD', roles: ['liaison'] });
    const response = await request(db.http)
      .post(`${API}/signals`)
      .set(liaison.auth)
      .send(build.submitSignal(body))
      .expect(201);
    return response.body.id as string;
  }

  async function openCase(overrides: Record<string, unknown> = {}): Promise<{ id: string; lead: string }> {
    const lead = (await insert.organisation(db)).code;
    const response = await request(db.http)
      .post(`${API}/cases`)
      .set(coordinator.auth)
      .send(buildCase.create({ leadOrganisation: lead, ...overrides }))
      .expect(201);
    return { id: response.body.id as string, lead };
  }

  function note(member: TestMember, caseId: string, text: string): request.Test {
    return request(db.http).post(`${API}/cases/${caseId}/notes`).set(member.auth).send({ text }).expect(201);
  }

  function timeline(
    member: TestMember,
    caseId: string,
    query: Record<string, string | number> = {},
  ): request.Test {
    return request(db.http).get(`${API}/cases/${caseId}/timeline`).query(query).set(member.auth);
  }

  describe('GET /api/v1/cases/{id}/timeline', () => {
    it('answers the events oldest first, each with its hash', async () => {
      const { id } = await openCase({ priority: 'high' });
      await note(coordinator, id, 'First call with the platform.');

      const response = await timeline(coordinator, id).expect(200);

      expect(response.body).toEqual({
        items: [
          {
            id: expect.any(String),
            position: 1,
            kind: 'case.created',
            occurredAt: expect.any(String),
            actor: { organisation: 'NCTV', member: { id: coordinator.id, name: 'Coördinator NCTV' } },
            signalId: null,
            actionId: null,
            details: expect.objectContaining({ priority: 'high', election: 'GR2018' }),
            isRedacted: false,
            hash: expect.stringMatching(/^[0-9a-f]{64}$/),
          },
          expect.objectContaining({ position: 2, kind: 'case.note_added' }),
        ],
        nextCursor: null,
      });
    });

    it('names the organisation but not the member to a reader of another organisation', async () => {
      const { id, lead } = await openCase();
      const reader = await insert.member(db, { organisation: lead, roles: ['analyst'] });

      const response = await timeline(reader, id).expect(200);

      expect(response.body.items[0].actor).toEqual({ organisation: 'NCTV', member: null });
    });

    it('filters by kind, organisation and time range', async () => {
      const { id, lead } = await openCase();
      const colleague = await insert.member(db, { organisation: lead, roles: ['analyst'] });
      await note(colleague, id, 'From the lead organisation.');
      await note(coordinator, id, 'From the NCTV.');
      const all = (await timeline(coordinator, id).expect(200)).body.items as { occurredAt: string }[];
      const kinds = async (query: Record<string, string>) =>
        ((await timeline(coordinator, id, query).expect(200)).body.items as { position: number }[]).map(
          (item) => item.position,
        );

      expect(await kinds({ kind: 'case.note_added' })).toEqual([2, 3]);
      expect(await kinds({ organisation: lead })).toEqual([2]);
      expect(await kinds({ organisation: 'NCTV' })).toEqual([1, 3]);
      expect(await kinds({ from: all[1]!.occurredAt })).toEqual([2, 3]);
      expect(await kinds({ to: all[1]!.occurredAt })).toEqual([1]);
    });

    it('pages with a cursor until nextCursor is null', async () => {
      const { id } = await openCase();
      for (const text of ['one', 'two', 'three']) {
        await note(coordinator, id, text);
      }
      const pages: number[][] = [];
      let cursor: string | null = null;

      do {
        const query: Record<string, string | number> = cursor === null ? { limit: 3 } : { limit: 3, cursor };
        const response = await timeline(coordinator, id, query).expect(200);
        pages.push((response.body.items as { position: number }[]).map((item) => item.position));
        cursor = response.body.nextCursor as string | null;
      } while (cursor !== null);

      expect(pages).toEqual([[1, 2, 3], [4]]);
    });

    it('answers 404 for a case the reader may not see, and 400 for a bad filter', async () => {
      const { id } = await openCase();
      const outsider = await insert.member(db, {
        organisation: (await insert.organisation(db)).code,
        roles: ['analyst'],
      });

      await timeline(outsider, id).expect(404);
      await timeline(coordinator, id, { kind: 'case.deleted' }).expect(400);
    });
  });

  describe('as CSV', () => {
    it('answers RFC 4180 CSV of the whole timeline, quoting what needs it', async () => {
      const { id } = await openCase();
      const awkward = 'Platform says: "removed", partly;\nsee ticket 12, 13';
      await note(coordinator, id, awkward);

      const response = await timeline(coordinator, id, { limit: 1 }).set('Accept', 'text/csv').expect(200);

      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      expect(response.headers['content-disposition']).toBe(`attachment; filename="case-${id}-timeline.csv"`);
      const rows = parseCsv(response.text);
      expect(rows[0]).toEqual([
        'position',
        'occurredAt',
        'kind',
        'organisation',
        'member',
        'signalId',
        'actionId',
        'details',
        'isRedacted',
        'hash',
      ]);
      expect(rows).toHaveLength(3);
      expect(rows[2]).toEqual([
        '2',
        expect.any(String),
        'case.note_added',
        'NCTV',
        'Coördinator NCTV',
        '',
        '',
        JSON.stringify({ text: awkward }),
        'false',
        expect.stringMatching(/^[0-9a-f]{64}$/),
      ]);
    });

    it.each(['=HYPERLINK("http://evil.example","x")', '+31 6 1234', '-2+3', '@SUM(A1:A2)'])(
      'keeps a spreadsheet from reading %j as a formula',
      async (title) => {
        const { id } = await openCase({ title });

        const response = await timeline(coordinator, id).set('Accept', 'text/csv').expect(200);

        const cells = parseCsv(response.text).flat();
        expect(cells.filter((cell) => /^[=+\-@]/.test(cell))).toEqual([]);
        expect(JSON.parse(parseCsv(response.text)[1]![7]!)).toMatchObject({ title });
      },
    );

    it('prefixes a cell that starts like a formula with a quote', async () => {
      const { id } = await openCase();
      const writer = await insert.member(db, { organisation: 'NCTV', roles: ['coordinator'], name: '=1+1' });
      await note(writer, id, 'Noted.');

      const response = await timeline(coordinator, id).set('Accept', 'text/csv').expect(200);

      expect(parseCsv(response.text)[2]![4]).toBe("'=1+1");
    });

    it('answers JSON when JSON is preferred', async () => {
      const { id } = await openCase();

      const response = await timeline(coordinator, id)
        .set('Accept', 'text/csv;q=0.5, application/json')
        .expect(200);

      expect(response.body.items).toHaveLength(1);
    });
  });

  describe('GET /api/v1/cases/{id}/timeline/verify', () => {
    it('finds an untouched timeline intact', async () => {
      const { id } = await openCase({ signalIds: [await signal()] });
      await note(coordinator, id, 'One more.');

      const response = await request(db.http)
        .get(`${API}/cases/${id}/timeline/verify`)
        .set(coordinator.auth)
        .expect(200);

      expect(response.body).toEqual({
        isIntact: true,
        verifiedEvents: 3,
        firstBreak: null,
        verifiedAt: expect.any(String),
      });
    });
  });

  describe('GET /api/v1/cases/{id}/report', () => {
    it('renders one self-contained page: summary, signals the reader may see, actions with outcomes, timeline', async () => {
      const green = await signal({ title: 'Bots claim the count is rigged' });
      const red = await signal({ tlp: 'RED', addressees: ['NCTV'], title: 'Secret source on the leak' });
      const { id, lead } = await openCase({
        title: 'Fake results <script>alert(1)</script> & more',
        summary: 'Claims that <b>OSV</b> is "hacked".\nSecond line.',
        signalIds: [green, red],
      });
      const assignee = await insert.organisation(db);
      const action = await request(db.http)
        .post(`${API}/cases/${id}/actions`)
        .set(coordinator.auth)
        .send(buildCase.action({ assignee: assignee.code, title: 'Ask <i>platform</i> to act' }))
        .expect(201);
      const analyst = await insert.member(db, { organisation: assignee.code, roles: ['analyst'] });
      for (const step of [
        { status: 'in-progress' },
        { status: 'done', outcome: 'Removed 3 posts <img src=x>.' },
      ]) {
        await request(db.http)
          .post(`${API}/actions/${action.body.id}/status`)
          .set(analyst.auth)
          .send(step)
          .expect(200);
      }
      const reader = await insert.member(db, { organisation: lead, roles: ['analyst'] });

      const response = await request(db.http).get(`${API}/cases/${id}/report`).set(reader.auth).expect(200);

      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['content-security-policy']).toBe(
        "default-src 'none'; style-src 'unsafe-inline'",
      );
      const document = parse(response.text);
      const all = elements(document);
      const tags = new Set(all.map((element) => element.tagName));
      expect(textOf(all.find((element) => element.tagName === 'h1')!)).toBe(
        'Fake results <script>alert(1)</script> & more',
      );
      expect(
        ['script', 'img', 'link', 'iframe', 'object', 'embed', 'base', 'form', 'b', 'i'].filter((t) =>
          tags.has(t),
        ),
      ).toEqual([]);
      expect(
        all
          .flatMap((element) => element.attrs)
          .filter((a) => ['src', 'href', 'srcset', 'action'].includes(a.name)),
      ).toEqual([]);
      expect(response.text).not.toMatch(/url\(|@import|https?:\/\//);
      expect(textOf(byId(document, 'summary'))).toContain(
        'Claims that <b>OSV</b> is "hacked".\nSecond line.',
      );
      const signals = textOf(byId(document, 'signals'));
      expect(signals).toContain('Bots claim the count is rigged');
      expect(signals).not.toContain('Secret source on the leak');
      const actions = textOf(byId(document, 'actions'));
      expect(actions).toContain('Ask <i>platform</i> to act');
      expect(actions).toContain('Removed 3 posts <img src=x>.');
      expect(actions).toContain('done');
      const story = textOf(byId(document, 'timeline'));
      expect(story).toContain('Case opened');
      expect(story).toContain('Linked “Bots claim the count is rigged”');
      expect(story).toContain('This concerns a signal your organisation may not see');
      expect(story).not.toContain(red);
      expect(story).toContain('Action updated');
      expect(story).toContain('verified intact (6 events)');
    });

    it('answers 404 to a reader who may not see the case', async () => {
      const { id } = await openCase();
      const outsider = await insert.member(db, {
        organisation: (await insert.organisation(db)).code,
        roles: ['analyst'],
      });

      const response = await request(db.http).get(`${API}/cases/${id}/report`).set(outsider.auth).expect(404);

      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    });
  });
});
