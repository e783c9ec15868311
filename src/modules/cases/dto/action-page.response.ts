import { PageResponse } from '../../../common/http/pagination.js';
import { ActionResponse } from './action.response.js';

/** A page of actions, soonest due first, for OpenAPI. */
export class ActionPageResponse extends PageResponse(ActionResponse) {}
