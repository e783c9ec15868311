export type SignalErrorCode =
  | 'signal.not_found'
  | 'signal.state_secret_refused'
  | 'signal.unknown_reference'
  | 'signal.observed_in_future'
  | 'signal.red_without_addressees'
  | 'signal.idempotency_key_reused'
  | 'signal.already_withdrawn';
