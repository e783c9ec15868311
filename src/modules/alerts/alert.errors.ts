export type AlertErrorCode =
  'alert.not_found' | 'alert.already_responded' | 'alert.forward_not_allowed' | 'alert.unknown_organisation';
