import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { auditActionLabel, ChangeList } from '~/components/entity-history';
import { Pagination, SortableHeader } from '~/components/list-kit';
import { coordinatorDinasId, requireActor } from '~/lib/auth.server';
import { AUDIT_SORT_KEYS, auditFilterOptions, listAuditLog, type AuditFilters } from '~/domain/audit/log.server';
import { db } from '~/lib/db.server';
import { i18nServer } from '~/lib/i18n.server';
import { parseListParams } from '~/lib/list-params';
import { throwAsResponse } from '~/lib/route-errors.server';

export const meta: MetaFunction = () => [{ title: 'Log audit · Kompeten' }];

const day = (value: string | null) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? value : null);
const uuid = (value: string | null) => (value && /^[0-9a-f-]{36}$/i.test(value) ? value : null);

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const dinasId = coordinatorDinasId(actor);
  const url = new URL(request.url);
  const params = parseListParams(url.searchParams, { sortKeys: AUDIT_SORT_KEYS, defaultSort: 'occurred', defaultDir: 'desc', pageSize: 50 });
  const filters: AuditFilters = {
    action: url.searchParams.get('action')?.slice(0, 100) || null,
    entityType: url.searchParams.get('entityType')?.slice(0, 100) || null,
    entityId: url.searchParams.get('entityId')?.slice(0, 100) || null,
    actorUserId: uuid(url.searchParams.get('user')),
    from: day(url.searchParams.get('from')),
    to: day(url.searchParams.get('to')),
  };
  const locale = (await i18nServer.getLocale(request)) === 'en' ? 'en' : 'id';
  try {
    const [page, options] = await Promise.all([
      listAuditLog(db(), actor, dinasId, filters, params, { locale }),
      auditFilterOptions(db(), actor, dinasId),
    ]);
    return { page, options, filters, sort: params.sort, dir: params.dir };
  } catch (error) {
    throwAsResponse(error);
  }
}

export default function AuditLog() {
  const { t } = useTranslation('audit');
  const { page, options, filters, sort, dir } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="audit-action">{t('filters.action')}</label>
          <select id="audit-action" name="action" defaultValue={filters.action ?? ''}>
            <option value="">{t('filters.any')}</option>
            {options.actions.map((a) => (
              <option key={a} value={a}>
                {auditActionLabel(t, a)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-entity-type">{t('filters.entityType')}</label>
          <select id="audit-entity-type" name="entityType" defaultValue={filters.entityType ?? ''}>
            <option value="">{t('filters.any')}</option>
            {options.entityTypes.map((e) => (
              <option key={e} value={e}>
                {t(`entityTypes.${e}`, { defaultValue: e })}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-user">{t('filters.user')}</label>
          <select id="audit-user" name="user" defaultValue={filters.actorUserId ?? ''}>
            <option value="">{t('filters.any')}</option>
            {options.actors.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} ({u.email})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-from">{t('filters.from')}</label>
          <input id="audit-from" type="date" name="from" defaultValue={filters.from ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t('filters.to')}</label>
          <input id="audit-to" type="date" name="to" defaultValue={filters.to ?? ''} />
        </div>
        {filters.entityId ? <input type="hidden" name="entityId" value={filters.entityId} /> : null}
        <button type="submit" className="button secondary">
          {t('filters.apply')}
        </button>
        <Link to="/audit">{t('filters.reset')}</Link>
      </Form>
      {page.items.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <SortableHeader column="occurred" sort={sort} dir={dir}>
                  {t('columns.when')}
                </SortableHeader>
                <th scope="col">{t('columns.user')}</th>
                <SortableHeader column="action" sort={sort} dir={dir}>
                  {t('columns.action')}
                </SortableHeader>
                <SortableHeader column="entity" sort={sort} dir={dir}>
                  {t('columns.entity')}
                </SortableHeader>
                <th scope="col">{t('columns.changes')}</th>
                <th scope="col">{t('columns.ip')}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((e) => (
                <tr key={e.id}>
                  <td>
                    <time dateTime={e.occurredAt}>{e.when}</time>
                  </td>
                  <td>{e.actorName ? `${e.actorName} (${e.actorEmail})` : <span className="muted">{t('system')}</span>}</td>
                  <td>{auditActionLabel(t, e.action)}</td>
                  <td>
                    {t(`entityTypes.${e.entityType}`, { defaultValue: e.entityType })}{' '}
                    {e.entityType === 'user' ? (
                      <Link to={`/users/${e.entityId}`}>
                        <code>{e.entityId.slice(0, 8)}</code>
                      </Link>
                    ) : (
                      <Link to={`/audit?entityType=${encodeURIComponent(e.entityType)}&entityId=${encodeURIComponent(e.entityId)}`}>
                        <code>{e.entityId.slice(0, 8)}</code>
                      </Link>
                    )}
                  </td>
                  <td>
                    <ChangeList changes={e.changes} />
                  </td>
                  <td>{e.ip ?? '—'}</td>
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
