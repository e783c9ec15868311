import type { ElectionPhase } from '../taxonomy/election.entity.js';
import type { Observable } from './observable-normalisation.js';
import type { Attribution } from './signal.entity.js';
import type { Classification, Severity, SignalSource, Tlp } from './signal.enums.js';

/** A signal as the service reads it: its row, its observables and addressees, and who reported it. */
export interface SignalView {
  id: string;
  seq: string;
  organisationId: string;
  reporterCode: string;
  submittedByMemberId: string;
  submittedByName: string;
  title: string;
  description: string;
  category: string;
  severity: Severity;
  tlp: Tlp;
  classification: Classification;
  election: string;
  phase: ElectionPhase | null;
  municipalities: string[];
  observedAt: Date;
  source: SignalSource;
  confidence: number;
  attribution: Attribution | null;
  externalRef: string | null;
  observables: Observable[];
  addresseeCodes: string[];
  createdAt: Date;
  /** 1 when submitted; each amendment and the withdrawal add one. */
  version: number;
  updatedAt: Date;
  withdrawnAt: Date | null;
  withdrawalReason: string | null;
}

/** Another signal that shares observables with the one being read. */
export interface RelatedSignalView {
  id: string;
  title: string;
  category: string;
  severity: Severity;
  tlp: Tlp;
  reporterCode: string;
  observedAt: Date;
  createdAt: Date;
  sharedObservables: Observable[];
}
