import { PageResponse } from '../../../common/http/pagination.js';
import { WebhookResponse } from './webhook.response.js';

/** A page of webhook endpoints, newest first, for OpenAPI. */
export class WebhookPageResponse extends PageResponse(WebhookResponse) {}
