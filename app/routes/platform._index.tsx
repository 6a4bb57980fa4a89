import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ListTable, Pagination } from '~/components/list-kit';
import { requireActor } from '~/lib/auth.server';
import { DINAS_SORT_KEYS, listDinas } from '~/domain/platform/dinas.server';
import { DEFAULT_TIME_ZONE, formatDate, isIndonesianTimeZone, zoneLabel } from '~/lib/dates';
import { i18nServer } from '~/lib/i18n.server';
import { parseListParams } from '~/lib/list-params';
import { pageTitle } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';

export const meta = pageTitle('accounts:platform.title');

/** The platform administrator's list of the Dinas on the portal; anyone else: "not found". */
export const loader = withDomainErrors(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const params = parseListParams(new URL(request.url).searchParams, { sortKeys: DINAS_SORT_KEYS, defaultSort: 'name' });
  const page = await listDinas(context.db, actor, params);
  const locale = await i18nServer.getLocale(request);
  return {
    sort: params.sort,
    dir: params.dir,
    page: {
      ...page,
      items: page.items.map((d) => ({
        ...d,
        zone: isIndonesianTimeZone(d.timeZone) ? zoneLabel(d.timeZone) : d.timeZone,
        createdAt: formatDate(d.createdAt, isIndonesianTimeZone(d.timeZone) ? d.timeZone : DEFAULT_TIME_ZONE, locale),
      })),
    },
  };
});

export default function PlatformDinasList() {
  const { t } = useTranslation('accounts');
  const { page, sort, dir } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t('platform.title')}</h1>
      <p>{t('platform.intro')}</p>
      <p className="actions-row">
        <Link className="button primary" to="/platform/dinas/new">
          {t('platform.add')}
        </Link>
        <Link className="button secondary" to="/platform/dashboard">
          {t('platform.dashboard')}
        </Link>
        <Link className="button secondary" to="/users">
          {t('platform.administrators')}
        </Link>
        <Link className="button secondary" to="/platform/mail">
          {t('mail:platform.link')}
        </Link>
      </p>
      <ListTable
        rows={page.items}
        rowKey={(d) => d.id}
        sort={sort}
        dir={dir}
        caption={t('platform.title')}
        empty={t('platform.empty')}
        columns={[
          {
            key: 'name',
            header: t('platform.name'),
            sortable: true,
            title: true,
            cell: (d) => (
              <>
                {d.name}
                {d.shortName ? <span className="muted"> ({d.shortName})</span> : null}
              </>
            ),
          },
          { key: 'regency', header: t('platform.regencyCode'), sortable: true, cell: (d) => `${d.regencyCode ?? '—'}${d.city ? ` · ${d.city}` : ''}` },
          { key: 'zone', header: t('platform.timeZone'), cell: (d) => d.zone },
          { key: 'cooperatives', header: t('platform.cooperatives'), cell: (d) => d.cooperatives },
          { key: 'cohorts', header: t('platform.cohorts'), cell: (d) => d.cohorts },
          { key: 'coordinators', header: t('platform.coordinators'), cell: (d) => d.coordinators },
          { key: 'created', header: t('platform.created'), sortable: true, cell: (d) => d.createdAt },
        ]}
      />
      <Pagination page={page.page} pages={page.pages} total={page.total} />
    </section>
  );
}
