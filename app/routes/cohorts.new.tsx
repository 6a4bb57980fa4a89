import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CohortForm } from '~/components/cohorts/cohort-form';
import { requireActor } from '~/lib/auth.server';
import { cohortFormChoices, createCohort, requireProgramOfDinas } from '~/domain/cohorts/cohorts.server';
import { CohortSchema } from '~/domain/cohorts/schemas';
import { programChoices } from '~/domain/programs/programs.server';
import { DEFAULT_TIME_ZONE } from '~/lib/dates';
import { pageTitle } from '~/lib/meta';
import { submitForm } from '~/lib/route-errors.server';
import { withDomainErrors } from '~/lib/route-errors';
import { redirectWithToast } from '~/lib/toast.server';

export const meta = pageTitle('cohorts:form.newTitle');

export const loader = withDomainErrors(async ({ request, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const programId = new URL(request.url).searchParams.get('program');
  const [programs, choices, program] = await Promise.all([
    programChoices(context.db, actor),
    cohortFormChoices(context.db, actor),
    requireProgramOfDinas(context.db, actor, programId),
  ]);
  return {
    programs,
    choices,
    defaults: {
      programId: program?.id,
      timeZone: program?.timeZone ?? DEFAULT_TIME_ZONE,
      capacity: 25,
      trainingInstituteId: program?.default_institute_id ?? undefined,
      certificationBodyId: program?.default_certification_body_id ?? undefined,
    },
  };
});

export const action = withDomainErrors(async ({ request, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  return submitForm(await request.formData(), CohortSchema, async (value) => {
    const created = await createCohort(context.db, actor, value);
    return redirectWithToast(`/cohorts/${created.id}/manage`, {
      message: 'cohorts:toast.created',
      values: { name: value.name, sessions: created.sessions },
    });
  });
});

export default function NewCohort() {
  const { programs, choices, defaults } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation('cohorts');
  return (
    <section>
      <p>
        <Link to="/cohorts">{t('title')}</Link>
      </p>
      <h1>{t('form.newTitle')}</h1>
      <CohortForm lastResult={lastResult} defaultValue={defaults} programs={programs} choices={choices} submitLabel={t('form.create')} />
    </section>
  );
}
