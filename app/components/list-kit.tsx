import { Form, Link, useLocation, useNavigation } from '@remix-run/react';
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

/**
 * The filter form above a list: a GET form (works without JavaScript, bookmarkable) that
 * keeps the current sort, with "apply" and "reset" buttons. The fields are its children.
 */
export function ListFilters({
  sort,
  dir,
  resetTo,
  children,
  label,
  applyLabel,
  resetLabel,
}: {
  sort: string;
  dir: 'asc' | 'desc';
  /** The list's own path without a query: "reset" goes there. */
  resetTo: string;
  children: ReactNode;
  /** The search landmark's accessible name. */
  label?: string;
  /** The buttons' texts, when the list names them its own way ("Saring", "Hapus saringan"). */
  applyLabel?: string;
  resetLabel?: string;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  return (
    <Form method="get" className="filters" role="search" aria-label={label}>
      {children}
      <input type="hidden" name="sort" value={sort} />
      <input type="hidden" name="dir" value={dir} />
      <div className="actions-row">
        <button type="submit" className="button" disabled={navigation.state === 'loading'}>
          {applyLabel ?? t('table.apply')}
        </button>
        <Link to={resetTo} className="button secondary">
          {resetLabel ?? t('table.reset')}
        </Link>
      </div>
    </Form>
  );
}

/** One column of a ListTable: its header, whether it sorts (by `key`), and how a row shows it. */
export interface ListColumn<Row> {
  key: string;
  header: string;
  sortable?: boolean;
  /** The cell that heads the row's card on a phone (`stack-title`); shown without a label. */
  title?: boolean;
  /** The cell names its row for a screen reader (`<th scope="row">`); in a scrolling table it stays in view. */
  rowHeader?: boolean;
  className?: string;
  cell: (row: Row) => ReactNode;
}

/**
 * A list's table: sortable headers (links, no JavaScript), a caption with the count for
 * screen readers, cells labelled for the stacked phone layout, and a message when empty.
 * Paged below by <Pagination>.
 */
export function ListTable<Row>({
  rows,
  columns,
  rowKey,
  sort,
  dir,
  caption,
  empty,
  className,
  layout = 'stack',
  footer,
}: {
  rows: readonly Row[];
  columns: readonly ListColumn<Row>[];
  rowKey: (row: Row) => string;
  sort?: string;
  dir?: 'asc' | 'desc';
  caption: string;
  empty?: ReactNode;
  className?: string;
  /**
   * 'stack' (the default): at phone width each row becomes a card. 'scroll': the table keeps
   * its grid and scrolls sideways inside its box, its row-header column staying in view (a matrix).
   */
  layout?: 'stack' | 'scroll';
  /** A row under the list (a total), in the same columns; its first cell heads it. */
  footer?: Row;
}) {
  const { t } = useTranslation();
  if (rows.length === 0) return <p className="list-empty">{empty ?? t('table.empty')}</p>;
  // A column's cell attributes are the same on every row: worked out once, not per cell.
  const cellClasses = columns.map((column) => [column.title ? 'stack-title' : null, column.className].filter(Boolean).join(' ') || undefined);
  return (
    <div className={layout === 'scroll' ? 'table-wrap scroll-table-wrap' : 'table-wrap'} tabIndex={layout === 'scroll' ? 0 : undefined} role={layout === 'scroll' ? 'region' : undefined} aria-label={layout === 'scroll' ? caption : undefined}>
      <table className={[layout === 'stack' ? 'stack-table' : 'scroll-table', className].filter(Boolean).join(' ')}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) =>
              column.sortable && sort && dir ? (
                <SortableHeader key={column.key} column={column.key} sort={sort} dir={dir}>
                  {column.header}
                </SortableHeader>
              ) : (
                <th key={column.key} scope="col">
                  {column.header}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column, i) => {
                const Cell = column.rowHeader ? 'th' : 'td';
                return (
                  <Cell
                    key={column.key}
                    scope={column.rowHeader ? 'row' : undefined}
                    className={cellClasses[i]}
                    data-label={column.title ? undefined : column.header}
                  >
                    {column.cell(row)}
                  </Cell>
                );
              })}
            </tr>
          ))}
        </tbody>
        {footer ? (
          <tfoot>
            <tr>
              {columns.map((column, i) => {
                const Cell = i === 0 ? 'th' : 'td';
                return (
                  <Cell
                    key={column.key}
                    scope={i === 0 ? 'row' : undefined}
                    className={cellClasses[i]}
                    data-label={column.title ? undefined : column.header}
                  >
                    {column.cell(footer)}
                  </Cell>
                );
              })}
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}
