import type { AlertKind } from '../alerts/alert.entity.js';
import { TLPS, type Tlp } from './signal.enums.js';

/**
 * Who may see a signal of each TLP besides those it names (reporter and addressees). TLP 2.0's "community"
 * for CLEAR and GREEN is, here, every organisation in the service; AMBER and AMBER+STRICT reach the
 * organisations the signal names and those routing alerted; RED stays with the organisations it names.
 */
export const TLP_AUDIENCE: Readonly<
  Record<Tlp, 'every-organisation' | 'named-and-alerted-organisations' | 'named-organisations'>
> = {
  CLEAR: 'every-organisation',
  GREEN: 'every-organisation',
  AMBER: 'named-and-alerted-organisations',
  'AMBER+STRICT': 'named-and-alerted-organisations',
  RED: 'named-organisations',
};

/**
 * Alerts that carry the signal to their recipient. An escalation only tells a coordinator that an alert went
 * unanswered: it never widens who may see the signal.
 */
export const SIGHT_GRANTING_ALERT_KINDS: readonly AlertKind[] = ['signal', 'update'];

/** What the rule needs to know about a signal, for the in-memory form of the rule. */
export interface SignalAudience {
  tlp: Tlp;
  reporterOrganisationId: string;
  addresseeOrganisationIds: readonly string[];
  /** The alerts sent about the signal: to which organisation, of which kind. */
  alerts: readonly { organisationId: string; kind: AlertKind }[];
}

/**
 * One reason an organisation may see a signal, in two equivalent forms: a predicate for tests and a SQL
 * condition for every read. An integration test checks that the two agree.
 */
interface VisibilityGround {
  holds(signal: SignalAudience, organisationId: string): boolean;
  sql(alias: string, organisationRef: string): string;
}

const quoted = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');
const OPEN_TLPS = TLPS.filter((tlp) => TLP_AUDIENCE[tlp] === 'every-organisation');
const ALERTED_TLPS = TLPS.filter((tlp) => TLP_AUDIENCE[tlp] === 'named-and-alerted-organisations');

/** Any one ground is enough. */
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
    sql: (alias) => `${alias}.tlp IN (${quoted(OPEN_TLPS)})`,
  },
  {
    // Routing decided that this organisation must act on it; the alert is the record of that decision.
    holds: (signal, organisationId) =>
      TLP_AUDIENCE[signal.tlp] === 'named-and-alerted-organisations' &&
      signal.alerts.some(
        (alert) => alert.organisationId === organisationId && SIGHT_GRANTING_ALERT_KINDS.includes(alert.kind),
      ),
    sql: (alias, organisationRef) =>
      `(${alias}.tlp IN (${quoted(ALERTED_TLPS)})
        AND EXISTS (SELECT 1 FROM alerts visibility_alert
                     WHERE visibility_alert.organisation_id = ${organisationRef}
                       AND visibility_alert.signal_id = ${alias}.id
                       AND visibility_alert.kind IN (${quoted(SIGHT_GRANTING_ALERT_KINDS)})))`,
  },
];

/** The rule in memory: may this organisation see this signal? */
export function isVisibleTo(signal: SignalAudience, organisationId: string): boolean {
  return GROUNDS.some((ground) => ground.holds(signal, organisationId));
}

/**
 * The rule as a SQL condition on the `signals` row aliased `alias`, for the organisation whose id is the
 * bind parameter `organisationRef` (`$3`), or a uuid column of another row (`pair.organisation_id`). Every
 * query that reads signals must include it.
 */
export function visibleTo(alias: string, organisationRef: string): string {
  // Both are spliced into SQL: accept only identifiers and a bind parameter, never data.
  if (
    !/^[a-z_][a-z0-9_]*$/.test(alias) ||
    !/^(\$[1-9][0-9]*|[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*)$/.test(organisationRef)
  ) {
    throw new Error(
      `visibleTo needs a table alias and a bind parameter or column, got ${alias} and ${organisationRef}`,
    );
  }
  return `(${GROUNDS.map((ground) => ground.sql(alias, `${organisationRef}::uuid`)).join(' OR ')})`;
}
