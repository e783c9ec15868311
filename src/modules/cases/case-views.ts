import type {
  ActionStatus,
  CaseEventKind,
  CasePriority,
  CaseStatus,
  ClosureRequestState,
} from './case.enums.js';

/** A case as the service reads it: its row and its lead organisation's code. */
export interface CaseView {
  id: string;
  seq: string;
  title: string;
  summary: string;
  election: string;
  priority: CasePriority;
  leadOrganisationId: string;
  leadOrganisationCode: string;
  status: CaseStatus;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  lastEventPosition: number;
  lastEventHash: string | null;
}

export interface MemberRef {
  id: string;
  name: string;
  organisationId: string;
  organisationCode: string;
}

export interface ClosureRequestView {
  id: string;
  caseId: string;
  summary: string;
  state: ClosureRequestState;
  requestedBy: MemberRef;
  requestedAt: Date;
  decidedBy: MemberRef | null;
  decidedAt: Date | null;
  decisionReason: string | null;
}

export interface ActionView {
  id: string;
  caseId: string;
  caseTitle: string;
  type: string;
  title: string;
  description: string | null;
  assigneeOrganisationId: string;
  assigneeCode: string;
  dueAt: Date;
  counterpartRef: string | null;
  status: ActionStatus;
  outcome: string | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  overdueAlertedAt: Date | null;
}

/**
 * A timeline event as one reader may see it. `isRedacted`: the event concerns a signal the reader's
 * organisation may not see, so the database left out the signal id, the details, the member and the hash.
 */
export interface EventView {
  id: string;
  position: number;
  kind: CaseEventKind;
  occurredAt: Date;
  actorOrganisationId: string | null;
  actorOrganisationCode: string | null;
  actorMemberId: string | null;
  actorMemberName: string | null;
  signalId: string | null;
  actionId: string | null;
  details: Record<string, unknown> | null;
  hash: string | null;
  isRedacted: boolean;
}
