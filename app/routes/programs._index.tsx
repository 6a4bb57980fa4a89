import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { Pagination, SortableHeader } from '~/components/list-kit';
import { requireActor } from '~/lib/auth.server';
import { listPrograms, PROGRAM_SORTS } from '~/domain/programs/programs.server';
import { db } from '~/lib/db.server';
import { parseListParams } from '~/lib/list-params';
import { throwAsResponse } from '~/lib/route-errors.server';

export const meta: MetaFunction = () => [{ title: 'Program pelatihan · Kompeten' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  const params = parseListParams(url.searchParams, { sortKeys: PROGRAM_SORTS, defaultSort: 'code' });
  const q = url.searchParams.get('q')?.trim().slice(0, 100) ?? '';
  try {
    return { page: await listPrograms(db(), actor, { ...params, q }), params, q };
  } catch (error) {
    throwAsResponse(error);
  }
}

export default function Programs() {
  const { page, params, q } = useLoaderData<typeof loader>();
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
      <Form method="get" className="toolbar" role="search">
        <div className="field">
          <label htmlFor="program-q">{t('list.search')}</label>
          <input id="program-q" type="search" name="q" defaultValue={q} />
        </div>
        <button type="submit" className="button secondary">
          {t('common:form.search')}
        </button>
      </Form>
      {page.items.length === 0 ? (
        <p>{t('list.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <SortableHeader column="code" sort={params.sort} dir={params.dir}>
                  {t('list.code')}
                </SortableHeader>
                <SortableHeader column="title" sort={params.sort} dir={params.dir}>
                  {t('list.name')}
                </SortableHeader>
                <th scope="col">{t('list.units')}</th>
                <th scope="col">{t('list.days')}</th>
                <SortableHeader column="cohorts" sort={params.sort} dir={params.dir}>
                  {t('list.cohorts')}
                </SortableHeader>
              </tr>
            </thead>
            <tbody>
              {page.items.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/programs/${p.id}`}>
                      <code>{p.code}</code>
                    </Link>
                  </td>
                  <td>
                    {p.title}
                    {p.status === 'archived' ? <> ({t('list.archived')})</> : null}
                  </td>
                  <td>{p.unitCount}</td>
                  <td>{p.dayCount}</td>
                  <td>{p.cohortCount}</td>
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
