import type { Role } from '~db/schema';
import { ALL_ROLES } from './roles';

/** The user list's filters, read from its query string (anything unreadable is no filter). */
export interface UserFilters {
  q?: string | null;
  role?: Role | null;
  status?: 'active' | 'inactive' | null;
}

export function parseUserFilters(searchParams: URLSearchParams): UserFilters {
  const role = searchParams.get('role');
  const status = searchParams.get('status');
  return {
    q: searchParams.get('q')?.slice(0, 100) ?? null,
    role: ALL_ROLES.find((r) => r === role) ?? null,
    status: status === 'active' || status === 'inactive' ? status : null,
  };
}
