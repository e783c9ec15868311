import { HttpStatus } from '@nestjs/common';
import { type AuthErrorCode } from '../auth/auth.errors.js';
import { type AlertErrorCode } from '../../modules/alerts/alert.errors.js';
import { type WebhookErrorCode } from '../../modules/alerts/webhook.errors.js';
import { type RoutingErrorCode } from '../../modules/routing/routing.errors.js';
import { type OrganisationErrorCode } from '../../modules/organisations/organisation.errors.js';
import { type SignalErrorCode } from '../../modules/signals/signal.errors.js';
import { type TaxonomyErrorCode } from '../../modules/taxonomy/taxonomy.errors.js';
import { type CaseErrorCode } from '../../modules/cases/case.errors.js';

type HttpErrorCode =
  | 'validation_failed'
  | 'bad_request'
  | 'not_found'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'too_many_requests'
  | 'internal'
  | 'unavailable';

export type ErrorCode =
  | HttpErrorCode
  | AuthErrorCode
  | OrganisationErrorCode
  | SignalErrorCode
  | TaxonomyErrorCode
  | RoutingErrorCode
  | AlertErrorCode
  | WebhookErrorCode
  | CaseErrorCode;

/** Exhaustive: adding a code without a status does not compile. */
export const ERROR_STATUS: Record<ErrorCode, HttpStatus> = {
  validation_failed: HttpStatus.BAD_REQUEST,
  bad_request: HttpStatus.BAD_REQUEST,
  not_found: HttpStatus.NOT_FOUND,
  method_not_allowed: HttpStatus.METHOD_NOT_ALLOWED,
  payload_too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  unsupported_media_type: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  too_many_requests: HttpStatus.TOO_MANY_REQUESTS,
  internal: HttpStatus.INTERNAL_SERVER_ERROR,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
  'auth.unauthenticated': HttpStatus.UNAUTHORIZED,
  'auth.forbidden': HttpStatus.FORBIDDEN,
  'organisation.not_found': HttpStatus.NOT_FOUND,
  'organisation.duplicate_code': HttpStatus.CONFLICT,
  'organisation.parent_not_found': HttpStatus.UNPROCESSABLE_ENTITY,
  'member.not_found': HttpStatus.NOT_FOUND,
  'member.duplicate_email': HttpStatus.CONFLICT,
  'token.not_found': HttpStatus.NOT_FOUND,
  'token.expiry_in_past': HttpStatus.UNPROCESSABLE_ENTITY,
  'municipality.import_invalid': HttpStatus.UNPROCESSABLE_ENTITY,
  'signal.not_found': HttpStatus.NOT_FOUND,
  'signal.state_secret_refused': HttpStatus.UNPROCESSABLE_ENTITY,
  'signal.unknown_reference': HttpStatus.UNPROCESSABLE_ENTITY,
  'signal.observed_in_future': HttpStatus.UNPROCESSABLE_ENTITY,
  'signal.red_without_addressees': HttpStatus.UNPROCESSABLE_ENTITY,
  'signal.idempotency_key_reused': HttpStatus.UNPROCESSABLE_ENTITY,
  'signal.already_withdrawn': HttpStatus.CONFLICT,
  'taxonomy.duplicate_code': HttpStatus.CONFLICT,
  'taxonomy.election_not_found': HttpStatus.NOT_FOUND,
  'subscription.not_found': HttpStatus.NOT_FOUND,
  'subscription.unknown_reference': HttpStatus.UNPROCESSABLE_ENTITY,
  'alert.not_found': HttpStatus.NOT_FOUND,
  'alert.already_responded': HttpStatus.CONFLICT,
  'alert.forward_not_allowed': HttpStatus.UNPROCESSABLE_ENTITY,
  'alert.unknown_organisation': HttpStatus.UNPROCESSABLE_ENTITY,
  'webhook.not_found': HttpStatus.NOT_FOUND,
  'webhook.address_refused': HttpStatus.UNPROCESSABLE_ENTITY,
  'webhook.delivery_not_found': HttpStatus.NOT_FOUND,
  'webhook.delivery_sending': HttpStatus.CONFLICT,
  'case.not_found': HttpStatus.NOT_FOUND,
  'case.unknown_reference': HttpStatus.UNPROCESSABLE_ENTITY,
  'case.precondition_required': HttpStatus.PRECONDITION_REQUIRED,
  'case.version_mismatch': HttpStatus.PRECONDITION_FAILED,
  'case.invalid_transition': HttpStatus.CONFLICT,
  'case.closed': HttpStatus.CONFLICT,
  'case.not_closed': HttpStatus.CONFLICT,
  'case.closure_pending': HttpStatus.CONFLICT,
  'case.closure_request_not_found': HttpStatus.NOT_FOUND,
  'case.closure_request_not_pending': HttpStatus.CONFLICT,
  'case.four_eyes_required': HttpStatus.FORBIDDEN,
  'case.unfinished_actions': HttpStatus.CONFLICT,
  'case.signal_not_linked': HttpStatus.NOT_FOUND,
  'action.not_found': HttpStatus.NOT_FOUND,
  'action.unknown_reference': HttpStatus.UNPROCESSABLE_ENTITY,
  'action.due_in_past': HttpStatus.UNPROCESSABLE_ENTITY,
  'action.not_assignee': HttpStatus.FORBIDDEN,
  'action.invalid_transition': HttpStatus.CONFLICT,
  'action.outcome_required': HttpStatus.UNPROCESSABLE_ENTITY,
};

export function statusOf(code: ErrorCode): HttpStatus {
  return ERROR_STATUS[code];
}
