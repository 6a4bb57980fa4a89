import { useTranslation } from 'react-i18next';
import type { CooperativeStatus } from '~db/schema';

export function CooperativeStatusBadge({ status }: { status: CooperativeStatus }) {
  const { t } = useTranslation('cooperatives');
  return <span className={`badge badge-coop-${status}`}>{t(`status.${status}`)}</span>;
}

/** A link that keeps the current query string and changes some of it (exports, filters). */
export function withQuery(search: string, changes: Record<string, string | null>): string {
  const params = new URLSearchParams(search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) params.delete(key);
    else params.set(key, value);
  }
  return params.toString();
}
