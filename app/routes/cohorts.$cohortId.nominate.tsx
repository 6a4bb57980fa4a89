import { getFormProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ErrorList } from '~/components/field';
import { requireActor } from '~/lib/auth.server';
import { nominationPage } from '~/domain/enrollment/cohort-pages.server';
import { requireNominatableCohort } from '~/domain/enrollment/queries.server';
import { nominateStaff } from '~/domain/enrollment/register.server';
import { NominateSchema } from '~/domain/enrollment/schemas';
import { formatDateRange } from '~/lib/dates';
import { i18nServer } from '~/lib/i18n.server';
import { pageTitle } from '~/lib/meta';
import { submitForm } from '~/lib/route-errors.server';
import { withDomainErrors } from '~/lib/route-errors';
import { redirectWithToast } from '~/lib/toast.server';

export const meta = pageTitle('cohorts:nominate.title');

export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const locale = await i18nServer.getLocale(request);
  const { cohort, candidates } = await nominationPage(context.db, actor, params.cohortId ?? '');
  return {
    cohort: { id: cohort.id, name: cohort.name, programTitle: cohort.programTitle, dates: formatDateRange(cohort.startsOn, cohort.endsOn, locale), seatsLeft: Math.max(0, cohort.capacity - cohort.confirmedCount) },
    candidates,
  };
});

export const action = withDomainErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  // Another Dinas's cohort answers 404 whatever the form holds.
  const { cohort } = await requireNominatableCohort(context.db, actor, params.cohortId ?? '');
  const cohortId = cohort.id;
  return submitForm(await request.formData(), NominateSchema, async (value) => {
    const r = await nominateStaff(context.db, actor, { cohortId, personIds: value.person });
    return redirectWithToast(`/cohorts/${cohortId}/nominate`, {
      message: 'cohorts:nominate.done',
      values: { confirmed: r.confirmed, waitlisted: r.waitlisted, pending: r.pending, duplicates: r.duplicates },
    });
  });
});

export default function Nominate() {
  const { cohort, candidates } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation('cohorts');
  const [form] = useForm({
    id: 'nominate',
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NominateSchema }),
  });
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
        <Form method="post" {...getFormProps(form)}>
          <ErrorList id={form.errorId} errors={form.errors} />
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
