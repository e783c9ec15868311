import type { ActionStatus, CaseStatus, WorkingCaseStatus } from './case.enums.js';

/**
 * A case moves one step at a time along open → investigating → mitigating, forwards or back. Closing goes
 * through a closure request (four eyes) and reopening through its own route, never through this one.
 */
const CASE_STEPS: Readonly<Record<CaseStatus, readonly WorkingCaseStatus[]>> = {
  open: ['investigating'],
  investigating: ['open', 'mitigating'],
  mitigating: ['investigating'],
  closed: [],
};

export function canChangeCaseStatus(from: CaseStatus, to: WorkingCaseStatus): boolean {
  return CASE_STEPS[from].includes(to);
}

export function nextCaseStatuses(from: CaseStatus): readonly WorkingCaseStatus[] {
  return CASE_STEPS[from];
}

/** open → in-progress → done | cancelled; an action never started may also be cancelled. */
const ACTION_STEPS: Readonly<Record<ActionStatus, readonly ActionStatus[]>> = {
  open: ['in-progress', 'cancelled'],
  'in-progress': ['done', 'cancelled'],
  done: [],
  cancelled: [],
};

export function canChangeActionStatus(from: ActionStatus, to: ActionStatus): boolean {
  return ACTION_STEPS[from].includes(to);
}

export function nextActionStatuses(from: ActionStatus): readonly ActionStatus[] {
  return ACTION_STEPS[from];
}

export function isFinished(status: ActionStatus): boolean {
  return ACTION_STEPS[status].length === 0;
}

/** Finishing an action (done, cancelled) needs an outcome text; other steps take none. */
export function needsOutcome(status: ActionStatus): boolean {
  return isFinished(status);
}
