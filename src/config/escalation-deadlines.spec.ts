import { DEFAULT_ESCALATION_DEADLINES, EscalationDeadlines } from './escalation-deadlines.js';

function parsed(json: string): EscalationDeadlines {
  const result = EscalationDeadlines.parse(json);
  if (!(result instanceof EscalationDeadlines)) {
    throw new Error(result.problems.join('; '));
  }
  return result;
}

describe(EscalationDeadlines.name, () => {
  const sut = parsed(DEFAULT_ESCALATION_DEADLINES);

  it.each([
    ['election-day', 'critical', 15 * 60_000],
    ['election-day', 'high', 30 * 60_000],
    ['count', 'critical', 15 * 60_000],
    ['count', 'high', 30 * 60_000],
    ['campaign', 'critical', 2 * 3_600_000],
    ['campaign', 'high', 8 * 3_600_000],
    ['result', 'high', 8 * 3_600_000],
    [null, 'critical', 2 * 3_600_000],
  ] as const)('gives %s %s alerts %i ms by default', (phase, severity, ms) => {
    expect(sut.deadlineMs(phase, severity)).toBe(ms);
  });

  it.each(['moderate', 'low'])('never escalates %s alerts', (severity) => {
    expect(sut.deadlineMs('election-day', severity)).toBeUndefined();
  });

  it('falls back to default for a severity a phase does not name', () => {
    const custom = parsed('{"election-day":{"critical":"5m"},"default":{"critical":"1h","high":"4h"}}');

    expect(custom.deadlineMs('election-day', 'high')).toBe(4 * 3_600_000);
  });

  it.each([
    ['not json', /JSON/],
    ['[]', /object/],
    ['{"polling":{"critical":"5m"}}', /unknown phase "polling"/],
    ['{"default":{"moderate":"5m"}}', /not "moderate"/],
    ['{"default":{"critical":"soon"}}', /default.critical/],
  ])('refuses %s', (json, problem) => {
    const result = EscalationDeadlines.parse(json);

    expect(result).toEqual({ problems: [expect.stringMatching(problem)] });
  });
});
