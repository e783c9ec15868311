import { TLPS, type Tlp } from './signal.enums.js';

/**
 * Who may see a signal of each TLP besides those it names (reporter and addressees). TLP 2.0's "community"
 * for CLEAR and GREEN is, here, every organisation in the service; AMBER, AMBER+STRICT and RED stay with the
 * organisations the signal names.
 */
export const TLP_AUDIENCE: Readonly<Record<Tlp, 'every-organisation' | 'named-organisations'>> = {
  CLEAR: 'every-organisation',
  GREEN: 'every-organisation',
  AMBER: 'named-organisations',
  'AMBER+STRICT': 'named-organisations',
  RED: 'named-organisations',
};

/** What the rule needs to know about a signal, for the in-memory form of the rule. */
export interface SignalAudience {
  tlp: Tlp;
  reporterOrganisationId: string;
  addresseeOrganisationIds: readonly string[];
}

/**
 * One reason an organisation may see a signal, in two equivalent forms: a predicate for tests and a SQL
 * condition for every read. An integration test checks that the two agree.
 */
interface VisibilityGround {
  holds(signal: SignalAudience, organisationId: string): boolean;
  sql(alias: string, organisationRef: string): string;
}

const OPEN_TLPS = TLPS.filter((tlp) => TLP_AUDIENCE[tlp] === 'every-organisation');

/**
 * Any one ground is enough. Routing will add "received an alert for it" here, and only here.
 */
const GROUNDS: readonly VisibilityGround[] = [
  {
    holds: (signal, organisationId) => signal.reporterOrganisationId === organisationId,
    sql: (alias, organisationRef) => `${alias}.organisation_id = ${organisationRef}`,
  },
  {
    holds: (signal, organisationId) => signal.addresseeOrganisationIds.includes(organisationId),
    sql: (alias, organisationRef) =>
      `EXISTS (SELECT 1 FROM signal_addressees visibility_addressee
                WHERE visibility_addressee.signal_id = ${alias}.id
                  AND visibility_addressee.organisation_id = ${organisationRef})`,
  },
  {
    holds: (signal) => TLP_AUDIENCE[signal.tlp] === 'every-organisation',
    sql: (alias) => `${alias}.tlp IN (${OPEN_TLPS.map((tlp) => `'${tlp}'`).join(', ')})`,
  },
];

/** The rule in memory: may this organisation see this signal? */
export function isVisibleTo(signal: SignalAudience, organisationId: string): boolean {
  return GROUNDS.some((ground) => ground.holds(signal, organisationId));
}

/**
 * The rule as a SQL condition on the `signals` row aliased `alias`, for the organisation whose id is the
 * bind parameter `organisationRef` (`$3`). Every query that reads signals must include it.
 */
export function visibleTo(alias: string, organisationRef: string): string {
  // Both are spliced into SQL: accept only an identifier and a bind parameter, never data.
  if (!/^[a-z_][a-z0-9_]*$/.test(alias) || !/^\$[1-9][0-9]*$/.test(organisationRef)) {
    throw new Error(
      `visibleTo needs a table alias and a bind parameter, got ${alias} and ${organisationRef}`,
    );
  }
  return `(${GROUNDS.map((ground) => ground.sql(alias, `${organisationRef}::uuid`)).join(' OR ')})`;
}
