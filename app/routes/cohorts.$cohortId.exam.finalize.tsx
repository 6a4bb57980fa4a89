import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ErrorList } from '~/components/field';
import { requireExamCohort } from '~/domain/assessment/access.server';
import { finalizeExamResults } from '~/domain/assessment/finalize.server';
import { cohortExamSummary } from '~/domain/assessment/results.server';
import { requireActor } from '~/lib/auth.server';
import { metaT, titled } from '~/lib/meta';
import { submitButton } from '~/lib/route-errors.server';
import { withDomainErrors } from '~/lib/route-errors';
import { redirectWithToast } from '~/lib/toast.server';

export const meta: MetaFunction<typeof loader> = (args) => titled(args.data ? metaT(args)('assessment:finalize.pageTitle', { name: args.data.cohort.name }) : null);

/** The confirmation step (a GET, so it works without JavaScript): what finalizing will lock. */
export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const cohort = await requireExamCohort(context.db, actor, params.cohortId ?? '', 'assessment:finalize');
  const summary = await cohortExamSummary(context.db, actor, cohort.id);
  return { cohort: { id: cohort.id, name: cohort.name }, summary };
});

export const action = withDomainErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  const cohort = await requireExamCohort(context.db, actor, params.cohortId ?? '', 'assessment:finalize');
  return submitButton(async () => {
    const r = await finalizeExamResults(context.db, actor, { cohortId: cohort.id });
    return redirectWithToast(`/cohorts/${cohort.id}/exam`, { message: 'assessment:finalize.done', values: { count: r.finalized } });
  });
});

export default function FinalizeExamResults() {
  const { cohort, summary } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation('assessment');
  return (
    <section className="form-narrow">
      <p>
        <Link to={`/cohorts/${cohort.id}/exam`}>{t('grid.title')}</Link>
      </p>
      <h1>{t('finalize.title', { name: cohort.name })}</h1>
      {summary.finalized ? (
        <p>{t('errors.alreadyFinal')}</p>
      ) : (
        <>
          <p>{t('finalize.intro')}</p>
          <ul>
            <li>{t('summary.competent', { count: summary.competent })}</li>
            <li>{t('summary.notYetCompetent', { count: summary.notYetCompetent })}</li>
            <li>{t('summary.absent', { count: summary.absent })}</li>
          </ul>
          <Form method="post">
            <ErrorList id="finalize-error" errors={actionData && 'formErrors' in actionData ? actionData.formErrors : null} />
            <button type="submit" className="button primary" disabled={navigation.state === 'submitting'}>
              {t('finalize.confirm')}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}
