import { parseDateText } from '~/lib/date-input';
import { isUuid } from '~/lib/ids';

/** The audit log's filters, read from the list's query string (anything unreadable is no filter). */
export interface AuditFilters {
  action?: string | null;
  entityType?: string | null;
  actorUserId?: string | null;
  entityId?: string | null;
  /** Days ('YYYY-MM-DD') in the Dinas's time zone, both included. */
  from?: string | null;
  to?: string | null;
}

/** A day typed the Indonesian way ("31-12-2026") or ISO. */
const day = (value: string | null) => (value ? parseDateText(value.slice(0, 20)) : null);

export function parseAuditFilters(searchParams: URLSearchParams): AuditFilters {
  const user = searchParams.get('user');
  return {
    action: searchParams.get('action')?.slice(0, 100) || null,
    entityType: searchParams.get('entityType')?.slice(0, 100) || null,
    entityId: searchParams.get('entityId')?.slice(0, 100) || null,
    actorUserId: isUuid(user) ? user : null,
    from: day(searchParams.get('from')),
    to: day(searchParams.get('to')),
  };
}
