import { SEVERITIES, TLPS } from '../signals/signal.enums.js';
import { TLP_AUDIENCE } from '../signals/signal-visibility.js';

/**
 * TLPs whose signals may reach subscribers. RED stays with the organisations it names (the visibility
 * rule's table decides), so a subscription never matches it.
 */
export const SUBSCRIBABLE_TLPS = TLPS.filter((tlp) => TLP_AUDIENCE[tlp] !== 'named-organisations');

/**
 * SQL expressions for what a subscription is matched against: bind parameters when routing one signal,
 * columns when trying a subscription on past signals. Only ever built from constants in this module's
 * callers, never from input.
 */
export interface SignalFactsSql {
  category: string;
  severity: string;
  election: string;
  /** The effective phase (text, may be NULL: then only subscriptions without phases match). */
  phase: string;
  municipalities: string;
  tlp: string;
  observableTypes: string;
}

const severityRank = (expression: string) =>
  `array_position(ARRAY[${SEVERITIES.map((severity) => `'${severity}'`).join(', ')}]::text[], ${expression})`;

/**
 * The matching rule, the one place it is written: every matcher must hold, and an empty matcher (an empty
 * list, or no minimum severity) holds for every signal. Lists match when they contain the signal's value, or
 * share at least one value with the signal's list (municipalities, observable types). Pausing is not part of
 * the rule: a dry run tries a paused subscription too.
 */
export function subscriptionMatches(subscription: string, facts: SignalFactsSql): string {
  const s = subscription;
  return `(cardinality(${s}.categories) = 0 OR ${facts.category} = ANY (${s}.categories))
      AND (${s}.min_severity IS NULL OR ${severityRank(`${s}.min_severity`)} <= ${severityRank(facts.severity)})
      AND (cardinality(${s}.elections) = 0 OR ${facts.election} = ANY (${s}.elections))
      AND (cardinality(${s}.phases) = 0 OR (${facts.phase} IS NOT NULL AND ${facts.phase} = ANY (${s}.phases)))
      AND (cardinality(${s}.municipalities) = 0 OR ${s}.municipalities && ${facts.municipalities})
      AND (cardinality(${s}.tlps) = 0 OR ${facts.tlp} = ANY (${s}.tlps))
      AND (cardinality(${s}.observable_types) = 0 OR ${s}.observable_types && ${facts.observableTypes})`;
}

/** SQL expressions for the facts routing needs besides the matchers: who posted it, whom it names. */
export interface RoutingFactsSql extends SignalFactsSql {
  /** The reporting organisation's id (uuid). */
  reporter: string;
  /** The addressed organisations' ids (uuid[]). */
  addressees: string;
}

/**
 * The recipients of one signal, as a query of (organisation_id, reasons): its addressees, and every
 * organisation with a matching subscription that is not paused (when the TLP lets signals reach
 * subscribers), one row per organisation with all its reasons, the reporter left out. Reasons: addressed
 * first, then subscriptions by name. Written once, for routing on its own (RoutingService) and inside the
 * statement that stores a new signal (SignalsRepository.submit).
 */
export function recipientsQuery(facts: RoutingFactsSql): string {
  const subscribable = `ARRAY[${SUBSCRIBABLE_TLPS.map((tlp) => `'${tlp}'`).join(', ')}]::text[]`;
  return `
  SELECT candidate.organisation_id,
         jsonb_agg(candidate.reason ORDER BY candidate.rank, candidate.name COLLATE "C", candidate.subscription_id)
           AS reasons
    FROM (
      SELECT DISTINCT addressee.organisation_id, jsonb_build_object('type', 'addressed') AS reason, 0 AS rank,
             '' AS name, NULL::uuid AS subscription_id
        FROM unnest(${facts.addressees}) AS addressee (organisation_id)
      UNION ALL
      SELECT sub.organisation_id,
             jsonb_build_object('type', 'subscription', 'subscriptionId', sub.id, 'name', sub.name), 1,
             sub.name, sub.id
        FROM subscriptions sub
       WHERE ${facts.tlp} = ANY (${subscribable})
         AND NOT sub.is_paused
         AND ${subscriptionMatches('sub', facts)}
    ) candidate
   WHERE candidate.organisation_id <> ${facts.reporter}
   GROUP BY candidate.organisation_id
   ORDER BY candidate.organisation_id`;
}
