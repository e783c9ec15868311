import { isVisibleTo, visibleTo } from './signal-visibility.js';
import type { Tlp } from './signal.enums.js';

const REPORTER = 'reporter-org';
const ADDRESSEE = 'addressee-org';
const ALERTED = 'alerted-org';
const UPDATED = 'updated-org';
const ESCALATED = 'escalated-org';
const OTHER = 'other-org';

const signal = (tlp: Tlp) => ({
  tlp,
  reporterOrganisationId: REPORTER,
  addresseeOrganisationIds: [ADDRESSEE],
  alerts: [
    { organisationId: ALERTED, kind: 'signal' as const },
    { organisationId: UPDATED, kind: 'update' as const },
    { organisationId: ESCALATED, kind: 'escalation' as const },
  ],
});

describe('isVisibleTo', () => {
  // Written out by hand from the issues, not derived from the code's table.
  it.each([
    ['CLEAR', REPORTER, true],
    ['CLEAR', ADDRESSEE, true],
    ['CLEAR', ALERTED, true],
    ['CLEAR', ESCALATED, true],
    ['CLEAR', OTHER, true],
    ['GREEN', REPORTER, true],
    ['GREEN', ADDRESSEE, true],
    ['GREEN', ALERTED, true],
    ['GREEN', ESCALATED, true],
    ['GREEN', OTHER, true],
    ['AMBER', REPORTER, true],
    ['AMBER', ADDRESSEE, true],
    ['AMBER', ALERTED, true],
    ['AMBER', UPDATED, true],
    ['AMBER', ESCALATED, false],
    ['AMBER', OTHER, false],
    ['AMBER+STRICT', REPORTER, true],
    ['AMBER+STRICT', ADDRESSEE, true],
    ['AMBER+STRICT', ALERTED, true],
    ['AMBER+STRICT', UPDATED, true],
    ['AMBER+STRICT', ESCALATED, false],
    ['AMBER+STRICT', OTHER, false],
    ['RED', REPORTER, true],
    ['RED', ADDRESSEE, true],
    ['RED', ALERTED, false],
    ['RED', UPDATED, false],
    ['RED', ESCALATED, false],
    ['RED', OTHER, false],
  ] as const)('%s signal: visible to %s is %s', (tlp, organisationId, expected) => {
    expect(isVisibleTo(signal(tlp), organisationId)).toBe(expected);
  });

  it('hides a RED signal without addressees from everyone but its reporter', () => {
    const lonely = { ...signal('RED'), addresseeOrganisationIds: [] };

    expect([REPORTER, ADDRESSEE, OTHER].map((org) => isVisibleTo(lonely, org))).toEqual([true, false, false]);
  });
});

describe('visibleTo', () => {
  it('builds one condition on the given alias and parameter', () => {
    const sql = visibleTo('s', '$3');

    expect(sql).toContain('s.organisation_id = $3::uuid');
    expect(sql).toContain("s.tlp IN ('CLEAR', 'GREEN')");
    expect(sql).toContain("visibility_alert.kind IN ('signal', 'update')");
    expect(sql).toMatch(/^\(.*\)$/s);
  });

  it('takes a column of another row for the organisation', () => {
    expect(visibleTo('s', 'pair.organisation_id')).toContain(
      's.organisation_id = pair.organisation_id::uuid',
    );
  });

  it.each([
    ['s; DROP TABLE signals', '$1'],
    ['S', '$1'],
    ['s', "'x'"],
    ['s', '$0'],
    ['s', '$1 OR true'],
    ['s', 'pair.organisation_id OR true'],
    ['s', 'organisation_id'],
  ])('refuses alias %j with parameter %j', (alias, ref) => {
    expect(() => visibleTo(alias, ref)).toThrow(/visibleTo needs/);
  });
});
