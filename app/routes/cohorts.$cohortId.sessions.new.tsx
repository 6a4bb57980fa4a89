import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { SessionForm } from '~/components/cohorts/session-form';
import { requireActor } from '~/lib/auth.server';
import { requireCohort } from '~/domain/cohorts/access.server';
import { SessionSchema } from '~/domain/cohorts/schemas';
import { addSession } from '~/domain/cohorts/sessions.server';
import { zoneLabel } from '~/lib/dates';
import { db } from '~/lib/db.server';
import { formErrorsOf, throwAsResponse } from '~/lib/route-errors.server';
import { redirectWithToast } from '~/lib/toast.server';

export const meta: MetaFunction = () => [{ title: 'Tambah sesi · Kompeten' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  try {
    const cohort = await requireCohort(db(), actor, params.cohortId ?? '', 'cohort:manage');
    return { cohort: { id: cohort.id, name: cohort.name, zone: zoneLabel(cohort.timeZone), startsOn: cohort.startsOn } };
  } catch (error) {
    throwAsResponse(error);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const cohortId = params.cohortId ?? '';
  await requireCohort(db(), actor, cohortId, 'cohort:manage').catch(throwAsResponse);
  const submission = parseWithZod(await request.formData(), { schema: SessionSchema });
  if (submission.status !== 'success') return submission.reply();
  try {
    await addSession(db(), actor, { cohortId, values: submission.value });
  } catch (error) {
    const errors = formErrorsOf(error);
    if (errors) return submission.reply(errors);
    throwAsResponse(error);
  }
  return redirectWithToast(`/cohorts/${cohortId}/manage`, { message: 'cohorts:toast.sessionAdded' });
}

export default function NewSession() {
  const { cohort } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation('cohorts');
  return (
    <section>
      <p>
        <Link to={`/cohorts/${cohort.id}/manage`}>{cohort.name}</Link>
      </p>
      <h1>{t('sessions.newTitle')}</h1>
      <SessionForm
        lastResult={lastResult}
        defaultValue={{ kind: 'training', date: cohort.startsOn, startsAtTime: '08:00', endsAtTime: '16:00' }}
        zone={cohort.zone}
        submitLabel={t('sessions.save')}
      />
    </section>
  );
}
