import { redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData, useLocation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CooperativeStatusBadge, withQuery } from '~/components/cooperatives/badges';
import { ChoiceFilter } from '~/components/choice-filter';
import { ListFilters, ListTable, Pagination } from '~/components/list-kit';
import { requireActor } from '~/lib/auth.server';
import { cooperativesAdministeredBy, hasRole } from '~/lib/permissions';
import { parseRegistryFilters } from '~/domain/cooperatives/filters';
import { getRegistry, REGISTRY_SORT_KEYS } from '~/domain/cooperatives/registry.server';
import { parseListParams } from '~/lib/list-params';
import { pageTitle } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';

export const meta = pageTitle('cooperatives:registry.title');

export const loader = withDomainErrors(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const own = cooperativesAdministeredBy(actor);
  if (!hasRole(actor, 'coordinator') && own[0]) throw redirect(`/cooperatives/${own[0]}`);
  const url = new URL(request.url);
  const params = parseListParams(url.searchParams, { sortKeys: REGISTRY_SORT_KEYS, defaultSort: 'name' });
  const filters = parseRegistryFilters(url.searchParams);
  const { page, dinas, choices, lastFiscalYear } = await getRegistry(context.db, actor, filters, params);
  return { page, choices, filters, sort: params.sort, dir: params.dir, lastFiscalYear, dinasName: dinas.map((d) => d.shortName ?? d.name).join(', ') };
});

export default function CooperativeRegistry() {
  const { page, choices, filters, sort, dir, lastFiscalYear, dinasName } = useLoaderData<typeof loader>();
  const { t } = useTranslation('cooperatives');
  const location = useLocation();
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

      <ListFilters sort={sort} dir={dir} resetTo="/cooperatives">
        <div className="field">
          <label htmlFor="q">{t('registry.search')}</label>
          <input id="q" name="q" type="search" defaultValue={filters.q ?? ''} placeholder={t('registry.searchPlaceholder')} />
        </div>
        {/* A filter is offered only when the registry has more than one value for it. */}
        <ChoiceFilter id="type" name="type" label={t('registry.type')} anyLabel={t('registry.anyType')} value={filters.type} choices={choices.types.map((type) => ({ value: type, label: type }))} />
        <ChoiceFilter
          id="status"
          name="status"
          label={t('registry.status')}
          anyLabel={t('registry.anyStatus')}
          value={filters.status}
          choices={choices.statuses.map((status) => ({ value: status, label: t(`status.${status}`) }))}
        />
        <div className="field checkbox-field">
          <input id="noRat" name="noRat" type="checkbox" value="1" defaultChecked={!!filters.noRatLastYear} />
          <label htmlFor="noRat">{t('registry.noRat', { year: lastFiscalYear })}</label>
        </div>
        <ChoiceFilter
          id="certified"
          name="certified"
          label={t('registry.certified')}
          anyLabel={t('registry.anyPosition')}
          value={filters.certified}
          choices={choices.positions.map((position) => ({ value: position, label: position }))}
        />
        {choices.positions.length >= 2 || filters.certified ? (
          <div className="field">
            <label htmlFor="certifiedHas">{t('registry.certifiedHas')}</label>
            <select id="certifiedHas" name="certifiedHas" defaultValue={filters.certifiedHas === false ? '0' : '1'}>
              <option value="1">{t('registry.certifiedHasYes')}</option>
              <option value="0">{t('registry.certifiedHasNo')}</option>
            </select>
          </div>
        ) : null}
      </ListFilters>

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

      <ListTable
        rows={page.items}
        rowKey={(c) => c.id}
        sort={sort}
        dir={dir}
        className="registry-table"
        caption={t('registry.count', { count: page.total })}
        empty={t('registry.empty')}
        columns={[
          { key: 'name', header: t('registry.columns.name'), sortable: true, title: true, cell: (c) => <Link to={`/cooperatives/${c.id}`}>{c.name}</Link> },
          { key: 'number', header: t('registry.columns.number'), sortable: true, cell: (c) => <code>{c.cooperativeNumber}</code> },
          { key: 'type', header: t('registry.columns.type'), sortable: true, cell: (c) => (c.savingsLoanUnit ? `${c.type} (${c.savingsLoanUnit})` : c.type) },
          {
            key: 'district',
            header: t('registry.columns.district'),
            sortable: true,
            cell: (c) => (
              <>
                {c.district}
                {c.village ? <span className="muted"> / {c.village}</span> : null}
              </>
            ),
          },
          { key: 'status', header: t('registry.columns.status'), sortable: true, cell: (c) => <CooperativeStatusBadge status={c.status} /> },
          {
            key: 'rat',
            header: t('registry.columns.rat'),
            cell: (c) => (
              <>
                {c.latestRatYear ?? '—'}
                {c.latestRatYear === null || c.latestRatYear < lastFiscalYear ? (
                  <span className="rat-flag"> {t('registry.ratMissing', { year: lastFiscalYear })}</span>
                ) : null}
              </>
            ),
          },
        ]}
      />
      <Pagination page={page.page} pages={page.pages} total={page.total} />
    </section>
  );
}
