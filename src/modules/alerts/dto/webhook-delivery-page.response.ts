import { PageResponse } from '../../../common/http/pagination.js';
import { WebhookDeliveryResponse } from './webhook-delivery.response.js';

/** A page of deliveries, newest first, for OpenAPI. */
export class WebhookDeliveryPageResponse extends PageResponse(WebhookDeliveryResponse) {}
