import { AppError } from '../../common/errors/app-error.js';

export type OrganisationErrorCode =
  | 'organisation.not_found'
  | 'organisation.duplicate_code'
  | 'organisation.parent_not_found'
  | 'member.not_found'
  | 'member.duplicate_email'
  | 'token.not_found'
  | 'token.expiry_in_past'
  | 'municipality.import_invalid';

export function organisationNotFound(code: string): AppError {
  return new AppError('organisation.not_found', `There is no organisation with code ${code}.`);
}
