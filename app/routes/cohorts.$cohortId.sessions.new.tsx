import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { SessionForm } from '~/components/cohorts/session-form';
import { requireActor } from '~/lib/auth.server';
import { requireCohort } from '~/domain/cohorts/access.server';
import { SessionSchema } from '~/domain/cohorts/schemas';
import { addSession } from '~/domain/cohorts/sessions.server';
import { zoneLabel } from '~/lib/dates';
import { pageTitle } from '~/lib/meta';
import { submitForm } from '~/lib/route-errors.server';
import { withDomainErrors } from '~/lib/route-errors';
import { redirectWithToast } from '~/lib/toast.server';

export const meta = pageTitle('cohorts:sessions.newTitle');

export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const cohort = await requireCohort(context.db, actor, params.cohortId ?? '', 'cohort:manage');
  return { cohort: { id: cohort.id, name: cohort.name, zone: zoneLabel(cohort.timeZone), startsOn: cohort.startsOn } };
});

export const action = withDomainErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  const cohort = await requireCohort(context.db, actor, params.cohortId ?? '', 'cohort:manage');
  return submitForm(await request.formData(), SessionSchema, async (value) => {
    await addSession(context.db, actor, { cohortId: cohort.id, values: value });
    return redirectWithToast(`/cohorts/${cohort.id}/manage`, { message: 'cohorts:toast.sessionAdded' });
  });
});

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
