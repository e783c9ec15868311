import type { ElectionPhase } from '../taxonomy/election.entity.js';
import { ObservableResponse } from './dto/observable.response.js';
import type { Observable } from './observable-normalisation.js';
import { canonicalJson } from './request-hash.js';
import type { Attribution } from './signal.entity.js';
import type { Classification, Severity, SignalSource, Tlp } from './signal.enums.js';
import type { SignalView } from './signal-view.js';

/**
 * What a version of a signal says, kept whole in signal_versions when it is superseded. Lists are sorted
 * (observables by type and value, addressees by code), so that equal content compares equal.
 */
export interface SignalContent {
  title: string;
  description: string;
  category: string;
  severity: Severity;
  tlp: Tlp;
  classification: Classification;
  election: string;
  phase: ElectionPhase | null;
  municipalities: string[];
  observedAt: string;
  source: SignalSource;
  confidence: number;
  attribution: Attribution | null;
  externalRef: string | null;
  observables: Observable[];
  addressees: string[];
}

/** The fields a reporter may amend. */
export const AMENDABLE_FIELDS = ['severity', 'description', 'observables', 'addressees'] as const;
export type AmendableField = (typeof AMENDABLE_FIELDS)[number];

export function contentOf(signal: SignalView): SignalContent {
  return {
    title: signal.title,
    description: signal.description,
    category: signal.category,
    severity: signal.severity,
    tlp: signal.tlp,
    classification: signal.classification,
    election: signal.election,
    phase: signal.phase,
    municipalities: [...signal.municipalities],
    observedAt: signal.observedAt.toISOString(),
    source: signal.source,
    confidence: signal.confidence,
    attribution: signal.attribution,
    externalRef: signal.externalRef,
    observables: ObservableResponse.listFrom(signal.observables),
    addressees: [...signal.addresseeCodes].sort(),
  };
}

/** The fields whose value differs between two versions, in the order SignalContent lists them. */
export function changedFields(before: SignalContent, after: SignalContent): (keyof SignalContent)[] {
  return (Object.keys(after) as (keyof SignalContent)[]).filter(
    (field) => canonicalJson(before[field]) !== canonicalJson(after[field]),
  );
}
