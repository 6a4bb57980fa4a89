import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ChoiceFilter } from '~/components/choice-filter';
import { ListFilters, ListTable, Pagination } from '~/components/list-kit';
import { requireActor } from '~/lib/auth.server';
import { CERTIFICATE_KINDS, CERTIFICATE_SORTS, CERTIFICATE_STATUSES, listCertificates } from '~/domain/certificates/list.server';
import { formatDate } from '~/lib/dates';
import { i18nServer } from '~/lib/i18n.server';
import { parseListParams } from '~/lib/list-params';
import { pageTitle } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';

export const meta = pageTitle('certificates:manage.title');

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | null => (values as readonly string[]).includes(value ?? '') ? (value as T) : null;

export const loader = withDomainErrors(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  const params = parseListParams(url.searchParams, { sortKeys: CERTIFICATE_SORTS, defaultSort: 'issued', defaultDir: 'desc' });
  const q = url.searchParams.get('q')?.trim().slice(0, 100) ?? '';
  const kind = oneOf(CERTIFICATE_KINDS, url.searchParams.get('kind'));
  const status = oneOf(CERTIFICATE_STATUSES, url.searchParams.get('status'));
  const { choices, ...page } = await listCertificates(context.db, actor, { ...params, q, kind, status });
  const locale = await i18nServer.getLocale(request);
  return {
    page: { ...page, items: page.items.map((c) => ({ ...c, issuedAt: formatDate(c.issuedAt, c.timeZone, locale) })) },
    choices,
    filters: { q, kind, status },
    sort: params.sort,
    dir: params.dir,
  };
});

export default function Certificates() {
  const { page, choices, filters, sort, dir } = useLoaderData<typeof loader>();
  const { t } = useTranslation('certificates');
  return (
    <section>
      <h1>{t('manage.title')}</h1>
      <p className="muted">{t('manage.intro')}</p>
      <ListFilters sort={sort} dir={dir} resetTo="/certificates" label={t('manage.search')}>
        <div className="field">
          <label htmlFor="certificate-q">{t('manage.search')}</label>
          <input id="certificate-q" type="search" name="q" defaultValue={filters.q} />
        </div>
        <ChoiceFilter id="kind" name="kind" label={t('fields.kind')} anyLabel={t('manage.anyKind')} value={filters.kind} choices={choices.kinds.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
        <ChoiceFilter
          id="status"
          name="status"
          label={t('status.label')}
          anyLabel={t('manage.anyStatus')}
          value={filters.status}
          choices={choices.statuses.map((s) => ({ value: s, label: t(`status.${s}`) }))}
        />
      </ListFilters>
      <ListTable
        rows={page.items}
        rowKey={(c) => c.id}
        sort={sort}
        dir={dir}
        caption={t('manage.title')}
        empty={t('manage.empty')}
        columns={[
          {
            key: 'number',
            header: t('fields.number'),
            sortable: true,
            title: true,
            cell: (c) => (
              <Link to={`/certificates/${c.id}`}>
                <code>{c.number}</code>
              </Link>
            ),
          },
          { key: 'holder', header: t('fields.holder'), sortable: true, cell: (c) => c.holder },
          { key: 'cooperative', header: t('fields.cooperative'), sortable: true, cell: (c) => c.cooperative ?? '—' },
          { key: 'kind', header: t('fields.kind'), cell: (c) => t(`kind.${c.kind}`) },
          {
            key: 'status',
            header: t('status.label'),
            cell: (c) => (
              <>
                <span className={`badge badge-${c.status}`}>{t(`status.${c.status}`)}</span>
                {c.needsReissue && c.status === 'valid' ? <> {t('manage.needsReissue')}</> : null}
              </>
            ),
          },
          { key: 'issued', header: t('manage.issuedAt'), sortable: true, cell: (c) => c.issuedAt },
          {
            key: 'download',
            header: t('manage.download'),
            cell: (c) => (
              <a href={`/certificates/${c.id}/pdf`} download aria-label={t('manage.downloadOf', { number: c.number })}>
                {t('manage.download')}
              </a>
            ),
          },
        ]}
      />
      <Pagination page={page.page} pages={page.pages} total={page.total} />
    </section>
  );
}
