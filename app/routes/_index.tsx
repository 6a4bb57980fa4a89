import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CohortStatusBadge } from '~/components/cohort-status';
import { listUpcomingCohorts } from '~/domain/cohorts/public.server';
import { DEFAULT_TIME_ZONE, formatDateRange, todayIn, zoneLabel } from '~/lib/dates';
import { i18nServer } from '~/lib/i18n.server';
import { titled } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';

/** The home page carries the site's name alone. */
export const meta = () => titled(null);

export const loader = withDomainErrors(async ({ request, context }: LoaderFunctionArgs) => {
  const locale = await i18nServer.getLocale(request);
  // Cohorts across every Dinas: "today" in the default zone, as the list has no one zone.
  const cohorts = await listUpcomingCohorts(context.db, { today: todayIn(DEFAULT_TIME_ZONE) });
  return {
    cohorts: cohorts.map((c) => ({
      id: c.id,
      name: c.name,
      status: c.status,
      programTitle: c.programTitle,
      dates: formatDateRange(c.startsOn, c.endsOn, locale),
      zone: zoneLabel(c.timeZone),
      venueName: c.venueName,
      seatsLeft: Math.max(0, c.capacity - c.confirmedCount),
    })),
  };
});

export default function Home() {
  const { cohorts } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <section className="hero">
        <h1>{t('tagline')}</h1>
        <p>{t('home.intro')}</p>
      </section>
      <section aria-labelledby="upcoming-title">
        <h2 id="upcoming-title">{t('home.title')}</h2>
        {cohorts.length === 0 ? (
          <p>{t('home.none')}</p>
        ) : (
          <ul className="card-list">
            {cohorts.map((cohort) => (
              <li key={cohort.id} className="card">
                <h3>
                  <Link to={`/cohorts/${cohort.id}`}>
                    {cohort.programTitle} — {cohort.name}
                  </Link>
                </h3>
                <p className="meta">
                  <CohortStatusBadge status={cohort.status} />
                </p>
                <dl className="facts">
                  <dt>{t('cohort.dates')}</dt>
                  <dd>{cohort.dates}</dd>
                  {cohort.venueName ? (
                    <>
                      <dt>{t('cohort.venue')}</dt>
                      <dd>{cohort.venueName}</dd>
                    </>
                  ) : null}
                  {cohort.status === 'open' ? (
                    <>
                      <dt>{t('cohort.capacity')}</dt>
                      <dd>{t('cohort.seatsLeft', { count: cohort.seatsLeft })}</dd>
                    </>
                  ) : null}
                </dl>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
