import type { CaseEventKind } from './case.enums.js';
import { describeEvent, escapeHtml, renderCaseReport } from './case-report.js';
import type { CaseDetailResponse } from './dto/case-detail.response.js';
import type { CaseEventResponse } from './dto/case-event.response.js';

function event(
  kind: CaseEventKind,
  details: Record<string, unknown> | null,
  isRedacted = false,
): CaseEventResponse {
  return {
    id: 'e1',
    position: 1,
    kind,
    occurredAt: '2018-03-21T09:30:00.000Z',
    actor: { organisation: 'NCTV', member: null },
    signalId: isRedacted ? null : 's1',
    actionId: null,
    details,
    isRedacted,
    hash: null,
  };
}

describe(escapeHtml.name, () => {
  it('escapes everything that could end text or an attribute', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe(describeEvent.name, () => {
  it('says nothing of what happened in a redacted event', () => {
    expect(describeEvent(event('signal.amended', null, true), new Map())).toBe(
      'This concerns a signal your organisation may not see: what happened is withheld.',
    );
  });

  it('tells a status change with its reason', () => {
    expect(
      describeEvent(
        event('case.status_changed', { from: 'open', to: 'investigating', reason: 'Bots.' }),
        new Map(),
      ),
    ).toBe('open → investigating. Reason: Bots.');
  });

  it('names a linked signal by its title when the reader may see it', () => {
    expect(describeEvent(event('case.signal_linked', {}), new Map([['s1', '“Bots”']]))).toBe(
      'Linked “Bots”.',
    );
  });
});

describe(renderCaseReport.name, () => {
  it('escapes free text and loads nothing from elsewhere', () => {
    const detail = {
      id: 'c1',
      title: '<script>alert(1)</script>',
      summary: '<img src="https://evil.example/x.png">',
      election: 'GR2018',
      priority: 'high',
      leadOrganisation: 'NCTV',
      status: 'open',
      version: 1,
      createdAt: '2018-03-20T10:00:00.000Z',
      updatedAt: '2018-03-20T10:00:00.000Z',
      closedAt: null,
      signals: [],
      pendingClosureRequest: null,
    } as CaseDetailResponse;

    const html = renderCaseReport({
      case: detail,
      actions: [],
      events: [event('case.note_added', { text: '</li><script>x()</script>' })],
      verification: {
        isIntact: true,
        verifiedEvents: 1,
        firstBreak: null,
        verifiedAt: '2018-03-20T10:00:00.000Z',
      },
      reader: { organisation: 'NCTV', name: 'A' },
      generatedAt: new Date('2018-03-20T10:00:00.000Z'),
    });

    expect(html).not.toMatch(/<script|<img|src="/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;/li&gt;&lt;script&gt;x()&lt;/script&gt;');
  });
});
