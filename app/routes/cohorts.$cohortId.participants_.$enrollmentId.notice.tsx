import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireActor } from '~/lib/auth.server';
import { enrollmentNoticePage } from '~/domain/enrollment/cohort-pages.server';
import { whatsappLink, whatsappNumber } from '~/domain/enrollment/notice';
import { formatDateRange } from '~/lib/dates';
import { i18nServer } from '~/lib/i18n.server';
import { metaT, titled } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';

export const meta: MetaFunction<typeof loader> = (args) =>
  titled(args.data ? metaT(args)('cohorts:notice.pageTitle', { name: args.data.notice.name }) : null);

/**
 * A printable notice about one registration, and a WhatsApp message with the same words:
 * how the coordinator tells someone the e-mails cannot reach.
 */
export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const locale = await i18nServer.getLocale(request);
  const { cohort, notice } = await enrollmentNoticePage(context.db, actor, params.cohortId ?? '', params.enrollmentId ?? '');
  return {
    cohort: {
      id: cohort.id,
      name: cohort.name,
      dates: formatDateRange(cohort.startsOn, cohort.endsOn, locale),
      venue: [cohort.venueName, cohort.venueAddress].filter(Boolean).join(', ') || null,
    },
    notice,
  };
});

export default function EnrollmentNoticePage() {
  const { cohort, notice } = useLoaderData<typeof loader>();
  const { t } = useTranslation('cohorts');
  const values = {
    name: notice.name,
    program: notice.programTitle,
    cohort: cohort.name,
    dates: cohort.dates,
    venue: cohort.venue ?? '—',
    dinas: notice.dinasName,
    position: notice.waitlistPosition ?? '',
    reason: notice.reason ?? '',
  };
  const outcome = t(`notice.outcome.${notice.status}`, values);
  const message = [
    t('notice.greeting', values),
    t('notice.about', values),
    outcome,
    notice.reason ? t('notice.reason', values) : null,
    t('notice.when', values),
    t('notice.closing', values),
  ]
    .filter(Boolean)
    .join('\n');
  const number = whatsappNumber(notice.phone);
  return (
    <article className="notice">
      <p className="no-print">
        <Link to={`/cohorts/${cohort.id}/participants`}>{t('notice.back')}</Link>
      </p>
      <p className="eyebrow">{notice.dinasName}</p>
      <h1>{t('notice.title')}</h1>
      <p>{t('notice.greeting', values)}</p>
      <p>{t('notice.about', values)}</p>
      <p>
        <strong>{outcome}</strong>
      </p>
      {notice.reason ? <p>{t('notice.reason', values)}</p> : null}
      <dl className="facts">
        <dt>{t('common:cohort.dates')}</dt>
        <dd>{cohort.dates}</dd>
        <dt>{t('my.venue')}</dt>
        <dd>{cohort.venue ?? '—'}</dd>
      </dl>
      <p>{t('notice.closing', values)}</p>
      <section className="no-print" aria-labelledby="share-title">
        <h2 id="share-title">{t('notice.share')}</h2>
        <p className="hint">{notice.hasEmail ? t('notice.hasEmail') : t('notice.noEmail')}</p>
        <p className="actions">
          <a className="button primary" href={whatsappLink(notice.phone, message)} target="_blank" rel="noreferrer">
            {number ? t('notice.whatsappTo', { number: `+${number}` }) : t('notice.whatsapp')}
          </a>
        </p>
        <p className="hint">{t('notice.printHint')}</p>
      </section>
    </article>
  );
}
