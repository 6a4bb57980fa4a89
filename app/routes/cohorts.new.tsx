import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CohortForm } from '../components/cohorts/cohort-form';
import { requireActor } from '../domain/accounts/auth.server';
import { cohortFormChoices, createCohort, requireProgramOfDinas } from '../domain/cohorts/cohorts.server';
import { CohortSchema } from '../domain/cohorts/schemas';
import { programChoices } from '../domain/programs/programs.server';
import { db } from '../lib/db.server';
import { formErrorsOf, throwAsResponse } from '../lib/route-errors.server';
import { redirectWithToast } from '../lib/toast.server';

export const meta: MetaFunction = () => [{ title: 'Angkatan baru · Kompeten' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const programId = new URL(request.url).searchParams.get('program');
  try {
    const [programs, choices, program] = await Promise.all([
      programChoices(db(), actor),
      cohortFormChoices(db(), actor),
      requireProgramOfDinas(db(), actor, programId),
    ]);
    return {
      programs,
      choices,
      defaults: {
        programId: program?.id,
        timeZone: program?.timeZone ?? 'Asia/Jakarta',
        capacity: 25,
        trainingInstituteId: program?.default_institute_id ?? undefined,
        certificationBodyId: program?.default_certification_body_id ?? undefined,
      },
    };
  } catch (error) {
    throwAsResponse(error);
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  await programChoices(db(), actor).catch(throwAsResponse);
  const submission = parseWithZod(await request.formData(), { schema: CohortSchema });
  if (submission.status !== 'success') return submission.reply();
  let created: { id: string; sessions: number };
  try {
    created = await createCohort(db(), actor, submission.value);
  } catch (error) {
    const errors = formErrorsOf(error);
    if (errors) return submission.reply(errors);
    throwAsResponse(error);
  }
  return redirectWithToast(`/cohorts/${created.id}/manage`, {
    message: 'cohorts:toast.created',
    values: { name: submission.value.name, sessions: created.sessions },
  });
}

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
