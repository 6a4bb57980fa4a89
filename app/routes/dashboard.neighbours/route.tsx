import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { PeriodForm } from '~/components/dashboard/period-form';
import { requireActor } from '~/lib/auth.server';
import { loadNeighbours } from '~/domain/dashboard/dashboard.server';
import { periodQuery } from '~/domain/dashboard/period';
import { formatDateRange } from '~/lib/dates';
import { i18nServer } from '~/lib/i18n.server';
import { pageTitle } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';
import { NeighboursSection } from './neighbours-section';

export const meta = pageTitle('dashboard:neighbours.title');

/** GET /dashboard/neighbours — the coordinator's Dinas beside the other Dinas of its province, for a period. */
export const loader = withDomainErrors(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const locale = await i18nServer.getLocale(request);
  const view = await loadNeighbours(context.db, actor, new URL(request.url).searchParams);
  return { ...view, query: periodQuery(view.period), periodText: formatDateRange(view.period.from, view.period.to, locale) };
});

export default function NeighboursPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation('dashboard');
  return (
    <article className="dashboard">
      <p className="eyebrow">
        <Link to={`/dashboard?${data.query}`}>{t('title')}</Link> · {data.scope.dinasName}
      </p>
      <h1>{t('neighbours.title')}</h1>
      <PeriodForm period={data.period} problems={data.periodProblems} input={data.periodInput} />
      <p className="period-line">
        <strong>{t('period.showing', { period: data.periodText })}</strong> <span className="hint">{t('period.basis')}</span>
      </p>
      <NeighboursSection neighbours={data.neighbours} query={data.query} />
    </article>
  );
}
