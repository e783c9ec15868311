export type RoutingErrorCode = 'subscription.not_found' | 'subscription.unknown_reference';
