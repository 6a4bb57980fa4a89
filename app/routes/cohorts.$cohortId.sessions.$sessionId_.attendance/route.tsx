import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import type { SubmissionResult } from '@conform-to/react';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { recordMarks, requireCohortForAttendance } from '~/domain/attendance/marks.server';
import { rollCallSheet } from '~/domain/attendance/roll-call.server';
import { RollCallSchema } from '~/domain/attendance/schemas';
import { requireActor } from '~/lib/auth.server';
import { formatDateWithWeekday, formatTime } from '~/lib/dates';
import { i18nServer } from '~/lib/i18n.server';
import { metaT, titled } from '~/lib/meta';
import { submitForm } from '~/lib/route-errors.server';
import { withDomainErrors } from '~/lib/route-errors';
import { redirectWithToast } from '~/lib/toast.server';
import { RollCallForm } from './roll-call-form';

export const meta: MetaFunction<typeof loader> = (args) =>
  titled(args.data ? metaT(args)('attendance:rollCall.pageTitle', { session: args.data.session.title, cohort: args.data.cohort.name }) : null);

/** "08.00" in the cohort's zone (the zone label is said once, in the session's heading). */
const hhmm = (value: Date, zone: Parameters<typeof formatTime>[1], locale: string) => formatTime(value, zone, locale).split(' ')[0]!;

export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const locale = await i18nServer.getLocale(request);
  const prefill = new URL(request.url).searchParams.get('prefill') === 'present';
  const sheet = await rollCallSheet(context.db, actor, { cohortId: params.cohortId ?? '', sessionId: params.sessionId ?? '' });
  const zone = sheet.cohort.timeZone;
  const when = (d: Date) => `${formatDateWithWeekday(d, zone, locale)}, ${formatTime(d, zone, locale)}`;
  return {
    cohort: { id: sheet.cohort.id, name: sheet.cohort.name },
    session: {
      id: sheet.session.id,
      position: sheet.session.position,
      kind: sheet.session.kind,
      title: sheet.session.title,
      day: formatDateWithWeekday(sheet.session.startsAt, zone, locale),
      time: `${hhmm(sheet.session.startsAt, zone, locale)}–${formatTime(sheet.session.endsAt, zone, locale)}`,
      opensAt: when(sheet.session.window.opensAt),
      correctableUntil: when(sheet.session.window.correctableUntil),
    },
    phase: sheet.phase,
    prefill,
    rows: sheet.rows.map((r) => ({
      enrollmentId: r.enrollmentId,
      name: r.name,
      cooperativeName: r.cooperativeName,
      nextMarkId: r.nextMarkId,
      current: r.current
        ? { status: r.current.status, note: r.current.note, method: r.current.method, byName: r.current.byName, at: formatTime(r.current.markedAt, zone, locale), markedAt: r.current.markedAt.toISOString() }
        : null,
      conflicts: r.conflicts.map((c) => ({ status: c.status, byName: c.byName, at: formatTime(c.markedAt, zone, locale) })),
    })),
  };
});

/** One submit saves the whole roll call (without JavaScript too): rows left without a status are left alone. */
export const action = withDomainErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  const { id: cohortId } = await requireCohortForAttendance(context.db, actor, params.cohortId ?? '');
  const sessionId = params.sessionId ?? '';
  const back = `/cohorts/${cohortId}/sessions/${sessionId}/attendance`;
  const formData = await request.formData();
  return submitForm(formData, RollCallSchema, async ({ marks, correctionReason }) => {
    const result = await recordMarks(context.db, actor, {
      cohortId,
      sessionId,
      method: 'roll_call',
      marks: marks.flatMap((m) => (m.status ? [{ id: m.id, enrollmentId: m.enrollmentId, status: m.status, note: m.note ?? null, correctionReason: correctionReason ?? null }] : [])),
    });
    return redirectWithToast(back, { message: 'attendance:rollCall.saved', values: { count: result.applied } });
  });
});

export default function RollCall() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation('attendance');
  const { cohort, session, phase } = data;
  return (
    <section className="roll-call">
      <p>
        <Link to={`/cohorts/${cohort.id}/manage`}>{cohort.name}</Link>
      </p>
      <h1>
        {t('rollCall.title')} — {t(`common:cohort.sessionKind.${session.kind}`)}: {session.title}
      </h1>
      <p>
        {`${session.day}, ${session.time}`}
      </p>
      <p className="hint">{t(`rollCall.phase.${phase}`, { opensAt: session.opensAt, until: session.correctableUntil })}</p>
      <RollCallForm
        sessionId={session.id}
        cohortId={cohort.id}
        phase={phase}
        prefill={data.prefill}
        rows={data.rows}
        lastResult={actionData && 'status' in actionData ? (actionData as SubmissionResult<string[]>) : null}
      />
    </section>
  );
}
