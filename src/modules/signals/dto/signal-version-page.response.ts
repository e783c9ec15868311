import { PageResponse } from '../../../common/http/pagination.js';
import { SignalVersionResponse } from './signal-version.response.js';

/** Every version of a signal, oldest first, on one page (nextCursor is always null), for OpenAPI. */
export class SignalVersionPage extends PageResponse(SignalVersionResponse) {}
