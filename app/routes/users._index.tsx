import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ChoiceFilter } from '~/components/choice-filter';
import { ListFilters, ListTable, Pagination } from '~/components/list-kit';
import { requireActor } from '~/lib/auth.server';
import { parseUserFilters } from '~/domain/accounts/user-filters';
import { listUsers, userFilterChoices, USER_SORT_KEYS } from '~/domain/accounts/users.server';
import { formatDate } from '~/lib/dates';
import { i18nServer } from '~/lib/i18n.server';
import { parseListParams } from '~/lib/list-params';
import { pageTitle } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';

export const meta = pageTitle('accounts:users.title');

export const loader = withDomainErrors(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  const params = parseListParams(url.searchParams, { sortKeys: USER_SORT_KEYS, defaultSort: 'name' });
  const filters = parseUserFilters(url.searchParams);
  const locale = await i18nServer.getLocale(request);
  const [{ timeZone, scope, ...page }, choices] = await Promise.all([listUsers(context.db, actor, filters, params), userFilterChoices(context.db, actor)]);
  return {
    choices,
    /** Only a Dinas confirms self-registered people. */
    showPending: scope.kind === 'dinas',
    filters,
    sort: params.sort,
    dir: params.dir,
    page: { ...page, items: page.items.map((u) => ({ ...u, createdAt: formatDate(u.createdAt, timeZone, locale) })) },
  };
});

export default function Users() {
  const { t } = useTranslation('accounts');
  const { page, filters, sort, dir, showPending, choices } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t('users.title')}</h1>
      <p>{t(showPending ? 'users.intro' : 'users.introOrganization')}</p>
      <p className="actions-row">
        <Link className="button primary" to="/users/invite">
          {t('users.invite')}
        </Link>
        {showPending ? (
          <Link className="button secondary" to="/users/pending">
            {t('users.pendingPeople')}
          </Link>
        ) : null}
      </p>
      <ListFilters sort={sort} dir={dir} resetTo="/users" label={t('users.search')} applyLabel={t('users.filter')}>
        <div className="field">
          <label htmlFor="users-q">{t('users.search')}</label>
          <input id="users-q" type="search" name="q" defaultValue={filters.q ?? ''} />
        </div>
        <ChoiceFilter
          id="users-role"
          name="role"
          label={t('users.role')}
          anyLabel={t('users.anyRole')}
          value={filters.role}
          choices={choices.roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
        />
        <div className="field">
          <label htmlFor="users-status">{t('users.status')}</label>
          <select id="users-status" name="status" defaultValue={filters.status ?? ''}>
            <option value="">{t('users.anyStatus')}</option>
            <option value="active">{t('users.active')}</option>
            <option value="inactive">{t('users.inactive')}</option>
          </select>
        </div>
      </ListFilters>
      <ListTable
        rows={page.items}
        rowKey={(u) => u.id}
        sort={sort}
        dir={dir}
        caption={t('users.title')}
        empty={t('users.empty')}
        columns={[
          { key: 'name', header: t('users.name'), sortable: true, title: true, cell: (u) => <Link to={`/users/${u.id}`}>{u.displayName}</Link> },
          { key: 'email', header: t('users.email'), sortable: true, cell: (u) => u.email },
          {
            key: 'roles',
            header: t('users.roles'),
            cell: (u) => (
              <ul className="plain-list">
                {u.roles.map((r) => (
                  <li key={r.id}>
                    {t(`roles.${r.role}`)}
                    {r.organizationName ? <span className="muted"> — {r.organizationName}</span> : null}
                  </li>
                ))}
              </ul>
            ),
          },
          {
            key: 'status',
            header: t('users.status'),
            cell: (u) => (
              <span className={`badge ${u.isActive ? 'badge-confirmed' : 'badge-cancelled'}`}>{u.isActive ? t('users.active') : t('users.inactive')}</span>
            ),
          },
          { key: 'created', header: t('users.created'), sortable: true, cell: (u) => u.createdAt },
        ]}
      />
      <Pagination page={page.page} pages={page.pages} total={page.total} />
    </section>
  );
}
