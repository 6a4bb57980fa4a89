import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ErrorList } from '~/components/field';
import { requireActor } from '~/lib/auth.server';
import { getPublicCohort } from '~/domain/cohorts/public.server';
import { nominationCandidates } from '~/domain/enrollment/queries.server';
import { nominateStaff } from '~/domain/enrollment/register.server';
import { formatDateRange } from '~/lib/dates';
import { db } from '~/lib/db.server';
import { i18nServer } from '~/lib/i18n.server';
import { formErrorsOf, throwAsResponse } from '~/lib/route-errors.server';
import { redirectWithToast } from '~/lib/toast.server';

export const meta: MetaFunction = () => [{ title: 'Nominasikan staf · Kompeten' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const locale = await i18nServer.getLocale(request);
  try {
    const candidates = await nominationCandidates(db(), actor, params.cohortId ?? '');
    const cohort = await getPublicCohort(db(), params.cohortId ?? '');
    if (!cohort) throw new Response('Not found', { status: 404 });
    return {
      cohort: { id: cohort.id, name: cohort.name, programTitle: cohort.programTitle, dates: formatDateRange(cohort.startsOn, cohort.endsOn, locale), seatsLeft: Math.max(0, cohort.capacity - cohort.confirmedCount) },
      candidates,
    };
  } catch (error) {
    throwAsResponse(error);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const cohortId = params.cohortId ?? '';
  const personIds = (await request.formData()).getAll('person').map(String);
  try {
    const r = await nominateStaff(db(), actor, { cohortId, personIds });
    return redirectWithToast(`/cohorts/${cohortId}/nominate`, {
      message: 'cohorts:nominate.done',
      values: { confirmed: r.confirmed, waitlisted: r.waitlisted, pending: r.pending, duplicates: r.duplicates },
    });
  } catch (error) {
    const errors = formErrorsOf(error);
    if (errors?.formErrors) return { error: errors.formErrors[0]! };
    throwAsResponse(error);
  }
}

export default function Nominate() {
  const { cohort, candidates } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation('cohorts');
  return (
    <section>
      <p>
        <Link to={`/cohorts/${cohort.id}`}>{cohort.name}</Link>
      </p>
      <h1>{t('nominate.title')}</h1>
      <p>
        <strong>{cohort.programTitle}</strong> — {cohort.name}, {cohort.dates} · {t('common:cohort.seatsLeft', { count: cohort.seatsLeft })}
      </p>
      <p className="hint">{t('nominate.intro')}</p>
      {candidates.length === 0 ? (
        <p>{t('nominate.none')}</p>
      ) : (
        <Form method="post">
          <ErrorList errors={actionData?.error ? [actionData.error] : null} />
          <ul className="choice-list">
            {candidates.map((c) => {
              const active = !!c.enrollmentStatus && ['pending', 'confirmed', 'waitlisted'].includes(c.enrollmentStatus);
              return (
                <li key={c.personId}>
                  <label className="checkbox">
                    <input type="checkbox" name="person" value={c.personId} disabled={active} />
                    <span>
                      <strong>{c.name}</strong> <code>{c.nik}</code>
                      <br />
                      {c.position} · {c.eligible ? t('participants.eligible') : t('participants.notEligible')}
                      {c.enrollmentStatus ? <> · {t('participants.already', { status: t(`enrollmentStatus.${c.enrollmentStatus}`) })}</> : null}
                    </span>
                  </label>
                </li>
              );
            })}
          </ul>
          <button type="submit" className="button primary" disabled={navigation.state === 'submitting'}>
            {t('nominate.submit')}
          </button>
        </Form>
      )}
    </section>
  );
}
