export const SEVERITIES = ['low', 'moderate', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** TLP 2.0 labels, as FIRST defines them. */
export const TLPS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type Tlp = (typeof TLPS)[number];

export const CLASSIFICATIONS = ['unclassified', 'departmental-confidential'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

/**
 * State-secret levels (Stg. Confidentieel, Geheim, Zeer Geheim) are recognised so that they can be refused
 * with a clear answer: state secrets go only to the CIVD, never into this service.
 */
export const STATE_SECRET_CLASSIFICATIONS = ['stg-confidentieel', 'stg-geheim', 'stg-zeer-geheim'] as const;
export type StateSecretClassification = (typeof STATE_SECRET_CLASSIFICATIONS)[number];

export function isStateSecret(
  classification: Classification | StateSecretClassification,
): classification is StateSecretClassification {
  return (STATE_SECRET_CLASSIFICATIONS as readonly string[]).includes(classification);
}

export const SIGNAL_SOURCES = [
  'open-source',
  'platform-report',
  'citizen-report',
  'partner-report',
  'intelligence',
] as const;
export type SignalSource = (typeof SIGNAL_SOURCES)[number];

export const OBSERVABLE_TYPES = [
  'url',
  'domain',
  'account',
  'hashtag',
  'ip',
  'email',
  'sha256',
  'phone',
] as const;
export type ObservableType = (typeof OBSERVABLE_TYPES)[number];

/** The severities at or above the given one, for "minimum severity" filters. */
export function severitiesAtLeast(minimum: Severity): Severity[] {
  return SEVERITIES.slice(SEVERITIES.indexOf(minimum));
}
