import { PageResponse } from '../../../common/http/pagination.js';
import { SignalResponse } from './signal.response.js';

/** A page of signals, newest first, for OpenAPI. */
export class SignalPageResponse extends PageResponse(SignalResponse) {}
