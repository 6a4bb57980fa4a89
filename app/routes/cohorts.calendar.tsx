import { redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireActor } from '~/lib/auth.server';
import { hasRole } from '~/lib/permissions';
import { cohortsInMonth, seesCohortList } from '~/domain/cohorts/list.server';
import { monthGrid, parseMonth, shiftMonth } from '~/domain/cohorts/month-calendar';
import { DEFAULT_TIME_ZONE, formatDateRange, todayIn } from '~/lib/dates';
import { i18nServer } from '~/lib/i18n.server';
import { pageTitle } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';

export const meta = pageTitle('cohorts:calendar.title');

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export const loader = withDomainErrors(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  if (!seesCohortList(actor)) {
    if (hasRole(actor, 'participant')) throw redirect('/my/cohorts');
    throw new Response('Not found', { status: 404 });
  }
  const locale = await i18nServer.getLocale(request);
  const month = parseMonth(new URL(request.url).searchParams.get('month'), todayIn(DEFAULT_TIME_ZONE).slice(0, 7));
  const cohorts = await cohortsInMonth(context.db, actor, month);
  const monthName = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'id-ID', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-15T00:00:00Z`));
  return {
    manages: (['coordinator', 'institute_staff', 'assessor', 'certification_admin'] as const).some((role) => hasRole(actor, role)),
    month,
    monthName,
    previous: shiftMonth(month, -1),
    next: shiftMonth(month, 1),
    weeks: monthGrid(month, cohorts).map((week) => week.map((day) => ({ ...day, entries: day.entries.map((e) => ({ id: e.id, name: e.name, programCode: e.programCode, status: e.status })) }))),
    cohorts: cohorts.map((c) => ({ ...c, dates: formatDateRange(c.startsOn, c.endsOn, locale) })),
  };
});

export default function CohortCalendar() {
  const { manages, monthName, previous, next, weeks, cohorts } = useLoaderData<typeof loader>();
  const linkTo = (id: string) => (manages ? `/cohorts/${id}/manage` : `/cohorts/${id}`);
  const { t } = useTranslation('cohorts');
  return (
    <section>
      <p>
        <Link to="/cohorts">{t('list.listView')}</Link>
      </p>
      <h1>{t('calendar.title')}</h1>
      <nav className="month-nav" aria-label={t('calendar.title')}>
        <Link to={`?month=${previous}`} aria-label={t('calendar.previous')}>
          ← {t('calendar.previous')}
        </Link>
        <h2>{monthName}</h2>
        <Link to={`?month=${next}`} aria-label={t('calendar.next')}>
          {t('calendar.next')} →
        </Link>
      </nav>
      <div className="table-wrap month-grid">
        <table>
          <caption className="visually-hidden">{monthName}</caption>
          <thead>
            <tr>
              {WEEKDAYS.map((d) => (
                <th key={d} scope="col">
                  {t(`calendar.weekdays.${d}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((week) => (
              <tr key={week[0]!.date}>
                {week.map((day) => (
                  <td key={day.date} className={day.inMonth ? undefined : 'outside'}>
                    <span className="day-number">{Number(day.date.slice(8))}</span>
                    {day.entries.map((e) => (
                      <Link key={e.id} to={linkTo(e.id)} className={`calendar-entry badge-${e.status}`}>
                        {e.programCode} {e.name}
                      </Link>
                    ))}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2 className="visually-hidden">{t('title')}</h2>
      {cohorts.length === 0 ? (
        <p>{t('calendar.none')}</p>
      ) : (
        <ul className="month-list">
          {cohorts.map((c) => (
            <li key={c.id}>
              <strong>{c.dates}</strong> — <Link to={linkTo(c.id)}>{c.name}</Link> ({c.programCode}){c.venueName ? `, ${c.venueName}` : ''} ·{' '}
              {t(`common:cohort.status.${c.status}`)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
