import { Link, useLocation } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

function withParams(search: string, changes: Record<string, string | null>): string {
  const params = new URLSearchParams(search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) params.delete(key);
    else params.set(key, value);
  }
  const query = params.toString();
  return query ? `?${query}` : '?';
}

/** A column header that sorts the list by a link (no JavaScript needed). */
export function SortableHeader({ column, children, sort, dir }: { column: string; children: ReactNode; sort: string; dir: 'asc' | 'desc' }) {
  const location = useLocation();
  const { t } = useTranslation();
  const active = sort === column;
  const nextDir = active && dir === 'asc' ? 'desc' : 'asc';
  return (
    <th scope="col" aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <Link
        to={withParams(location.search, { sort: column, dir: nextDir, page: null })}
        title={t('table.sortBy', { column: typeof children === 'string' ? children : column })}
      >
        {children}
        {active ? <span aria-hidden="true">{dir === 'asc' ? ' ▲' : ' ▼'}</span> : null}
      </Link>
    </th>
  );
}

/** Previous / next links and "page N of M". */
export function Pagination({ page, pages, total }: { page: number; pages: number; total: number }) {
  const location = useLocation();
  const { t } = useTranslation();
  if (pages <= 1) return <p className="pagination">{t('table.total', { count: total })}</p>;
  return (
    <nav className="pagination" aria-label={t('table.page', { page, pages })}>
      {page > 1 ? <Link to={withParams(location.search, { page: String(page - 1) })}>{t('table.previous')}</Link> : null}
      <span>
        {t('table.page', { page, pages })} · {t('table.total', { count: total })}
      </span>
      {page < pages ? <Link to={withParams(location.search, { page: String(page + 1) })}>{t('table.next')}</Link> : null}
    </nav>
  );
}
