import type { Permission, Role } from './permissions.js';

/** The authenticated caller, as every service method receives it. */
export interface Member {
  readonly id: string;
  readonly name: string;
  readonly organisationId: string;
  readonly organisationCode: string;
  readonly roles: readonly Role[];
  readonly permissions: ReadonlySet<Permission>;
  readonly tokenId: string;
}
