import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { auditActionLabel, ChangeList } from '~/components/entity-history';
import { ChoiceFilter } from '~/components/choice-filter';
import { ListFilters, ListTable, Pagination } from '~/components/list-kit';
import { coordinatorDinasId, requireActor } from '~/lib/auth.server';
import { parseAuditFilters } from '~/domain/audit/filters';
import { AUDIT_SORT_KEYS, getAuditLogPage } from '~/domain/audit/log.server';
import { dateInputProps, dateText } from '~/lib/date-input';
import { i18nServer } from '~/lib/i18n.server';
import { parseListParams } from '~/lib/list-params';
import { pageTitle } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';

export const meta = pageTitle('audit:title');

export const loader = withDomainErrors(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  const params = parseListParams(url.searchParams, { sortKeys: AUDIT_SORT_KEYS, defaultSort: 'occurred', defaultDir: 'desc', pageSize: 50 });
  const filters = parseAuditFilters(url.searchParams);
  const locale = (await i18nServer.getLocale(request)) === 'en' ? 'en' : 'id';
  const { page, options } = await getAuditLogPage(context.db, actor, coordinatorDinasId(actor), filters, params, { locale });
  return { page, options, filters, sort: params.sort, dir: params.dir };
});

export default function AuditLog() {
  const { t } = useTranslation('audit');
  const { page, options, filters, sort, dir } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <ListFilters sort={sort} dir={dir} resetTo="/audit" label={t('title')} applyLabel={t('filters.apply')} resetLabel={t('filters.reset')}>
        {/* A filter is offered only when the log has more than one value for it. */}
        <ChoiceFilter
          id="audit-action"
          name="action"
          label={t('filters.action')}
          anyLabel={t('filters.any')}
          value={filters.action}
          choices={options.actions.map((a) => ({ value: a, label: auditActionLabel(t, a) }))}
        />
        <ChoiceFilter
          id="audit-entity-type"
          name="entityType"
          label={t('filters.entityType')}
          anyLabel={t('filters.any')}
          value={filters.entityType}
          choices={options.entityTypes.map((e) => ({ value: e, label: t(`entityTypes.${e}`, { defaultValue: e }) }))}
        />
        <ChoiceFilter
          id="audit-user"
          name="user"
          label={t('filters.user')}
          anyLabel={t('filters.any')}
          value={filters.actorUserId}
          choices={options.actors.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))}
        />
        <div className="field">
          <label htmlFor="audit-from">{t('filters.from')}</label>
          <input id="audit-from" type="text" {...dateInputProps} placeholder={t('common:form.datePlaceholder')} name="from" defaultValue={dateText(filters.from) ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t('filters.to')}</label>
          <input id="audit-to" type="text" {...dateInputProps} placeholder={t('common:form.datePlaceholder')} name="to" defaultValue={dateText(filters.to) ?? ''} />
        </div>
        {filters.entityId ? <input type="hidden" name="entityId" value={filters.entityId} /> : null}
      </ListFilters>
      <ListTable
        rows={page.items}
        rowKey={(e) => String(e.id)}
        sort={sort}
        dir={dir}
        caption={t('title')}
        empty={t('empty')}
        columns={[
          { key: 'occurred', header: t('columns.when'), sortable: true, cell: (e) => <time dateTime={e.occurredAt}>{e.when}</time> },
          {
            key: 'user',
            header: t('columns.user'),
            cell: (e) => (e.actorName ? `${e.actorName} (${e.actorEmail})` : <span className="muted">{t('system')}</span>),
          },
          { key: 'action', header: t('columns.action'), sortable: true, cell: (e) => auditActionLabel(t, e.action) },
          {
            key: 'entity',
            header: t('columns.entity'),
            sortable: true,
            cell: (e) => (
              <>
                {t(`entityTypes.${e.entityType}`, { defaultValue: e.entityType })} {e.entityName ? <>{e.entityName} </> : null}
                {e.entityType === 'user' ? (
                  <Link to={`/users/${e.entityId}`}>
                    <code>{e.entityId.slice(0, 8)}</code>
                  </Link>
                ) : (
                  <Link to={`/audit?entityType=${encodeURIComponent(e.entityType)}&entityId=${encodeURIComponent(e.entityId)}`}>
                    <code>{e.entityId.slice(0, 8)}</code>
                  </Link>
                )}
              </>
            ),
          },
          { key: 'changes', header: t('columns.changes'), cell: (e) => <ChangeList changes={e.changes} entityType={e.entityType} /> },
          { key: 'ip', header: t('columns.ip'), cell: (e) => e.ip ?? '—' },
        ]}
      />
      <Pagination page={page.page} pages={page.pages} total={page.total} />
    </section>
  );
}
