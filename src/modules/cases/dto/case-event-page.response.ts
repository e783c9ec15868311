import { PageResponse } from '../../../common/http/pagination.js';
import { CaseEventResponse } from './case-event.response.js';

/** A page of timeline events, oldest first, for OpenAPI. */
export class CaseEventPageResponse extends PageResponse(CaseEventResponse) {}
