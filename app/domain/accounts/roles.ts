import type { Role } from '~db/schema';

/**
 * The roles handed out by invitation or on a user's page (who may grant which: admin-scope.ts).
 * A participant's role comes from signing up; the platform administrator's from the CLI.
 */
export const GRANTABLE_ROLES = ['coordinator', 'institute_admin', 'institute_staff', 'assessor', 'certification_admin', 'cooperative_admin'] as const;
export type GrantableRole = (typeof GRANTABLE_ROLES)[number];

export const ALL_ROLES: readonly Role[] = [...GRANTABLE_ROLES, 'participant'];

export function isGrantableRole(value: unknown): value is GrantableRole {
  return typeof value === 'string' && (GRANTABLE_ROLES as readonly string[]).includes(value);
}
