import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useLocation, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { EnrollmentStatus } from '~db/schema';
import { Pagination, SortableHeader } from '~/components/list-kit';
import { requireActor } from '~/lib/auth.server';
import { can } from '~/lib/permissions';
import { requireCohort } from '~/domain/cohorts/access.server';
import { approveEnrollments, cancelEnrollment, rejectEnrollments } from '~/domain/enrollment/decisions.server';
import { PARTICIPANT_SORTS, participantsOf, searchPeopleForCohort } from '~/domain/enrollment/queries.server';
import { addParticipants } from '~/domain/enrollment/register.server';
import { formatDateTime } from '~/lib/dates';
import { db } from '~/lib/db.server';
import { i18nServer } from '~/lib/i18n.server';
import { parseListParams } from '~/lib/list-params';
import { formErrorsOf, throwAsResponse } from '~/lib/route-errors.server';
import { redirectWithToast } from '~/lib/toast.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.cohort.name ?? ''} — peserta · Kompeten` }];

const STATUSES: EnrollmentStatus[] = ['pending', 'confirmed', 'waitlisted', 'cancelled', 'rejected'];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const locale = await i18nServer.getLocale(request);
  const search = new URL(request.url).searchParams;
  const status = STATUSES.find((s) => s === search.get('status')) ?? null;
  const listParams = parseListParams(search, { sortKeys: PARTICIPANT_SORTS, defaultSort: 'arrival', pageSize: 50 });
  const q = search.get('q')?.trim().slice(0, 100) ?? '';
  try {
    const cohort = await requireCohort(db(), actor, params.cohortId ?? '', 'cohort:read');
    const canManage = can(actor, 'enrollment:manage', { dinasId: cohort.dinasId });
    const active = cohort.status !== 'completed' && cohort.status !== 'cancelled';
    const [{ page, counts }, found] = await Promise.all([
      participantsOf(db(), actor, cohort.id, { ...listParams, status }),
      canManage && active && q ? searchPeopleForCohort(db(), actor, cohort.id, q) : Promise.resolve(null),
    ]);
    return {
      cohort: { id: cohort.id, name: cohort.name, status: cohort.status, capacity: cohort.capacity },
      canManage,
      active,
      status: status ?? '',
      q,
      params: listParams,
      counts,
      found,
      page: { ...page, items: page.items.map((p) => ({ ...p, registeredAt: formatDateTime(p.registeredAt, cohort.timeZone, locale) })) },
    };
  } catch (error) {
    throwAsResponse(error);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const cohortId = params.cohortId ?? '';
  const formData = await request.formData();
  const [intent = '', only] = String(formData.get('intent') ?? '').split(':');
  const selected = only ? [only] : formData.getAll('enrollment').map(String);
  const reason = String(formData.get('reason') ?? '').slice(0, 1000) || null;
  const back = `/cohorts/${cohortId}/participants${new URL(request.url).search}`;
  try {
    if (intent === 'approve') {
      const r = await approveEnrollments(db(), actor, { cohortId, enrollmentIds: selected });
      return redirectWithToast(back, { message: 'cohorts:participants.done.approved', values: { confirmed: r.confirmed, waitlisted: r.waitlisted } });
    }
    if (intent === 'reject') {
      const r = await rejectEnrollments(db(), actor, { cohortId, enrollmentIds: selected, reason });
      return redirectWithToast(back, { message: 'cohorts:participants.done.rejected', values: { count: r.rejected } });
    }
    if (intent === 'cancel' && only) {
      await requireCohort(db(), actor, cohortId, 'cohort:manage');
      const r = await cancelEnrollment(db(), actor, { enrollmentId: only, reason });
      return redirectWithToast(
        back,
        r.promoted ? { message: 'cohorts:participants.done.cancelledPromoted', values: { count: r.promoted } } : { message: 'cohorts:participants.done.cancelled' },
      );
    }
    if (intent === 'add') {
      const r = await addParticipants(db(), actor, { cohortId, personIds: formData.getAll('person').map(String) });
      return redirectWithToast(`/cohorts/${cohortId}/participants`, {
        message: 'cohorts:participants.done.added',
        values: { confirmed: r.confirmed, waitlisted: r.waitlisted, duplicates: r.duplicates },
      });
    }
  } catch (error) {
    const errors = formErrorsOf(error);
    if (errors?.formErrors) return redirectWithToast(back, { kind: 'error', message: errors.formErrors[0]! });
    throwAsResponse(error);
  }
  throw new Response('Bad request', { status: 400 });
}

export default function Participants() {
  const { cohort, canManage, active, status, q, params, counts, found, page } = useLoaderData<typeof loader>();
  const { t } = useTranslation('cohorts');
  const location = useLocation();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
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
      {page.items.length === 0 ? (
        <p>{t('participants.empty')}</p>
      ) : (
        <Form method="post" action={`${location.pathname}${location.search}`} id="participants-form">
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  {manage ? <th scope="col">{t('participants.select')}</th> : null}
                  <SortableHeader column="arrival" sort={params.sort} dir={params.dir}>
                    {t('participants.arrival')}
                  </SortableHeader>
                  <SortableHeader column="name" sort={params.sort} dir={params.dir}>
                    {t('participants.name')}
                  </SortableHeader>
                  <th scope="col">{t('participants.nik')}</th>
                  <SortableHeader column="cooperative" sort={params.sort} dir={params.dir}>
                    {t('participants.cooperative')}
                  </SortableHeader>
                  <SortableHeader column="status" sort={params.sort} dir={params.dir}>
                    {t('participants.status')}
                  </SortableHeader>
                  <th scope="col">{t('participants.source')}</th>
                  {manage ? <th scope="col">{t('participants.select')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {page.items.map((p) => (
                  <tr key={p.enrollmentId}>
                    {manage ? (
                      <td>
                        <input type="checkbox" name="enrollment" value={p.enrollmentId} aria-label={t('participants.selectPerson', { name: p.name })} />
                      </td>
                    ) : null}
                    <td>{p.arrivalSeq}</td>
                    <td>
                      {p.name}
                      <br />
                      <span className="hint">{p.registeredAt}</span>
                    </td>
                    <td>
                      <code>{p.nik}</code>
                    </td>
                    <td>{p.cooperativeName ?? '—'}</td>
                    <td>
                      <span className={`badge badge-${p.status}`}>{t(`enrollmentStatus.${p.status}`)}</span>
                      {p.reason ? <span className="hint"> {p.reason}</span> : null}
                    </td>
                    <td>{t(`source.${p.source}`)}</td>
                    {manage ? (
                      <td className="row-buttons">
                        {p.status === 'pending' ? (
                          <button type="submit" name="intent" value={`approve:${p.enrollmentId}`} className="button small" disabled={busy}>
                            {t('participants.approve')}
                          </button>
                        ) : null}
                        {p.status === 'pending' || p.status === 'waitlisted' ? (
                          <button type="submit" name="intent" value={`reject:${p.enrollmentId}`} className="button secondary small" disabled={busy}>
                            {t('participants.reject')}
                          </button>
                        ) : null}
                        {['pending', 'confirmed', 'waitlisted'].includes(p.status) ? (
                          <button type="submit" name="intent" value={`cancel:${p.enrollmentId}`} className="button secondary small" disabled={busy}>
                            {t('participants.cancel')}
                          </button>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {manage ? (
            <div className="bulk-actions">
              <div className="field">
                <label htmlFor="decision-reason">{t('participants.reason')}</label>
                <textarea id="decision-reason" name="reason" rows={2} maxLength={1000} />
              </div>
              <button type="submit" name="intent" value="approve" className="button" disabled={busy}>
                {t('participants.approveSelected')}
              </button>{' '}
              <button type="submit" name="intent" value="reject" className="button secondary" disabled={busy}>
                {t('participants.rejectSelected')}
              </button>
            </div>
          ) : null}
        </Form>
      )}
      <Pagination page={page.page} pages={page.pages} total={page.total} />

      {manage ? (
        <section aria-labelledby="add-title">
          <h2 id="add-title">{t('participants.add')}</h2>
          <p className="hint">{t('participants.addHint')}</p>
          <Form method="get" className="toolbar" role="search">
            {status ? <input type="hidden" name="status" value={status} /> : null}
            <div className="field">
              <label htmlFor="people-q">{t('participants.search')}</label>
              <input id="people-q" type="search" name="q" defaultValue={q} minLength={2} />
            </div>
            <button type="submit" className="button secondary">
              {t('participants.searchSubmit')}
            </button>
          </Form>
          {found && found.length === 0 ? <p>{t('participants.noResults')}</p> : null}
          {found && found.length > 0 ? (
            <Form method="post" action={`/cohorts/${cohort.id}/participants`}>
              <ul className="choice-list">
                {found.map((person) => (
                  <li key={person.personId}>
                    <label className="checkbox">
                      <input type="checkbox" name="person" value={person.personId} disabled={!!person.enrollmentStatus && ['pending', 'confirmed', 'waitlisted'].includes(person.enrollmentStatus)} />
                      <span>
                        <strong>{person.name}</strong> <code>{person.nik}</code>
                        <br />
                        {person.cooperativeName} · {person.position} ·{' '}
                        {person.eligible ? t('participants.eligible') : t('participants.notEligible')}
                        {person.enrollmentStatus ? <> · {t('participants.already', { status: t(`enrollmentStatus.${person.enrollmentStatus}`) })}</> : null}
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
              <button type="submit" name="intent" value="add" className="button primary" disabled={busy}>
                {t('participants.addSelected')}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}
    </section>
  );
}
