import type { Role } from '~db/schema';

/**
 * The main menu. An item shows for visitors ("public"), for anyone signed in
 * ("signedIn"), or for the roles it names. Add an item when its page exists.
 */
export interface NavItem {
  to: string;
  /** i18n key in the common namespace */
  label: string;
  for: 'public' | 'signedIn' | Role[];
}

export const navItems: NavItem[] = [
  { to: '/', label: 'nav.home', for: 'public' },
  { to: '/dashboard', label: 'nav.dashboard', for: ['coordinator'] },
  { to: '/cohorts', label: 'nav.cohorts', for: ['coordinator', 'institute_admin', 'institute_staff', 'assessor', 'certification_admin', 'cooperative_admin'] },
  { to: '/programs', label: 'nav.programs', for: ['coordinator'] },
  { to: '/my/cohorts', label: 'nav.myCohorts', for: ['participant'] },
  { to: '/cooperatives', label: 'nav.cooperatives', for: ['coordinator'] },
  { to: '/certificates', label: 'nav.certificates', for: ['coordinator'] },
  { to: '/cooperatives/roster', label: 'nav.roster', for: ['cooperative_admin'] },
  { to: '/mail', label: 'nav.outbox', for: ['coordinator'] },
  { to: '/users', label: 'nav.users', for: ['coordinator', 'institute_admin', 'certification_admin', 'platform_admin'] },
  { to: '/audit', label: 'nav.audit', for: ['coordinator'] },
  { to: '/partners', label: 'nav.partners', for: ['coordinator'] },
  { to: '/organization', label: 'nav.organization', for: ['coordinator', 'institute_admin', 'certification_admin'] },
  { to: '/users/pending', label: 'nav.pendingPeople', for: ['cooperative_admin'] },
  { to: '/platform', label: 'nav.platform', for: ['platform_admin'] },
  { to: '/platform/dashboard', label: 'nav.platformDashboard', for: ['platform_admin'] },
  { to: '/account', label: 'nav.account', for: 'signedIn' },
];

export function navFor(roles: Role[] | null): NavItem[] {
  return navItems.filter((item) => {
    if (item.for === 'public') return true;
    if (!roles) return false;
    if (item.for === 'signedIn') return true;
    return item.for.some((role) => roles.includes(role));
  });
}

/** Whether a menu item is the current section: `/` only on the home page, any other item on its own path and every path below it (as NavLink matches). */
export function isCurrentSection(to: string, pathname: string): boolean {
  const path = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  return to === '/' ? path === '/' : path === to || path.startsWith(`${to}/`);
}
