import { redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CohortStatusBadge } from '~/components/cohort-status';
import { ListFilters, ListTable, Pagination } from '~/components/list-kit';
import { requireActor } from '~/lib/auth.server';
import { hasRole } from '~/lib/permissions';
import { COHORT_SORTS, COHORT_STATUSES, cohortFilterChoices, listCohorts, seesCohortList } from '~/domain/cohorts/list.server';
import { COHORT_PERIODS, type CohortPeriod } from '~/domain/cohorts/periods';
import { DEFAULT_TIME_ZONE, formatDateRange, todayIn } from '~/lib/dates';
import { i18nServer } from '~/lib/i18n.server';
import { parseListParams } from '~/lib/list-params';
import { pageTitle } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';

export const meta = pageTitle('cohorts:title');

export const loader = withDomainErrors(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  if (!seesCohortList(actor)) {
    if (hasRole(actor, 'participant')) throw redirect('/my/cohorts');
    throw new Response('Not found', { status: 404 });
  }
  const locale = await i18nServer.getLocale(request);
  const search = new URL(request.url).searchParams;
  const period = (COHORT_PERIODS as readonly string[]).includes(search.get('period') ?? '') ? (search.get('period') as CohortPeriod) : 'upcoming';
  const status = COHORT_STATUSES.find((s) => s === search.get('status')) ?? null;
  const filters = { period, programId: search.get('program'), instituteId: search.get('institute'), status };
  const params = parseListParams(search, { sortKeys: COHORT_SORTS, defaultSort: 'starts', defaultDir: period === 'past' ? 'desc' : 'asc' });
  const [page, choices] = await Promise.all([
    listCohorts(context.db, actor, filters, params, todayIn(DEFAULT_TIME_ZONE)),
    cohortFilterChoices(context.db, actor),
  ]);
  return {
    filters: { period, program: filters.programId ?? '', institute: filters.instituteId ?? '', status: status ?? '' },
    sort: params.sort,
    dir: params.dir,
    choices,
    canCreate: hasRole(actor, 'coordinator'),
    // Cooperative admins see published cohorts to nominate staff: their door is the public page.
    manages: (['coordinator', 'institute_admin', 'institute_staff', 'assessor', 'certification_admin'] as const).some((role) => hasRole(actor, role)),
    page: {
      ...page,
      items: page.items.map((c) => ({ ...c, dates: formatDateRange(c.startsOn, c.endsOn, locale) })),
    },
  };
});

export default function Cohorts() {
  const { filters, sort, dir, choices, canCreate, manages, page } = useLoaderData<typeof loader>();
  const { t } = useTranslation('cohorts');
  const periodLink = (period: string) => {
    const query = new URLSearchParams({ period });
    if (filters.program) query.set('program', filters.program);
    if (filters.institute) query.set('institute', filters.institute);
    if (filters.status) query.set('status', filters.status);
    return `?${query}`;
  };
  return (
    <section>
      <h1>{t('title')}</h1>
      <p className="actions">
        {canCreate ? (
          <Link to="/cohorts/new" className="button primary">
            + {t('list.new')}
          </Link>
        ) : null}
        <Link to="/cohorts/calendar">{t('list.calendar')}</Link>
      </p>
      <nav aria-label={t('list.periodLabel')} className="tabs">
        <ul>
          {COHORT_PERIODS.map((p) => (
            <li key={p}>
              <Link to={periodLink(p)} aria-current={filters.period === p ? 'page' : undefined}>
                {t(`list.period.${p}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <ListFilters sort={sort} dir={dir} resetTo={`/cohorts?period=${filters.period}`} label={t('list.periodLabel')}>
        <input type="hidden" name="period" value={filters.period} />
        {/* A filter is offered only when the user sees more than one value for it. */}
        {choices.programs.length > 1 ? (
          <div className="field">
            <label htmlFor="filter-program">{t('list.program')}</label>
            <select id="filter-program" name="program" defaultValue={filters.program}>
              <option value="">{t('list.any')}</option>
              {choices.programs.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.code}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {choices.institutes.length > 1 ? (
          <div className="field">
            <label htmlFor="filter-institute">{t('list.institute')}</label>
            <select id="filter-institute" name="institute" defaultValue={filters.institute}>
              <option value="">{t('list.any')}</option>
              {choices.institutes.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {choices.statuses.length > 1 ? (
          <div className="field">
            <label htmlFor="filter-status">{t('list.status')}</label>
            <select id="filter-status" name="status" defaultValue={filters.status}>
              <option value="">{t('list.any')}</option>
              {choices.statuses.map((s) => (
                <option key={s} value={s}>
                  {t(`common:cohort.status.${s}`)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </ListFilters>
      <ListTable
        rows={page.items}
        rowKey={(c) => c.id}
        sort={sort}
        dir={dir}
        caption={t('title')}
        empty={t('list.empty')}
        columns={[
          {
            key: 'name',
            header: t('list.name'),
            sortable: true,
            title: true,
            cell: (c) => <Link to={manages ? `/cohorts/${c.id}/manage` : `/cohorts/${c.id}`}>{c.name}</Link>,
          },
          { key: 'program', header: t('list.program'), sortable: true, cell: (c) => <code title={c.programTitle}>{c.programCode}</code> },
          { key: 'starts', header: t('list.dates'), sortable: true, cell: (c) => c.dates },
          {
            key: 'venue',
            header: t('list.venue'),
            cell: (c) => (
              <>
                {c.venueName ?? '—'}
                {c.instituteName ? <span className="hint"> · {c.instituteName}</span> : null}
              </>
            ),
          },
          { key: 'status', header: t('list.status'), sortable: true, cell: (c) => <CohortStatusBadge status={c.status} /> },
          {
            key: 'confirmed',
            header: t('list.seats'),
            sortable: true,
            cell: (c) => (
              <>
                {t('list.seatsValue', { confirmed: c.confirmed, capacity: c.capacity })}
                {c.waitlisted ? <span className="hint"> · {t('list.waitlisted', { count: c.waitlisted })}</span> : null}
                {c.pending ? <span className="hint"> · {t('list.pending', { count: c.pending })}</span> : null}
              </>
            ),
          },
        ]}
      />
      <Pagination page={page.page} pages={page.pages} total={page.total} />
    </section>
  );
}
