import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
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
import { submitIntent } from '~/lib/route-errors.server';
import { withDomainErrors } from '~/lib/route-errors';
import { redirectWithToast } from '~/lib/toast.server';
import { AddParticipants } from './add-participants';
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
  const { cohort, canManage, active, page, counts, found } = await participantsPage(context.db, actor, params.cohortId ?? '', { ...listParams, status, q });
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
    page: { ...page, items: page.items.map((p) => ({ ...p, registeredAt: formatDateTime(p.registeredAt, cohort.timeZone, locale) })) },
  };
});

/** The coordinator's buttons: approve, reject or withdraw registrations, add people. A refusal comes back as a toast. */
export const action = withDomainErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  const cohort = await requireCohort(context.db, actor, params.cohortId ?? '', 'cohort:manage');
  const cohortId = cohort.id;
  const formData = await request.formData();
  const [intent = '', only] = String(formData.get('intent') ?? '').split(':');
  const selected = only ? [only] : formData.getAll('enrollment').map(String);
  const reason = String(formData.get('reason') ?? '').slice(0, 1000) || null;
  const back = `/cohorts/${cohortId}/participants${new URL(request.url).search}`;
  if (intent === 'approve') {
    return submitIntent(back, async () => {
      const r = await approveEnrollments(context.db, actor, { cohortId, enrollmentIds: selected });
      return redirectWithToast(back, { message: 'cohorts:participants.done.approved', values: { confirmed: r.confirmed, waitlisted: r.waitlisted } });
    });
  }
  if (intent === 'reject') {
    return submitIntent(back, async () => {
      const r = await rejectEnrollments(context.db, actor, { cohortId, enrollmentIds: selected, reason });
      return redirectWithToast(back, { message: 'cohorts:participants.done.rejected', values: { count: r.rejected } });
    });
  }
  if (intent === 'cancel' && only) {
    return submitIntent(back, async () => {
      const r = await cancelEnrollment(context.db, actor, { enrollmentId: only, reason });
      return redirectWithToast(
        back,
        r.promoted ? { message: 'cohorts:participants.done.cancelledPromoted', values: { count: r.promoted } } : { message: 'cohorts:participants.done.cancelled' },
      );
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
  const { cohort, canManage, active, status, q, sort, dir, counts, found, page } = useLoaderData<typeof loader>();
  const { t } = useTranslation('cohorts');
  const manage = canManage && active;
  return (
    <section>
      <p>
        <Link to={`/cohorts/${cohort.id}/manage`}>{cohort.name}</Link>
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
      {page.items.length === 0 ? <p>{t('participants.empty')}</p> : <ParticipantsTable items={page.items} sort={sort} dir={dir} manage={manage} />}
      <Pagination page={page.page} pages={page.pages} total={page.total} />

      {manage ? <AddParticipants cohortId={cohort.id} status={status} q={q} found={found} /> : null}
    </section>
  );
}
