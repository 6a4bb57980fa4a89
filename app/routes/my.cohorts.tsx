import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { OwnResult } from '~/components/assessment/own-result';
import { OwnCertificates } from '~/components/certificates/own-certificates';
import { CohortStatusBadge } from '~/components/cohort-status';
import { myCertificates } from '~/domain/certificates/mine.server';
import { myExamResults, type OwnExamResult } from '~/domain/assessment/results.server';
import { requireActor } from '~/lib/auth.server';
import { myCohortsPage } from '~/domain/enrollment/cohort-pages.server';
import { formatDate, formatDateRange, formatDateTime, type IndonesianTimeZone } from '~/lib/dates';
import { i18nServer } from '~/lib/i18n.server';
import { pageTitle } from '~/lib/meta';
import { withDomainErrors } from '~/lib/route-errors';

export const meta = pageTitle('cohorts:my.title');

export const loader = withDomainErrors(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const locale = await i18nServer.getLocale(request);
  const { mine, open } = await myCohortsPage(context.db, actor);
  const results = await myExamResults(context.db, actor);
  const certificates = await myCertificates(context.db, actor);
  return {
    mine: mine.map((c) => ({
      enrollmentId: c.enrollmentId,
      enrollmentStatus: c.enrollmentStatus,
      cohortId: c.cohortId,
      cohortName: c.cohortName,
      cohortStatus: c.cohortStatus,
      programTitle: c.programTitle,
      dates: formatDateRange(c.startsOn, c.endsOn, locale),
      venueName: c.venueName,
      waitlistPosition: c.waitlistPosition,
      ...ownResult(results.find((r) => r.enrollmentId === c.enrollmentId), c.timeZone, locale),
      certificates: certificates
        .filter((x) => x.enrollmentId === c.enrollmentId)
        .map((x) => ({ id: x.id, kind: x.kind, number: x.number, code: x.code, groupedCode: x.groupedCode, status: x.status, validUntil: x.validUntil ? formatDate(x.validUntil, c.timeZone, locale) : null, linkedInUrl: x.linkedInUrl })),
      next: c.nextSessionStartsAt && ['pending', 'confirmed', 'waitlisted'].includes(c.enrollmentStatus) ? `${formatDateTime(c.nextSessionStartsAt, c.timeZone, locale)} — ${c.nextSessionTitle}` : null,
    })),
    open: open.map((c) => ({ ...c, dates: formatDateRange(c.startsOn, c.endsOn, locale) })),
  };
});

/** The participant's final exam result for one enrollment, its date written out; nothing before it is final. */
function ownResult(result: OwnExamResult | undefined, timeZone: IndonesianTimeZone, locale: string) {
  return { examResult: result ?? null, examDate: result?.examDate ? formatDate(result.examDate, timeZone, locale) : null };
}

export default function MyCohorts() {
  const { mine, open } = useLoaderData<typeof loader>();
  const { t } = useTranslation('cohorts');
  const navigation = useNavigation();
  return (
    <section>
      <h1>{t('my.title')}</h1>
      {mine.length === 0 ? (
        <p>{t('my.none')}</p>
      ) : (
        <ul className="card-list">
          {mine.map((c) => (
            <li key={c.enrollmentId} className="card">
              <h2 className="card-title">
                <Link to={`/cohorts/${c.cohortId}`}>
                  {c.programTitle} — {c.cohortName}
                </Link>
              </h2>
              <p className="meta">
                <span className={`badge badge-${c.enrollmentStatus}`}>{t(`enrollmentStatus.${c.enrollmentStatus}`)}</span>{' '}
                <CohortStatusBadge status={c.cohortStatus} />
              </p>
              {c.waitlistPosition ? (
                <p>
                  <strong>{t('my.waitlistPlace', { position: c.waitlistPosition })}</strong>
                </p>
              ) : null}
              <dl className="facts">
                <dt>{t('common:cohort.dates')}</dt>
                <dd>{c.dates}</dd>
                {c.enrollmentStatus === 'waitlisted' ? null : (
                  <>
                    <dt>{t('my.next')}</dt>
                    <dd>{c.next ?? t('my.noNext')}</dd>
                  </>
                )}
                <dt>{t('my.venue')}</dt>
                <dd>{c.venueName ?? '—'}</dd>
              </dl>
              {c.examResult ? <OwnResult result={c.examResult} examDate={c.examDate} /> : null}
              <OwnCertificates certificates={c.certificates} />
            </li>
          ))}
        </ul>
      )}
      <h2>{t('my.openTitle')}</h2>
      {open.length === 0 ? (
        <p>{t('my.openNone')}</p>
      ) : (
        <ul className="card-list">
          {open.map((c) => (
            <li key={c.id} className="card">
              <h3>
                <Link to={`/cohorts/${c.id}`}>
                  {c.programTitle} — {c.name}
                </Link>
              </h3>
              <dl className="facts">
                <dt>{t('common:cohort.dates')}</dt>
                <dd>{c.dates}</dd>
                <dt>{t('my.venue')}</dt>
                <dd>{c.venueName ?? '—'}</dd>
                <dt>{t('common:cohort.capacity')}</dt>
                <dd>{c.seatsLeft > 0 ? t('my.seatsLeft', { count: c.seatsLeft }) : t('my.waitlistOnly')}</dd>
              </dl>
              <Form method="post" action={`/cohorts/${c.id}/register`}>
                <input type="hidden" name="intent" value="register" />
                <input type="hidden" name="redirectTo" value="/my/cohorts" />
                {c.needsApproval ? <p className="hint">{t('registration.requestHint')}</p> : null}
                {c.seatsLeft > 0 || c.needsApproval ? (
                  <button type="submit" className="button primary" disabled={navigation.state === 'submitting'} aria-label={`${t('my.register')}: ${c.name}`}>
                    {c.needsApproval ? t('registration.request') : t('my.register')}
                  </button>
                ) : (
                  <button type="submit" className="button primary" disabled={navigation.state === 'submitting'} aria-label={`${t('my.joinWaitlist')}: ${c.name}`}>
                    {t('my.joinWaitlist')}
                  </button>
                )}
              </Form>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
