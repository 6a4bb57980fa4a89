import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CohortStatusBadge } from '~/components/cohort-status';
import { EntityHistory } from '~/components/entity-history';
import { requireActor } from '~/lib/auth.server';
import { entityHistoryIfAllowed } from '~/domain/audit/log.server';
import { mayPrintAttendanceSheets } from '~/domain/attendance/sheet-access';
import { cohortEligibility } from '~/domain/attendance/eligibility.server';
import { latestIssueRun } from '~/domain/certificates/issue-runs.server';
import { cohortScope, requireCohort } from '~/domain/cohorts/access.server';
import { cohortExamSummary } from '~/domain/assessment/results.server';
import { getCohortDetail } from '~/domain/cohorts/detail.server';
import { cancelCohort, transitionCohort } from '~/domain/cohorts/lifecycle.server';
import { CancelSchema, TransitionSchema } from '~/domain/cohorts/schemas';
import { i18nServer } from '~/lib/i18n.server';
import { can } from '~/lib/permissions';
import { titled } from '~/lib/meta';
import { submitButton, submitForm } from '~/lib/route-errors.server';
import { withDomainErrors } from '~/lib/route-errors';
import { redirectWithToast } from '~/lib/toast.server';
import { CertificatesPanel } from './certificates-panel';
import { CohortFacts } from './cohort-facts';
import { EligibilitySummary } from './eligibility-summary';
import { ExamSummary } from './exam-summary';
import { cohortView } from './cohort-view.server';
import { LifecyclePanel } from './lifecycle-panel';
import { ScheduleWarnings } from './schedule-warnings';
import { SessionTable } from './session-table';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  ...titled(data ? `${data.cohort.name} — ${data.cohort.programCode}` : null),
  // While certificates are being issued the page refreshes itself (no JavaScript needed) to show the progress.
  ...(data?.issueRun?.running ? [{ httpEquiv: 'refresh', content: '3' } as const] : []),
];

export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const locale = await i18nServer.getLocale(request);
  const cohort = await getCohortDetail(context.db, actor, params.cohortId ?? '');
  const history = await entityHistoryIfAllowed(context.db, actor, 'cohort', cohort.id, { locale: locale === 'en' ? 'en' : 'id', limit: 50 });
  const { summary, rule } = await cohortEligibility(context.db, actor, cohort.id);
  const canRecordAttendance = can(actor, 'attendance:record', cohortScope(cohort)) && cohort.status !== 'draft' && cohort.status !== 'cancelled';
  const exam = await cohortExamSummary(context.db, actor, cohort.id);
  const canManageCertificates = can(actor, 'certificate:manage', cohortScope(cohort));
  const canIssueCertificates = canManageCertificates && cohort.status === 'completed';
  const issueRun = await latestIssueRun(context.db, actor, cohort.id);
  return {
    issueRun,
    exam,
    history,
    cohort: cohortView(cohort, locale),
    eligibility: { summary, rule },
    printSheets: mayPrintAttendanceSheets(actor, cohort),
    canRecordAttendance,
    canIssueCertificates,
    canDownloadCertificates: canManageCertificates,
    canSummarize: can(actor, 'dashboard:view', { dinasId: cohort.dinasId }) && cohort.status !== 'draft',
  };
});

export const action = withDomainErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  const cohort = await requireCohort(context.db, actor, params.cohortId ?? '', 'cohort:manage');
  const back = `/cohorts/${cohort.id}/manage`;
  const formData = await request.formData();
  if (formData.get('intent') === 'cancel') {
    return submitForm(formData, CancelSchema, async ({ reason }) => {
      const { notified } = await cancelCohort(context.db, actor, { cohortId: cohort.id, reason });
      return redirectWithToast(back, { message: 'cohorts:lifecycle.cancelled', values: { count: notified } });
    });
  }
  const parsed = TransitionSchema.safeParse({ to: formData.get('to') });
  if (!parsed.success) return data({ formErrors: ['cohorts:lifecycle.notAllowed'] }, { status: 400 });
  const { to } = parsed.data;
  // A blocked step answers 409 with its reason beside the buttons, where the steps show their problems.
  return submitButton(async () => {
    await transitionCohort(context.db, actor, { cohortId: cohort.id, to });
    return redirectWithToast(back, { message: `cohorts:lifecycle.movedTo.${to}` });
  });
});

export default function ManageCohort() {
  const { cohort, history, eligibility, printSheets, canRecordAttendance, exam, canIssueCertificates, canDownloadCertificates, issueRun, canSummarize } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation('cohorts');
  const refusal = actionData && 'formErrors' in actionData ? actionData.formErrors[0] ?? null : null;
  const cancelResult = actionData && !('formErrors' in actionData) ? actionData : null;
  const editable = cohort.canManage && cohort.active;
  return (
    <article className="cohort-manage">
      <p>
        <Link to="/cohorts">{t('title')}</Link>
      </p>
      <p className="eyebrow">
        {cohort.dinasName} · <code>{cohort.programCode}</code>
      </p>
      <h1>
        {cohort.programTitle} — {cohort.name}
      </h1>
      <p>
        <CohortStatusBadge status={cohort.status} />
        {cohort.cancelReason ? <> {t('manage.cancelled', { reason: cohort.cancelReason })}</> : null}
      </p>
      <p className="actions">
        {cohort.status !== 'draft' && cohort.status !== 'cancelled' ? <Link to={`/cohorts/${cohort.id}`}>{t('manage.publicPage')}</Link> : null}
        {editable ? <Link to={`/cohorts/${cohort.id}/edit`}>{t('manage.edit')}</Link> : null}
        <Link to={`/cohorts/${cohort.id}/participants`}>{t('manage.participants')}</Link>
        <a href={`/cohorts/${cohort.id}/calendar.ics`} download>
          {t('registration.addToCalendar')}
        </a>
      </p>
      {!cohort.canManage ? <p className="hint">{t('manage.readOnly')}</p> : null}
      {canSummarize ? (
        <p>
          <a href={`/cohorts/${cohort.id}/summary.pdf`} download>
            {t('dashboard:cohortSummary.link')}
          </a>{' '}
          <span className="hint">{t('dashboard:cohortSummary.linkHint')}</span>
        </p>
      ) : null}

      <ScheduleWarnings warnings={cohort.warnings} />

      {editable ? <LifecyclePanel steps={cohort.steps} refusal={refusal} cancelResult={cancelResult} /> : null}

      <h2>{t('manage.facts')}</h2>
      <CohortFacts cohort={cohort} />

      <h2>{t('manage.sessions')}</h2>
      <SessionTable cohortId={cohort.id} sessions={cohort.sessions} editable={editable} printSheets={printSheets} attendance={canRecordAttendance} checkIn={canRecordAttendance && cohort.active} />
      {printSheets && cohort.sessions.length > 0 ? (
        <p>
          <a href={`/cohorts/${cohort.id}/attendance-sheet.pdf`} download>
            {t('documents:attendanceSheet.print')}
          </a>{' '}
          <span className="hint">{t('documents:attendanceSheet.printHint')}</span>
        </p>
      ) : null}
      {editable ? (
        <p>
          <Link to={`/cohorts/${cohort.id}/sessions/new`}>+ {t('manage.addSession')}</Link>
        </p>
      ) : null}

      <h2>{t('manage.participantsTitle')}</h2>
      <p>
        {t('manage.counts', {
          confirmed: cohort.counts.confirmed,
          capacity: cohort.capacity,
          waitlisted: cohort.counts.waitlisted,
          pending: cohort.counts.pending,
        })}
      </p>
      <p>
        <Link to={`/cohorts/${cohort.id}/participants`}>{t('manage.participants')}</Link>
      </p>

      <section aria-labelledby="summary-attendance">
        <h2 id="summary-attendance">{t('manage.attendance')}</h2>
        <p>{cohort.summaries.attendanceRecords ? t('manage.attendanceCount', { count: cohort.summaries.attendanceRecords }) : t('manage.attendanceNone')}</p>
        <EligibilitySummary cohortId={cohort.id} {...eligibility} />
      </section>
      <ExamSummary cohortId={cohort.id} summary={exam} />
      <CertificatesPanel cohortId={cohort.id} count={cohort.summaries.certificates} canIssue={canIssueCertificates} canDownload={canDownloadCertificates} run={issueRun} />
      {history ? <EntityHistory entries={history} /> : null}
    </article>
  );
}
