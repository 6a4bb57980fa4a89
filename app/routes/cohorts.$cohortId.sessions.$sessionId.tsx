import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { SessionForm } from '~/components/cohorts/session-form';
import { ErrorList } from '~/components/field';
import { requireActor } from '~/lib/auth.server';
import { SessionSchema } from '~/domain/cohorts/schemas';
import { deleteSession, getSession, updateSession } from '~/domain/cohorts/sessions.server';
import { zoneLabel } from '~/lib/dates';
import { pageTitle } from '~/lib/meta';
import { submitButton, submitForm } from '~/lib/route-errors.server';
import { withDomainErrors } from '~/lib/route-errors';
import { redirectWithToast } from '~/lib/toast.server';

export const meta = pageTitle('cohorts:sessions.pageTitle');

export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const { cohort, session } = await getSession(context.db, actor, params.cohortId ?? '', params.sessionId ?? '');
  return { cohort: { id: cohort.id, name: cohort.name, zone: zoneLabel(cohort.timeZone) }, session };
});

export const action = withDomainErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  const { cohort, session } = await getSession(context.db, actor, params.cohortId ?? '', params.sessionId ?? '');
  const target = { cohortId: cohort.id, sessionId: session.id };
  const formData = await request.formData();
  if (formData.get('intent') === 'delete') {
    // A refusal (attendance recorded, the last session) shows beside the delete button.
    return submitButton(async () => {
      await deleteSession(context.db, actor, target);
      return redirectWithToast(`/cohorts/${cohort.id}/manage`, { message: 'cohorts:toast.sessionDeleted' });
    });
  }
  return submitForm(formData, SessionSchema, async (value) => {
    await updateSession(context.db, actor, { ...target, values: value });
    return redirectWithToast(`/cohorts/${cohort.id}/manage`, { message: 'cohorts:toast.sessionSaved' });
  });
});

export default function EditSession() {
  const { cohort, session } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation('cohorts');
  const deleteRefusal = actionData && 'formErrors' in actionData ? actionData.formErrors[0] ?? null : null;
  return (
    <section>
      <p>
        <Link to={`/cohorts/${cohort.id}/manage`}>{cohort.name}</Link>
      </p>
      <h1>{t('sessions.editTitle', { n: session.position })}</h1>
      <SessionForm lastResult={actionData && !('formErrors' in actionData) ? actionData : null} defaultValue={session} zone={cohort.zone} submitLabel={t('sessions.save')} />
      <Form method="post" className="danger-zone">
        <input type="hidden" name="intent" value="delete" />
        <ErrorList errors={deleteRefusal ? [deleteRefusal] : null} />
        <button type="submit" className="button danger">
          {t('sessions.delete')}
        </button>
      </Form>
    </section>
  );
}
