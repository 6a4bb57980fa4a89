import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import type { SubmissionResult } from '@conform-to/react';
import { redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { EnrollmentStatus } from '~db/schema';
import { Pagination } from '~/components/list-kit';
import { requireActor } from '~/lib/auth.server';
import { requireCohort } from '~/domain/cohorts/access.server';
import { approveEnrollments, cancelEnrollment, rejectEnrollments } from '~/domain/enrollment/decisions.server';
import { participantsPage } from '~/domain/enrollment/cohort-pages.server';
import { PARTICIPANT_SORTS } from '~/domain/enrollment/queries.server';
import { addParticipants } from '~/domain/enrollment/register.server';
import { formatDateTime } from '~/lib/dates';
import { i18nServer } from '~/lib/i18n.server';
import { parseListParams } from '~/lib/list-params';
import { metaT, titled } from '~/lib/meta';
import { CancelEnrollmentSchema, RejectSchema } from '~/domain/enrollment/schemas';
import { submitForm, submitIntent } from '~/lib/route-errors.server';
import { withDomainErrors } from '~/lib/route-errors';
import { redirectWithToast } from '~/lib/toast.server';
import { AddParticipants } from './add-participants';
import { ConfirmDecision } from './confirm-decision';
import { ParticipantsTable } from './participants-table';

export const meta: MetaFunction<typeof loader> = (args) =>
  titled(args.data ? metaT(args)('cohorts:participants.pageTitle', { name: args.data.cohort.name }) : null);

const STATUSES: EnrollmentStatus[] = ['pending', 'confirmed', 'waitlisted', 'cancelled', 'rejected'];

export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const locale = await i18nServer.getLocale(request);
  const search = new URL(request.url).searchParams;
  const status = STATUSES.find((s) => s === search.get('status')) ?? null;
  const listParams = parseListParams(search, { sortKeys: PARTICIPANT_SORTS, defaultSort: 'arrival', pageSize: 50 });
  const q = search.get('q')?.trim().slice(0, 100) ?? '';
  const confirmKind = search.get('confirm');
  const confirm = confirmKind === 'reject' || confirmKind === 'cancel' ? { kind: confirmKind as 'reject' | 'cancel', enrollmentIds: search.getAll('enrollment').slice(0, 200) } : null;
  const { cohort, canManage, active, page, counts, eligibility, found, confirming } = await participantsPage(context.db, actor, params.cohortId ?? '', {
    ...listParams,
    status,
    q,
    confirm,
  });
  return {
    cohort: { id: cohort.id, name: cohort.name, status: cohort.status, capacity: cohort.capacity },
    canManage,
    active,
    status: status ?? '',
    q,
    sort: listParams.sort,
    dir: listParams.dir,
    counts,
    found,
    confirming,
    page: {
      ...page,
      items: page.items.map(({ phone: _phone, ...p }) => ({
        ...p,
        registeredAt: formatDateTime(p.registeredAt, cohort.timeZone, locale),
        eligibility: eligibility[p.enrollmentId] ?? null,
      })),
    },
  };
});

/**
 * The coordinator's buttons: approve registrations, add people, and — after a confirmation
 * step naming the people — reject them (with a required reason) or withdraw one. A refusal
 * comes back as a toast; a rejection without a reason as a field error (400).
 */
export const action = withDomainErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  const cohort = await requireCohort(context.db, actor, params.cohortId ?? '', 'cohort:manage');
  const cohortId = cohort.id;
  const formData = await request.formData();
  const [intent = '', only] = String(formData.get('intent') ?? '').split(':');
  const selected = only ? [only] : formData.getAll('enrollment').map(String);
  const url = new URL(request.url);
  const listSearch = new URLSearchParams(url.searchParams);
  for (const key of ['confirm', 'enrollment']) listSearch.delete(key);
  const back = `/cohorts/${cohortId}/participants${listSearch.toString() ? `?${listSearch}` : ''}`;
  if ((intent === 'reject' || intent === 'cancel') && selected.length === 0) {
    return redirectWithToast(back, { kind: 'error', message: 'cohorts:participants.noneSelected' });
  }
  if (intent === 'reject' || intent === 'cancel') {
    // One tap never rejects or withdraws: it leads to the confirmation step naming the people.
    const confirm = new URLSearchParams(listSearch);
    confirm.set('confirm', intent);
    for (const id of intent === 'cancel' ? selected.slice(0, 1) : selected) confirm.append('enrollment', id);
    return redirect(`/cohorts/${cohortId}/participants?${confirm}`);
  }
  if (intent === 'confirm-reject') {
    return submitForm(formData, RejectSchema, async ({ enrollment, reason }) => {
      const r = await rejectEnrollments(context.db, actor, { cohortId, enrollmentIds: enrollment, reason });
      return redirectWithToast(back, { message: 'cohorts:participants.done.rejected', values: { count: r.rejected } });
    });
  }
  if (intent === 'confirm-cancel') {
    return submitForm(formData, CancelEnrollmentSchema, async ({ enrollment, reason }) => {
      const r = await cancelEnrollment(context.db, actor, { enrollmentId: enrollment, reason: reason ?? null });
      return redirectWithToast(
        back,
        r.promoted ? { message: 'cohorts:participants.done.cancelledPromoted', values: { count: r.promoted } } : { message: 'cohorts:participants.done.cancelled' },
      );
    });
  }
  if (intent === 'approve') {
    return submitIntent(back, async () => {
      const r = await approveEnrollments(context.db, actor, { cohortId, enrollmentIds: selected });
      return redirectWithToast(back, { message: 'cohorts:participants.done.approved', values: { confirmed: r.confirmed, waitlisted: r.waitlisted } });
    });
  }
  if (intent === 'add') {
    return submitIntent(back, async () => {
      const r = await addParticipants(context.db, actor, { cohortId, personIds: formData.getAll('person').map(String) });
      return redirectWithToast(`/cohorts/${cohortId}/participants`, {
        message: 'cohorts:participants.done.added',
        values: { confirmed: r.confirmed, waitlisted: r.waitlisted, duplicates: r.duplicates },
      });
    });
  }
  throw new Response('Bad request', { status: 400 });
});

export default function Participants() {
  const { cohort, canManage, active, status, q, sort, dir, counts, found, confirming, page } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation('cohorts');
  const manage = canManage && active;
  if (manage && confirming) {
    return (
      <ConfirmDecision
        cohortId={cohort.id}
        cohortName={cohort.name}
        kind={confirming.kind}
        people={confirming.people}
        lastResult={actionData && 'status' in actionData ? (actionData as SubmissionResult<string[]>) : null}
      />
    );
  }
  return (
    <section>
      <p>
        <Link to={`/cohorts/${cohort.id}/manage`}>{cohort.name}</Link> · <Link to={`/cohorts/${cohort.id}/attendance`}>{t('eligibility:summary.matrix')}</Link>
      </p>
      <h1>
        {t('participants.title')} — {cohort.name}
      </h1>
      <p>
        {t('manage.counts', { confirmed: counts.confirmed, capacity: cohort.capacity, waitlisted: counts.waitlisted, pending: counts.pending })}
      </p>
      <nav className="tabs" aria-label={t('participants.filter')}>
        <ul>
          <li>
            <Link to="?" aria-current={status === '' ? 'page' : undefined}>
              {t('participants.all')}
            </Link>
          </li>
          {STATUSES.map((s) => (
            <li key={s}>
              <Link to={`?status=${s}`} aria-current={status === s ? 'page' : undefined}>
                {t(`enrollmentStatus.${s}`)} ({counts[s]})
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {page.items.length === 0 ? <p>{t('participants.empty')}</p> : <ParticipantsTable cohortId={cohort.id} items={page.items} sort={sort} dir={dir} manage={manage} />}
      <Pagination page={page.page} pages={page.pages} total={page.total} />

      {manage ? <AddParticipants cohortId={cohort.id} status={status} q={q} found={found} /> : null}
    </section>
  );
}
