import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useLocation, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { COOPERATIVE_TYPES } from '../../db/schema';
import { CooperativeStatusBadge, withQuery } from '../components/cooperatives/badges';
import { Pagination, SortableHeader } from '../components/list-controls';
import { requireActor } from '../domain/accounts/auth.server';
import { cooperativesAdministeredBy, hasRole } from '../domain/accounts/permissions';
import { lastFiscalYearOf } from '../domain/cooperatives/annual-meeting-rule';
import { parseRegistryFilters } from '../domain/cooperatives/filters';
import { listRegistry, REGISTRY_SORT_KEYS, registryDinas } from '../domain/cooperatives/registry.server';
import { COOPERATIVE_STATUSES } from '../domain/cooperatives/schemas';
import { dateInZone } from '../lib/dates';
import { db } from '../lib/db.server';
import { parseListParams } from '../lib/list-params';
import { throwAsResponse } from '../lib/route-errors.server';

export const meta: MetaFunction = () => [{ title: 'Registri koperasi · Kompeten' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const own = cooperativesAdministeredBy(actor);
  if (!hasRole(actor, 'coordinator') && own[0]) throw redirect(`/cooperatives/${own[0]}`);
  const url = new URL(request.url);
  const params = parseListParams(url.searchParams, { sortKeys: REGISTRY_SORT_KEYS, defaultSort: 'name' });
  const filters = parseRegistryFilters(url.searchParams);
  const today = dateInZone(new Date(), 'Asia/Jakarta');
  try {
    const [page, dinas] = await Promise.all([listRegistry(db(), actor, filters, params, today), registryDinas(db(), actor)]);
    return { page, filters, sort: params.sort, dir: params.dir, lastFiscalYear: lastFiscalYearOf(today), dinasName: dinas.map((d) => d.shortName ?? d.name).join(', ') };
  } catch (error) {
    throwAsResponse(error);
  }
}

export default function CooperativeRegistry() {
  const { page, filters, sort, dir, lastFiscalYear, dinasName } = useLoaderData<typeof loader>();
  const { t } = useTranslation('cooperatives');
  const location = useLocation();
  const navigation = useNavigation();
  const exportHref = (what: 'registry' | 'roster', format: 'csv' | 'xlsx') =>
    `/cooperatives/export?${withQuery(location.search, { what, format, page: null, size: null })}`;
  return (
    <section>
      <h1>{t('registry.title')}</h1>
      <p className="muted">{t('registry.intro', { dinas: dinasName })}</p>
      <p className="actions-row">
        <Link to="/cooperatives/new" className="button">
          {t('registry.new')}
        </Link>
        <Link to="/cooperatives/import" className="button secondary">
          {t('registry.import')}
        </Link>
      </p>

      <Form method="get" className="filters" role="search">
        <div className="field">
          <label htmlFor="q">{t('registry.search')}</label>
          <input id="q" name="q" type="search" defaultValue={filters.q ?? ''} placeholder={t('registry.searchPlaceholder')} />
        </div>
        <div className="field">
          <label htmlFor="type">{t('registry.type')}</label>
          <select id="type" name="type" defaultValue={filters.type ?? ''}>
            <option value="">{t('registry.anyType')}</option>
            {COOPERATIVE_TYPES.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="status">{t('registry.status')}</label>
          <select id="status" name="status" defaultValue={filters.status ?? ''}>
            <option value="">{t('registry.anyStatus')}</option>
            {COOPERATIVE_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`status.${status}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field checkbox-field">
          <input id="noRat" name="noRat" type="checkbox" value="1" defaultChecked={!!filters.noRatLastYear} />
          <label htmlFor="noRat">{t('registry.noRat', { year: lastFiscalYear })}</label>
        </div>
        <input type="hidden" name="sort" value={sort} />
        <input type="hidden" name="dir" value={dir} />
        <div className="actions-row">
          <button type="submit" className="button" disabled={navigation.state === 'loading'}>
            {t('registry.apply')}
          </button>
          <Link to="/cooperatives" className="button secondary">
            {t('registry.reset')}
          </Link>
        </div>
      </Form>

      <details className="export-menu">
        <summary>{t('registry.export')}</summary>
        <p className="hint">{t('registry.exportHint')}</p>
        <ul className="plain-list">
          <li>
            <a href={exportHref('registry', 'xlsx')} download>
              {t('registry.exportRegistryXlsx')}
            </a>
          </li>
          <li>
            <a href={exportHref('registry', 'csv')} download>
              {t('registry.exportRegistryCsv')}
            </a>
          </li>
          <li>
            <a href={exportHref('roster', 'xlsx')} download>
              {t('registry.exportRosterXlsx')}
            </a>
          </li>
          <li>
            <a href={exportHref('roster', 'csv')} download>
              {t('registry.exportRosterCsv')}
            </a>
          </li>
        </ul>
      </details>

      {page.items.length === 0 ? (
        <p>{t('registry.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="registry-table stack-table">
            <caption className="visually-hidden">{t('registry.count', { count: page.total })}</caption>
            <thead>
              <tr>
                <SortableHeader column="name" sort={sort} dir={dir}>
                  {t('registry.columns.name')}
                </SortableHeader>
                <SortableHeader column="number" sort={sort} dir={dir}>
                  {t('registry.columns.number')}
                </SortableHeader>
                <SortableHeader column="type" sort={sort} dir={dir}>
                  {t('registry.columns.type')}
                </SortableHeader>
                <SortableHeader column="district" sort={sort} dir={dir}>
                  {t('registry.columns.district')}
                </SortableHeader>
                <SortableHeader column="status" sort={sort} dir={dir}>
                  {t('registry.columns.status')}
                </SortableHeader>
                <th scope="col">{t('registry.columns.rat')}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((c) => (
                <tr key={c.id}>
                  <td className="stack-title">
                    <Link to={`/cooperatives/${c.id}`}>{c.name}</Link>
                  </td>
                  <td data-label={t('registry.columns.number')}>
                    <code>{c.cooperativeNumber}</code>
                  </td>
                  <td data-label={t('registry.columns.type')}>
                    {c.type}
                    {c.savingsLoanUnit ? ` (${c.savingsLoanUnit})` : null}
                  </td>
                  <td data-label={t('registry.columns.district')}>
                    {c.district}
                    {c.village ? <span className="muted"> / {c.village}</span> : null}
                  </td>
                  <td data-label={t('registry.columns.status')}>
                    <CooperativeStatusBadge status={c.status} />
                  </td>
                  <td data-label={t('registry.columns.rat')}>
                    {c.latestRatYear ?? '—'}
                    {c.latestRatYear === null || c.latestRatYear < lastFiscalYear ? (
                      <span className="rat-flag"> {t('registry.ratMissing', { year: lastFiscalYear })}</span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page.page} pages={page.pages} total={page.total} />
    </section>
  );
}
