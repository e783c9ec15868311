import { Injectable } from '@nestjs/common';
import type { Member } from '../../common/auth/member.js';
import type { Permission } from '../../common/auth/permissions.js';
import { AppError } from '../../common/errors/app-error.js';
import { AppConfig } from '../../config/app-config.js';

/**
 * Someone at the server's shell (`npm run cli`): they hold the database credentials already, so they
 * administer everything. Never reachable through HTTP.
 */
export const SHELL = Object.freeze({ kind: 'shell' as const });
export type Caller = Member | typeof SHELL;

function isShell(caller: Caller): caller is typeof SHELL {
  return caller === SHELL;
}

/**
 * Which organisations' members and tokens a caller administers. `rootOrganisationId: null` means all of them;
 * otherwise the subtree rooted there. Repositories apply it inside their SQL.
 */
export interface AdminScope {
  readonly rootOrganisationId: string | null;
}

const EVERYTHING: AdminScope = Object.freeze({ rootOrganisationId: null });

/** The one place that decides what an administrator may administer. */
@Injectable()
export class AdminAccessService {
  constructor(private readonly config: AppConfig) {}

  /**
   * Operator admins administer everything; any other admin its own organisation and its descendants
   * (an AIVD admin, under BZK, does not reach NCTV, under JenV).
   */
  scope(caller: Caller, permission: Permission): AdminScope {
    if (isShell(caller)) {
      return EVERYTHING;
    }
    // The guard checks this on HTTP routes already; checked again for callers that are not routes.
    if (!caller.permissions.has(permission)) {
      throw new AppError(
        'auth.forbidden',
        `Your roles (${caller.roles.join(', ')}) do not allow ${permission}.`,
      );
    }
    return caller.organisationCode === this.config.auth.operatorOrganisation
      ? EVERYTHING
      : { rootOrganisationId: caller.organisationId };
  }

  /** Changes to what every organisation shares (the directory, the taxonomy) are the operator's alone. */
  requireOperator(caller: Caller, permission: Permission): void {
    if (this.scope(caller, permission).rootOrganisationId !== null) {
      throw new AppError(
        'auth.forbidden',
        `Only administrators of the operator organisation (${this.config.auth.operatorOrganisation}) may do this.`,
      );
    }
  }
}
