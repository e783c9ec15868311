export const CASE_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];

/** `closed` is reached only through an approved closure request, and left only by reopening. */
export const CASE_STATUSES = ['open', 'investigating', 'mitigating', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** The statuses a coordinator sets with POST /cases/{id}/status. */
export const WORKING_CASE_STATUSES = ['open', 'investigating', 'mitigating'] as const;
export type WorkingCaseStatus = (typeof WORKING_CASE_STATUSES)[number];

export const ACTION_STATUSES = ['open', 'in-progress', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** An action in one of these is finished: it can no longer change or become overdue. */
export const FINISHED_ACTION_STATUSES = ['done', 'cancelled'] as const satisfies readonly ActionStatus[];

export const CLOSURE_REQUEST_STATES = ['pending', 'approved', 'rejected'] as const;
export type ClosureRequestState = (typeof CLOSURE_REQUEST_STATES)[number];

/** Events about a linked signal, recorded on every case that links it (TimelineWriter.recordForSignal). */
export const SIGNAL_EVENT_KINDS = [
  'signal.amended',
  'signal.withdrawn',
  'alert.acknowledged',
  'alert.forwarded',
  'alert.declined',
  'alert.escalated',
] as const;
export type SignalEventKind = (typeof SIGNAL_EVENT_KINDS)[number];

/** Every kind of change to a case is one of these, and leaves exactly one event on its timeline. */
export const CASE_EVENT_KINDS = [
  'case.created',
  'case.updated',
  'case.status_changed',
  'case.closure_requested',
  'case.closure_approved',
  'case.closure_rejected',
  'case.reopened',
  'case.signal_linked',
  'case.signal_unlinked',
  'case.note_added',
  'case.action_added',
  'case.action_status_changed',
  'case.action_overdue',
  ...SIGNAL_EVENT_KINDS,
] as const;
export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number];

/** `'a', 'b'` for CHECK constraints, which must list the same values as the constants above. */
export function sqlList(values: readonly string[]): string {
  return values.map((value) => `'${value}'`).join(', ');
}
