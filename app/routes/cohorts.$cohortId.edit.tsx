import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CohortForm } from '~/components/cohorts/cohort-form';
import { requireActor } from '~/lib/auth.server';
import { requireCohort } from '~/domain/cohorts/access.server';
import { cohortForEdit, cohortFormChoices } from '~/domain/cohorts/cohorts.server';
import { CohortSchema } from '~/domain/cohorts/schemas';
import { updateCohort } from '~/domain/enrollment/cohort-change.server';
import { titled } from '~/lib/meta';
import { submitForm } from '~/lib/route-errors.server';
import { withDomainErrors } from '~/lib/route-errors';
import { redirectWithToast } from '~/lib/toast.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => titled(data?.cohort.name);

export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const { cohort, program, values } = await cohortForEdit(context.db, actor, params.cohortId ?? '');
  return { cohort: { id: cohort.id, name: cohort.name }, program, values, choices: await cohortFormChoices(context.db, actor) };
});

export const action = withDomainErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  const cohort = await requireCohort(context.db, actor, params.cohortId ?? '', 'cohort:manage');
  return submitForm(await request.formData(), CohortSchema, async (value) => {
    const result = await updateCohort(context.db, actor, cohort.id, value);
    return redirectWithToast(
      `/cohorts/${cohort.id}/manage`,
      result.notified > 0 ? { message: 'cohorts:toast.updatedNotified', values: { count: result.notified } } : { message: 'cohorts:toast.updated' },
    );
  });
});

export default function EditCohort() {
  const { cohort, program, values, choices } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation('cohorts');
  return (
    <section>
      <p>
        <Link to={`/cohorts/${cohort.id}/manage`}>{cohort.name}</Link>
      </p>
      <h1>{t('form.editTitle')}</h1>
      <CohortForm
        lastResult={lastResult}
        defaultValue={values}
        programs={[]}
        fixedProgram={program}
        choices={choices}
        submitLabel={t('form.save')}
        editing
      />
    </section>
  );
}
