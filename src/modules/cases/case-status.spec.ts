import { ACTION_STATUSES, type ActionStatus, CASE_STATUSES, WORKING_CASE_STATUSES } from './case.enums.js';
import { canChangeActionStatus, canChangeCaseStatus, isFinished, needsOutcome } from './case-status.js';

describe(canChangeCaseStatus.name, () => {
  const allowed = new Set([
    'open→investigating',
    'investigating→open',
    'investigating→mitigating',
    'mitigating→investigating',
  ]);

  it.each(CASE_STATUSES.flatMap((from) => WORKING_CASE_STATUSES.map((to) => [from, to] as const)))(
    '%s → %s follows one step forwards or back, never out of closed',
    (from, to) => {
      expect(canChangeCaseStatus(from, to)).toBe(allowed.has(`${from}→${to}`));
    },
  );
});

describe(canChangeActionStatus.name, () => {
  const allowed = new Set([
    'open→in-progress',
    'open→cancelled',
    'in-progress→done',
    'in-progress→cancelled',
  ]);

  it.each(ACTION_STATUSES.flatMap((from) => ACTION_STATUSES.map((to) => [from, to] as const)))(
    '%s → %s',
    (from, to) => {
      expect(canChangeActionStatus(from, to)).toBe(allowed.has(`${from}→${to}`));
    },
  );
});

describe(needsOutcome.name, () => {
  it.each<[ActionStatus, boolean]>([
    ['open', false],
    ['in-progress', false],
    ['done', true],
    ['cancelled', true],
  ])('%s: %s', (status, expected) => {
    expect([needsOutcome(status), isFinished(status)]).toEqual([expected, expected]);
  });
});
