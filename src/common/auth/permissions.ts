export const ROLES = ['liaison', 'analyst', 'coordinator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export enum Permission {
  SignalSubmit = 'signal.submit',
  SignalRead = 'signal.read',
  OrganisationRead = 'organisation.read',
  OrganisationManage = 'organisation.manage',
  MemberManage = 'member.manage',
  TaxonomyRead = 'taxonomy.read',
  TaxonomyManage = 'taxonomy.manage',
  SubscriptionManage = 'subscription.manage',
  AlertRespond = 'alert.respond',
  WebhookManage = 'webhook.manage',
  CaseRead = 'case.read',
  CaseManage = 'case.manage',
  ActionUpdate = 'action.update',
  OverviewRead = 'overview.read',
}

/**
 * What each role may do. Every member may read signals: what they see is decided per signal by the
 * visibility rule, in SQL. Scope (which organisation's data) is decided in the services, never here.
 */
const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  liaison: [Permission.SignalSubmit],
  analyst: [
    Permission.WebhookManage,
    Permission.AlertRespond,
    Permission.SubscriptionManage,
    Permission.ActionUpdate,
  ],
  coordinator: [Permission.CaseManage, Permission.OverviewRead],
  admin: [Permission.OrganisationManage, Permission.MemberManage, Permission.TaxonomyManage],
};

const EVERY_MEMBER: readonly Permission[] = [
  Permission.SignalRead,
  Permission.OrganisationRead,
  Permission.TaxonomyRead,
  Permission.CaseRead,
];

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set([...EVERY_MEMBER, ...roles.flatMap((role) => ROLE_PERMISSIONS[role])]);
}
