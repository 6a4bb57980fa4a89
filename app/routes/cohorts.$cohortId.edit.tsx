import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CohortForm } from '~/components/cohorts/cohort-form';
import { requireActor } from '~/lib/auth.server';
import { requireCohort } from '~/domain/cohorts/access.server';
import { cohortForEdit, cohortFormChoices, updateCohort } from '~/domain/cohorts/cohorts.server';
import { CohortSchema } from '~/domain/cohorts/schemas';
import { db } from '~/lib/db.server';
import { formErrorsOf, throwAsResponse } from '~/lib/route-errors.server';
import { redirectWithToast } from '~/lib/toast.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.cohort.name ?? ''} · Kompeten` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  try {
    const { cohort, program, values } = await cohortForEdit(db(), actor, params.cohortId ?? '');
    return { cohort: { id: cohort.id, name: cohort.name }, program, values, choices: await cohortFormChoices(db(), actor) };
  } catch (error) {
    throwAsResponse(error);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  await requireCohort(db(), actor, params.cohortId ?? '', 'cohort:manage').catch(throwAsResponse);
  const submission = parseWithZod(await request.formData(), { schema: CohortSchema });
  if (submission.status !== 'success') return submission.reply();
  let result: { promoted: number; notified: number };
  try {
    result = await updateCohort(db(), actor, params.cohortId ?? '', submission.value);
  } catch (error) {
    const errors = formErrorsOf(error);
    if (errors) return submission.reply(errors);
    throwAsResponse(error);
  }
  return redirectWithToast(
    `/cohorts/${params.cohortId}/manage`,
    result.notified > 0 ? { message: 'cohorts:toast.updatedNotified', values: { count: result.notified } } : { message: 'cohorts:toast.updated' },
  );
}

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
