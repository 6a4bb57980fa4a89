import type { Role } from '../../db/schema';

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
];

export function navFor(roles: Role[] | null): NavItem[] {
  return navItems.filter((item) => {
    if (item.for === 'public') return true;
    if (!roles) return false;
    if (item.for === 'signedIn') return true;
    return item.for.some((role) => roles.includes(role));
  });
}
