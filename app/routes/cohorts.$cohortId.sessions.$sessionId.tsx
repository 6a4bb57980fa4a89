import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { SessionForm } from '~/components/cohorts/session-form';
import { ErrorList } from '~/components/field';
import { requireActor } from '~/lib/auth.server';
import { SessionSchema } from '~/domain/cohorts/schemas';
import { deleteSession, getSession, updateSession } from '~/domain/cohorts/sessions.server';
import { zoneLabel } from '~/lib/dates';
import { db } from '~/lib/db.server';
import { formErrorsOf, throwAsResponse } from '~/lib/route-errors.server';
import { redirectWithToast } from '~/lib/toast.server';

export const meta: MetaFunction = () => [{ title: 'Sesi · Kompeten' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  try {
    const { cohort, session } = await getSession(db(), actor, params.cohortId ?? '', params.sessionId ?? '');
    return { cohort: { id: cohort.id, name: cohort.name, zone: zoneLabel(cohort.timeZone) }, session };
  } catch (error) {
    throwAsResponse(error);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const cohortId = params.cohortId ?? '';
  const sessionId = params.sessionId ?? '';
  await getSession(db(), actor, cohortId, sessionId).catch(throwAsResponse);
  const formData = await request.formData();
  if (formData.get('intent') === 'delete') {
    try {
      await deleteSession(db(), actor, { cohortId, sessionId });
    } catch (error) {
      const errors = formErrorsOf(error);
      if (errors?.formErrors) return { result: null, deleteError: errors.formErrors[0]! };
      throwAsResponse(error);
    }
    return redirectWithToast(`/cohorts/${cohortId}/manage`, { message: 'cohorts:toast.sessionDeleted' });
  }
  const submission = parseWithZod(formData, { schema: SessionSchema });
  if (submission.status !== 'success') return { result: submission.reply(), deleteError: null };
  try {
    await updateSession(db(), actor, { cohortId, sessionId, values: submission.value });
  } catch (error) {
    const errors = formErrorsOf(error);
    if (errors) return { result: submission.reply(errors), deleteError: null };
    throwAsResponse(error);
  }
  return redirectWithToast(`/cohorts/${cohortId}/manage`, { message: 'cohorts:toast.sessionSaved' });
}

export default function EditSession() {
  const { cohort, session } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation('cohorts');
  return (
    <section>
      <p>
        <Link to={`/cohorts/${cohort.id}/manage`}>{cohort.name}</Link>
      </p>
      <h1>{t('sessions.editTitle', { n: session.position })}</h1>
      <SessionForm lastResult={actionData?.result} defaultValue={session} zone={cohort.zone} submitLabel={t('sessions.save')} />
      <Form method="post" className="danger-zone">
        <input type="hidden" name="intent" value="delete" />
        <ErrorList errors={actionData?.deleteError ? [actionData.deleteError] : null} />
        <button type="submit" className="button danger">
          {t('sessions.delete')}
        </button>
      </Form>
    </section>
  );
}
