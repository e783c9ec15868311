import type { Member } from '../../common/auth/member.js';

/** What decides whether a member may see a case: their organisation, and whether they are a coordinator. */
export interface CaseViewer {
  organisationId: string;
  isCoordinator: boolean;
}

export function caseViewerOf(member: Member): CaseViewer {
  return { organisationId: member.organisationId, isCoordinator: member.roles.includes('coordinator') };
}

/**
 * THE rule for who may see a case, as a SQL condition on the `cases` row aliased `alias`: coordinators
 * (of any organisation), the lead organisation, and every organisation that holds an action in it. The two
 * bind parameters carry the viewer's organisation id and coordinator flag (`viewerParams`). Every query
 * that reads cases, their actions or their timeline includes it; a case outside it answers 404.
 *
 * Seeing a case never grants sight of its signals: each reader sees only the linked signals that the
 * signals' own rule (signal-visibility.ts) lets their organisation see.
 */
export function caseVisibleTo(alias: string, organisationRef: string, isCoordinatorRef: string): string {
  // Spliced into SQL: accept only an identifier and bind parameters, never data.
  if (
    !/^[a-z_][a-z0-9_]*$/.test(alias) ||
    !/^\$[1-9][0-9]*$/.test(organisationRef) ||
    !/^\$[1-9][0-9]*$/.test(isCoordinatorRef)
  ) {
    throw new Error(`caseVisibleTo needs a table alias and bind parameters, got ${alias}`);
  }
  return `(${isCoordinatorRef}::boolean
           OR ${alias}.lead_organisation_id = ${organisationRef}::uuid
           OR EXISTS (SELECT 1 FROM case_actions visibility_action
                       WHERE visibility_action.case_id = ${alias}.id
                         AND visibility_action.assignee_organisation_id = ${organisationRef}::uuid))`;
}

/** The values for caseVisibleTo's two parameters, in that order. */
export function viewerParams(viewer: CaseViewer): [string, boolean] {
  return [viewer.organisationId, viewer.isCoordinator];
}
