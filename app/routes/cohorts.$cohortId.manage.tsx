import { getFormProps, getTextareaProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { EntityHistory } from '~/components/entity-history';
import { entityHistoryIfAllowed } from '~/domain/audit/log.server';
import { CohortStatusBadge } from '~/components/cohort-status';
import { TextareaField } from '~/components/cohorts/textarea-field';
import { ErrorList } from '~/components/field';
import { requireActor } from '~/lib/auth.server';
import { requireCohort } from '~/domain/cohorts/access.server';
import { getCohortDetail } from '~/domain/cohorts/detail.server';
import { cancelCohort, transitionCohort } from '~/domain/cohorts/lifecycle.server';
import { CancelSchema, TransitionSchema } from '~/domain/cohorts/schemas';
import { formatDateRange, formatDateTime, formatDateWithWeekday, formatTime, zoneLabel } from '~/lib/dates';
import { db } from '~/lib/db.server';
import { i18nServer } from '~/lib/i18n.server';
import { formErrorsOf, throwAsResponse } from '~/lib/route-errors.server';
import { redirectWithToast } from '~/lib/toast.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.cohort.name} — ${data.cohort.programCode} · Kompeten` : 'Kompeten' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const locale = await i18nServer.getLocale(request);
  try {
    const c = await getCohortDetail(db(), actor, params.cohortId ?? '');
    const tz = c.timeZone;
    const history = await entityHistoryIfAllowed(db(), actor, 'cohort', c.id, { locale: locale === 'en' ? 'en' : 'id', limit: 50 });
    return {
      history,
      cohort: {
        id: c.id,
        name: c.name,
        status: c.status,
        programId: c.programId,
        programCode: c.programCode,
        programTitle: c.programTitle,
        dinasName: c.dinasName,
        dates: formatDateRange(c.startsOn, c.endsOn, locale),
        zone: zoneLabel(tz),
        venue: [c.venueName, c.venueAddress].filter(Boolean).join(', '),
        capacity: c.capacity,
        quota: c.quotaPerCooperative,
        window:
          c.registrationOpensAt || c.registrationClosesAt
            ? `${c.registrationOpensAt ? formatDateTime(c.registrationOpensAt, tz, locale) : '…'} – ${c.registrationClosesAt ? formatDateTime(c.registrationClosesAt, tz, locale) : '…'}`
            : null,
        instituteName: c.instituteName,
        certificationBodyName: c.certificationBodyName,
        assessors: c.assessors.map((a) => (a.registrationNumber ? `${a.name} (${a.registrationNumber})` : a.name)),
        requiresApproval: c.requiresApproval,
        cancelReason: c.cancelReason,
        counts: c.counts,
        summaries: c.summaries,
        canManage: c.canManage,
        steps: c.steps,
        warnings: c.warnings,
        sessions: c.sessions.map((s) => ({
          id: s.id,
          position: s.position,
          kind: s.kind,
          title: s.title,
          day: formatDateWithWeekday(s.startsAt, tz, locale),
          time: `${formatTime(s.startsAt, tz, locale).split(' ')[0]}–${formatTime(s.endsAt, tz, locale)}`,
          venueName: s.venueName,
        })),
        active: c.status !== 'completed' && c.status !== 'cancelled',
      },
    };
  } catch (error) {
    throwAsResponse(error);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const cohortId = params.cohortId ?? '';
  await requireCohort(db(), actor, cohortId, 'cohort:manage').catch(throwAsResponse);
  const formData = await request.formData();
  if (formData.get('intent') === 'cancel') {
    const submission = parseWithZod(formData, { schema: CancelSchema });
    if (submission.status !== 'success') return { cancel: submission.reply(), lifecycleError: null };
    let notified: number;
    try {
      ({ notified } = await cancelCohort(db(), actor, { cohortId, reason: submission.value.reason }));
    } catch (error) {
      const errors = formErrorsOf(error);
      if (errors) return { cancel: submission.reply(errors), lifecycleError: null };
      throwAsResponse(error);
    }
    return redirectWithToast(`/cohorts/${cohortId}/manage`, { message: 'cohorts:lifecycle.cancelled', values: { count: notified } });
  }
  const parsed = TransitionSchema.safeParse({ to: formData.get('to') });
  if (!parsed.success) return { cancel: null, lifecycleError: 'cohorts:lifecycle.notAllowed' };
  try {
    await transitionCohort(db(), actor, { cohortId, to: parsed.data.to });
  } catch (error) {
    const errors = formErrorsOf(error);
    if (errors?.formErrors) return { cancel: null, lifecycleError: errors.formErrors[0]! };
    throwAsResponse(error);
  }
  return redirectWithToast(`/cohorts/${cohortId}/manage`, { message: `cohorts:lifecycle.movedTo.${parsed.data.to}` });
}

export default function ManageCohort() {
  const { cohort, history } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation('cohorts');
  const [cancelForm, cancelFields] = useForm({
    id: 'cancel-cohort',
    lastResult: actionData?.cancel ?? null,
    constraint: getZodConstraint(CancelSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CancelSchema }),
  });
  const other = (w: (typeof cohort.warnings)[number]) =>
    w.otherCohortId ? w.otherCohortName ?? '' : t('manage.otherDinas');
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
        {cohort.canManage && cohort.active ? <Link to={`/cohorts/${cohort.id}/edit`}>{t('manage.edit')}</Link> : null}
        <Link to={`/cohorts/${cohort.id}/participants`}>{t('manage.participants')}</Link>
        <a href={`/cohorts/${cohort.id}/calendar.ics`} download>
          {t('registration.addToCalendar')}
        </a>
      </p>
      {!cohort.canManage ? <p className="hint">{t('manage.readOnly')}</p> : null}

      {cohort.warnings.length > 0 ? (
        <section className="notice notice-warn" aria-labelledby="warnings-title">
          <h2 id="warnings-title">{t('manage.warnings')}</h2>
          <ul>
            {cohort.warnings.map((w, i) => (
              <li key={i}>
                {t(`manage.warning.${w.kind}`, { subject: w.subject, other: other(w) })}
                {w.otherCohortId ? (
                  <>
                    {' '}
                    <Link to={`/cohorts/${w.otherCohortId}/manage`}>→</Link>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {cohort.canManage && cohort.active ? (
        <section aria-labelledby="lifecycle-title">
          <h2 id="lifecycle-title">{t('manage.lifecycle')}</h2>
          <ErrorList errors={actionData?.lifecycleError ? [actionData.lifecycleError] : null} />
          <div className="actions">
            {cohort.steps.map((step) => (
              <Form method="post" key={step.to} className="inline-form">
                <input type="hidden" name="intent" value="transition" />
                <input type="hidden" name="to" value={step.to} />
                <button type="submit" className="button" aria-describedby={step.problem ? `step-${step.to}-problem` : undefined}>
                  {t(`manage.to.${step.to}`)}
                </button>
                {step.problem ? (
                  <span id={`step-${step.to}-problem`} className="hint">
                    {' '}
                    {t(step.problem)}
                  </span>
                ) : null}
              </Form>
            ))}
          </div>
          <details className="danger-zone">
            <summary>{t('manage.cancel')}</summary>
            <Form method="post" {...getFormProps(cancelForm)}>
              <input type="hidden" name="intent" value="cancel" />
              <ErrorList id={cancelForm.errorId} errors={cancelForm.errors} />
              <TextareaField
                label={t('manage.cancelReason')}
                hint={t('manage.cancelHint')}
                textareaProps={getTextareaProps(cancelFields.reason)}
                errors={cancelFields.reason.errors}
              />
              <button type="submit" className="button danger">
                {t('manage.cancelSubmit')}
              </button>
            </Form>
          </details>
        </section>
      ) : null}

      <h2>{t('manage.facts')}</h2>
      <dl className="facts">
        <dt>{t('common:cohort.dates')}</dt>
        <dd>{cohort.dates}</dd>
        <dt>{t('manage.timeZone')}</dt>
        <dd>{cohort.zone}</dd>
        <dt>{t('common:cohort.venue')}</dt>
        <dd>{cohort.venue || t('manage.none')}</dd>
        <dt>{t('common:cohort.capacity')}</dt>
        <dd>{cohort.capacity}</dd>
        <dt>{t('manage.quota')}</dt>
        <dd>{cohort.quota ?? t('manage.noQuota')}</dd>
        <dt>{t('manage.window')}</dt>
        <dd>{cohort.window ?? t('manage.windowOpen')}</dd>
        <dt>{t('manage.approval')}</dt>
        <dd>{cohort.requiresApproval ? t('manage.approvalRequired') : t('manage.approvalAuto')}</dd>
        <dt>{t('common:cohort.institute')}</dt>
        <dd>{cohort.instituteName ?? t('manage.none')}</dd>
        <dt>{t('common:cohort.certificationBody')}</dt>
        <dd>{cohort.certificationBodyName ?? t('manage.none')}</dd>
        <dt>{t('manage.assessors')}</dt>
        <dd>{cohort.assessors.length ? cohort.assessors.join(', ') : t('manage.none')}</dd>
      </dl>

      <h2>{t('manage.sessions')}</h2>
      {cohort.sessions.length === 0 ? <p>{t('manage.noSessions')}</p> : null}
      {cohort.sessions.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('manage.session.no')}</th>
                <th scope="col">{t('manage.session.day')}</th>
                <th scope="col">{t('manage.session.time')}</th>
                <th scope="col">{t('manage.session.title')}</th>
                {cohort.canManage && cohort.active ? <th scope="col">{t('manage.session.edit')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {cohort.sessions.map((s) => (
                <tr key={s.id}>
                  <td>{s.position}</td>
                  <td>{s.day}</td>
                  <td>{s.time}</td>
                  <td>
                    {t(`common:cohort.sessionKind.${s.kind}`)}: {s.title}
                    {s.venueName ? <span className="hint"> — {s.venueName}</span> : null}
                  </td>
                  {cohort.canManage && cohort.active ? (
                    <td>
                      <Link to={`/cohorts/${cohort.id}/sessions/${s.id}`} aria-label={`${t('manage.session.edit')} ${s.position}`}>
                        {t('manage.session.edit')}
                      </Link>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {cohort.canManage && cohort.active ? (
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
      </section>
      <section aria-labelledby="summary-results">
        <h2 id="summary-results">{t('manage.results')}</h2>
        <p>
          {cohort.summaries.finalAssessments
            ? t('manage.resultsCount', { count: cohort.summaries.finalAssessments, competent: cohort.summaries.competent })
            : t('manage.resultsNone')}
        </p>
      </section>
      <section aria-labelledby="summary-certificates">
        <h2 id="summary-certificates">{t('manage.certificates')}</h2>
        <p>{cohort.summaries.certificates ? t('manage.certificatesCount', { count: cohort.summaries.certificates }) : t('manage.certificatesNone')}</p>
      </section>
      {history ? <EntityHistory entries={history} /> : null}
    </article>
  );
}
