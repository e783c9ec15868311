import { PageResponse } from '../../../common/http/pagination.js';
import { SubscriptionResponse } from './subscription.response.js';

/** A page of subscriptions, by name, for OpenAPI. */
export class SubscriptionPage extends PageResponse(SubscriptionResponse) {}
