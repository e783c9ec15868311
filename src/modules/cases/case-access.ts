import type { Member } from '../../common/auth/member.js';
import { Permission } from '../../common/auth/permissions.js';
import { AppError } from '../../common/errors/app-error.js';
import type { CaseView } from './case-views.js';
import { type IfMatch, matchesVersion } from './if-match.js';
import type { TimelineActor } from './timeline-writer.js';

/** Running cases is for coordinators. The guard checks this on routes; services check it again. */
export function requireCoordinator(member: Member): void {
  if (!member.permissions.has(Permission.CaseManage)) {
    throw new AppError('auth.forbidden', 'Only coordinators may do this to a case.');
  }
}

export function caseNotFound(id: string): AppError {
  return new AppError('case.not_found', `There is no case ${id} that you may see.`);
}

/**
 * Optimistic concurrency: the change applies only to the version the caller last read. `isRequired`
 * (PATCH): without If-Match naming a version the answer is 428, so that no edit silently overwrites another.
 */
export function requireVersion(view: CaseView, ifMatch: IfMatch, isRequired: boolean): void {
  if (isRequired && ifMatch.kind !== 'versions') {
    throw new AppError(
      'case.precondition_required',
      'Send If-Match with the ETag of the case as you last read it (GET /cases/{id}), so that no one else’s ' +
        'change is overwritten.',
    );
  }
  if (!matchesVersion(ifMatch, view.version)) {
    throw new AppError(
      'case.version_mismatch',
      `The case has changed since you read it: it is at version ${view.version}. Read it again and retry.`,
      { currentVersion: view.version },
    );
  }
}

export function requireNotClosed(view: CaseView): void {
  if (view.status === 'closed') {
    throw new AppError('case.closed', 'The case is closed: reopen it first.');
  }
}

export function actorOf(member: Member): TimelineActor {
  return { memberId: member.id, organisationId: member.organisationId };
}
