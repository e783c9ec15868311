import { PageResponse } from '../../../common/http/pagination.js';
import { CaseResponse } from './case.response.js';

/** A page of cases, newest first, for OpenAPI. */
export class CasePageResponse extends PageResponse(CaseResponse) {}
