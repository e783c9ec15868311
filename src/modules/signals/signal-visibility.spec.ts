import { isVisibleTo, visibleTo } from './signal-visibility.js';
import type { Tlp } from './signal.enums.js';

const REPORTER = 'reporter-org';
const ADDRESSEE = 'addressee-org';
const OTHER = 'other-org';

const signal = (tlp: Tlp) => ({
  tlp,
  reporterOrganisationId: REPORTER,
  addresseeOrganisationIds: [ADDRESSEE],
});

describe('isVisibleTo', () => {
  // Written out by hand from the issue, not derived from the code's table.
  it.each([
    ['CLEAR', REPORTER, true],
    ['CLEAR', ADDRESSEE, true],
    ['CLEAR', OTHER, true],
    ['GREEN', REPORTER, true],
    ['GREEN', ADDRESSEE, true],
    ['GREEN', OTHER, true],
    ['AMBER', REPORTER, true],
    ['AMBER', ADDRESSEE, true],
    ['AMBER', OTHER, false],
    ['AMBER+STRICT', REPORTER, true],
    ['AMBER+STRICT', ADDRESSEE, true],
    ['AMBER+STRICT', OTHER, false],
    ['RED', REPORTER, true],
    ['RED', ADDRESSEE, true],
    ['RED', OTHER, false],
  ] as const)('%s signal: visible to %s is %s', (tlp, organisationId, expected) => {
    expect(isVisibleTo(signal(tlp), organisationId)).toBe(expected);
  });

  it('hides a RED signal without addressees from everyone but its reporter', () => {
    const lonely = { tlp: 'RED' as const, reporterOrganisationId: REPORTER, addresseeOrganisationIds: [] };

    expect([REPORTER, ADDRESSEE, OTHER].map((org) => isVisibleTo(lonely, org))).toEqual([true, false, false]);
  });
});

describe('visibleTo', () => {
  it('builds one condition on the given alias and parameter', () => {
    const sql = visibleTo('s', '$3');

    expect(sql).toContain('s.organisation_id = $3::uuid');
    expect(sql).toContain("s.tlp IN ('CLEAR', 'GREEN')");
    expect(sql).toMatch(/^\(.*\)$/s);
  });

  it.each([
    ['s; DROP TABLE signals', '$1'],
    ['S', '$1'],
    ['s', "'x'"],
    ['s', '$0'],
    ['s', '$1 OR true'],
  ])('refuses alias %j with parameter %j', (alias, ref) => {
    expect(() => visibleTo(alias, ref)).toThrow(/visibleTo needs/);
  });
});
