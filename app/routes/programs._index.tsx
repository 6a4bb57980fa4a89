import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ListFilters, ListTable, Pagination } from '~/components/list-kit';
import { requireActor } from '~/lib/auth.server';
import { listPrograms, PROGRAM_SORTS } from '~/domain/programs/programs.server';
import { parseListParams } from '~/lib/list-params';
import { pageTitle } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';

export const meta = pageTitle('programs:title');

export const loader = withDomainErrors(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  const params = parseListParams(url.searchParams, { sortKeys: PROGRAM_SORTS, defaultSort: 'code' });
  const q = url.searchParams.get('q')?.trim().slice(0, 100) ?? '';
  return { page: await listPrograms(context.db, actor, { ...params, q }), sort: params.sort, dir: params.dir, q };
});

export default function Programs() {
  const { page, sort, dir, q } = useLoaderData<typeof loader>();
  const { t } = useTranslation('programs');
  return (
    <section>
      <h1>{t('title')}</h1>
      <p>{t('list.intro')}</p>
      <p>
        <Link to="/programs/new" className="button primary">
          + {t('list.new')}
        </Link>
      </p>
      <ListFilters sort={sort} dir={dir} resetTo="/programs" label={t('list.search')}>
        <div className="field">
          <label htmlFor="program-q">{t('list.search')}</label>
          <input id="program-q" type="search" name="q" defaultValue={q} />
        </div>
      </ListFilters>
      <ListTable
        rows={page.items}
        rowKey={(p) => p.id}
        sort={sort}
        dir={dir}
        caption={t('title')}
        empty={t('list.empty')}
        columns={[
          {
            key: 'code',
            header: t('list.code'),
            sortable: true,
            title: true,
            cell: (p) => (
              <Link to={`/programs/${p.id}`}>
                <code>{p.code}</code>
              </Link>
            ),
          },
          {
            key: 'title',
            header: t('list.name'),
            sortable: true,
            cell: (p) => (
              <>
                {p.title}
                {p.status === 'archived' ? <> ({t('list.archived')})</> : null}
              </>
            ),
          },
          { key: 'units', header: t('list.units'), cell: (p) => p.unitCount },
          { key: 'days', header: t('list.days'), cell: (p) => p.dayCount },
          { key: 'cohorts', header: t('list.cohorts'), sortable: true, cell: (p) => p.cohortCount },
        ]}
      />
      <Pagination page={page.page} pages={page.pages} total={page.total} />
    </section>
  );
}
