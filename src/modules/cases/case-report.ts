import type { CaseEventKind } from './case.enums.js';
import type { ActionResponse } from './dto/action.response.js';
import type { CaseDetailResponse } from './dto/case-detail.response.js';
import type { CaseEventResponse } from './dto/case-event.response.js';
import type { TimelineVerificationResponse } from './dto/timeline-verification.response.js';

export interface CaseReport {
  case: CaseDetailResponse;
  actions: readonly ActionResponse[];
  events: readonly CaseEventResponse[];
  verification: TimelineVerificationResponse;
  reader: { organisation: string; name: string };
  generatedAt: Date;
}

/** Everything that reaches the page from data goes through this: text and attribute values alike. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const KIND_LABELS: Readonly<Record<CaseEventKind, string>> = {
  'case.created': 'Case opened',
  'case.updated': 'Case edited',
  'case.status_changed': 'Status changed',
  'case.closure_requested': 'Closure requested',
  'case.closure_approved': 'Closure approved',
  'case.closure_rejected': 'Closure rejected',
  'case.reopened': 'Case reopened',
  'case.signal_linked': 'Signal linked',
  'case.signal_unlinked': 'Signal unlinked',
  'case.note_added': 'Note',
  'case.action_added': 'Action assigned',
  'case.action_status_changed': 'Action updated',
  'case.action_overdue': 'Action overdue',
  'signal.amended': 'Linked signal amended',
  'signal.withdrawn': 'Linked signal withdrawn',
  'alert.acknowledged': 'Alert acknowledged',
  'alert.forwarded': 'Alert forwarded',
  'alert.declined': 'Alert declined',
  'alert.escalated': 'Alert escalated',
};

const AMSTERDAM = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Amsterdam',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** A time for people (Amsterdam, where the elections are), with the exact instant in the markup. */
function time(iso: string | null): string {
  if (iso === null) {
    return '–';
  }
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(AMSTERDAM.format(new Date(iso)))}</time>`;
}

/** The same, as plain text inside a sentence; what is not a time stays as it is. */
function plainTime(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : AMSTERDAM.format(date);
}

function text(details: Record<string, unknown> | null, key: string): string {
  const value = details?.[key];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** One sentence saying what happened, in plain text (escaped by the caller). */
export function describeEvent(event: CaseEventResponse, signalTitles: ReadonlyMap<string, string>): string {
  if (event.isRedacted) {
    return 'This concerns a signal your organisation may not see: what happened is withheld.';
  }
  const d = event.details;
  const signal =
    event.signalId === null ? '' : (signalTitles.get(event.signalId) ?? `signal ${event.signalId}`);
  const withReason = (sentence: string) =>
    text(d, 'reason') ? `${sentence} Reason: ${text(d, 'reason')}` : sentence;
  switch (event.kind) {
    case 'case.created':
      return `Opened “${text(d, 'title')}”, priority ${text(d, 'priority')}, led by ${text(d, 'leadOrganisation')}.`;
    case 'case.updated': {
      const changed = (d?.changed ?? {}) as Record<string, { from?: unknown; to?: unknown }>;
      return Object.entries(changed)
        .map(([field, change]) =>
          field === 'summary'
            ? 'Summary rewritten.'
            : `${field}: ${String(change.from)} → ${String(change.to)}.`,
        )
        .join(' ');
    }
    case 'case.status_changed':
      return withReason(`${text(d, 'from')} → ${text(d, 'to')}.`);
    case 'case.closure_requested':
      return `Asked to close the case: ${text(d, 'summary')}`;
    case 'case.closure_approved':
      return withReason('A second coordinator approved the closure; the case is closed.');
    case 'case.closure_rejected':
      return withReason('A second coordinator rejected the closure.');
    case 'case.reopened':
      return withReason('The case was reopened.');
    case 'case.signal_linked':
      return `Linked ${signal}.`;
    case 'case.signal_unlinked':
      return `Unlinked ${signal}.`;
    case 'case.note_added':
      return text(d, 'text');
    case 'case.action_added':
      return `${text(d, 'type')} assigned to ${text(d, 'assignee')}: “${text(d, 'title')}”, due ${plainTime(text(d, 'dueAt'))}.`;
    case 'case.action_status_changed': {
      const outcome = text(d, 'outcome') ? ` Outcome: ${text(d, 'outcome')}` : '';
      return `“${text(d, 'title')}”: ${text(d, 'from')} → ${text(d, 'to')}.${outcome}`;
    }
    case 'case.action_overdue':
      return `“${text(d, 'title')}” (${text(d, 'assignee')}) passed its due time ${plainTime(text(d, 'dueAt'))} unfinished.`;
    case 'signal.amended':
    case 'signal.withdrawn':
    case 'alert.acknowledged':
    case 'alert.forwarded':
    case 'alert.declined':
    case 'alert.escalated':
      return withReason(`${KIND_LABELS[event.kind]}: ${signal}.`);
  }
}

function actorOf(event: CaseEventResponse): string {
  const organisation = event.actor.organisation ?? 'Kiessignaal';
  return event.actor.member ? `${event.actor.member.name} (${organisation})` : organisation;
}

const STYLE = `
  :root { color: #1b1b1b; font: 11pt/1.45 "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
  body { max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; }
  header { border-bottom: 3px solid #154273; margin-bottom: 1.5rem; }
  h1 { font-size: 1.7rem; margin: .2rem 0 .8rem; color: #154273; }
  h2 { font-size: 1.2rem; margin: 2rem 0 .6rem; color: #154273; border-bottom: 1px solid #ccd; }
  .meta { color: #555; font-size: .9rem; margin: 0; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1.2rem; }
  dt { font-weight: 600; }
  dd { margin: 0; }
  .text { white-space: pre-wrap; overflow-wrap: anywhere; }
  table { width: 100%; border-collapse: collapse; font-size: .92rem; }
  th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid #dde; }
  th { background: #eef2f7; }
  ol.timeline { list-style: none; padding: 0; }
  ol.timeline li { padding: .45rem 0; border-bottom: 1px solid #eee; page-break-inside: avoid; }
  .when { color: #555; font-size: .88rem; }
  .kind { font-weight: 600; }
  .redacted { color: #666; font-style: italic; }
  .intact { color: #1d6b2f; } .broken { color: #a4161a; font-weight: 600; }
  .empty { color: #666; font-style: italic; }
  @media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } a { color: inherit; } }
`;

/**
 * The case as one self-contained, printable HTML page: inline CSS, no scripts, no external assets, and
 * every value escaped (free text is stored as ministries sent it). What the reader may not see is not in it.
 */
export function renderCaseReport(report: CaseReport): string {
  const c = report.case;
  const e = escapeHtml;
  const signalTitles = new Map(c.signals.map((signal) => [signal.id, `“${signal.title}”`]));
  const signals =
    c.signals.length === 0
      ? '<p class="empty">No linked signal that your organisation may see.</p>'
      : `<table><thead><tr><th>Signal</th><th>Category</th><th>Severity</th><th>TLP</th><th>Reporter</th>
           <th>Observed</th><th>Linked</th></tr></thead><tbody>${c.signals
             .map(
               (s) =>
                 `<tr><td>${e(s.title)}</td><td>${e(s.category)}</td><td>${e(s.severity)}</td><td>${e(s.tlp)}</td>
                  <td>${e(s.reporter)}</td><td>${time(s.observedAt)}</td><td>${time(s.linkedAt)}</td></tr>`,
             )
             .join('')}</tbody></table>`;
  const actions =
    report.actions.length === 0
      ? '<p class="empty">No follow-up actions.</p>'
      : `<table><thead><tr><th>Action</th><th>Type</th><th>Assignee</th><th>Due</th><th>Status</th>
           <th>Outcome</th></tr></thead><tbody>${report.actions
             .map(
               (a) =>
                 `<tr><td><span class="text">${e(a.title)}</span>${
                   a.counterpartRef === null
                     ? ''
                     : `<br><span class="meta">ref. ${e(a.counterpartRef)}</span>`
                 }</td><td>${e(a.type)}</td><td>${e(a.assignee)}</td><td>${time(a.dueAt)}</td>
                  <td>${e(a.status)}${a.isOverdue ? ' (overdue)' : ''}${
                    a.finishedAt === null ? '' : `<br><span class="meta">${time(a.finishedAt)}</span>`
                  }</td><td class="text">${e(a.outcome ?? '–')}</td></tr>`,
             )
             .join('')}</tbody></table>`;
  const timeline = `<ol class="timeline">${report.events
    .map(
      (event) =>
        `<li id="event-${event.position}"><div class="when">#${event.position} · ${time(event.occurredAt)} · ${e(
          actorOf(event),
        )}</div><div><span class="kind">${e(KIND_LABELS[event.kind])}</span> <span class="text${
          event.isRedacted ? ' redacted' : ''
        }">${e(describeEvent(event, signalTitles))}</span></div></li>`,
    )
    .join('')}</ol>`;
  const v = report.verification;
  const integrity = v.isIntact
    ? `<p class="intact">The timeline’s hash chain was verified intact (${v.verifiedEvents} events) at ${time(
        v.verifiedAt,
      )}.</p>`
    : `<p class="broken">The timeline’s hash chain does not match from event #${v.firstBreak?.position ?? '?'} (${e(
        v.firstBreak?.problem ?? 'unknown',
      )}): the record may have been altered.</p>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Case report: ${e(c.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<p class="meta">Kiessignaal case report · times in Amsterdam time · prepared ${time(report.generatedAt.toISOString())} for ${e(report.reader.name)} (${e(
    report.reader.organisation,
  )}) · shows only what that organisation may see</p>
<h1>${e(c.title)}</h1>
</header>
<section id="summary">
<h2>Summary</h2>
<dl>
<dt>Election</dt><dd>${e(c.election)}</dd>
<dt>Priority</dt><dd>${e(c.priority)}</dd>
<dt>Lead organisation</dt><dd>${e(c.leadOrganisation)}</dd>
<dt>Status</dt><dd>${e(c.status)}</dd>
<dt>Opened</dt><dd>${time(c.createdAt)}</dd>
<dt>Closed</dt><dd>${time(c.closedAt)}</dd>
</dl>
<p class="text">${e(c.summary)}</p>
</section>
<section id="signals">
<h2>Signals</h2>
${signals}
</section>
<section id="actions">
<h2>Follow-up actions</h2>
${actions}
</section>
<section id="timeline">
<h2>Timeline</h2>
${timeline}
${integrity}
</section>
</body>
</html>
`;
}
