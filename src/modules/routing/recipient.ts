import type { AlertReason } from '../alerts/alert.entity.js';
import type { ObservableType, Severity, Tlp } from '../signals/signal.enums.js';
import type { ElectionPhase } from '../taxonomy/election.entity.js';

/** What routing needs to know about a signal (or about the new version of an amended one). */
export interface RoutingFacts {
  reporterOrganisationId: string;
  tlp: Tlp;
  category: string;
  severity: Severity;
  election: string;
  /** The effective phase: the signal's own, else the calendar's at the moment of posting; null if neither. */
  phase: ElectionPhase | null;
  municipalities: readonly string[];
  observableTypes: readonly ObservableType[];
  addresseeOrganisationIds: readonly string[];
}

/** An organisation that must receive the signal, with every reason it does. */
export interface Recipient {
  organisationId: string;
  reasons: AlertReason[];
}
