import { PageResponse } from '../../../common/http/pagination.js';
import { AlertResponse } from './alert.response.js';

/** A page of alerts, newest first, for OpenAPI. */
export class AlertPageResponse extends PageResponse(AlertResponse) {}
