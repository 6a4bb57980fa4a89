import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { issueCohortCertificates } from '~/domain/certificates/issue.server';
import { requireCohort } from '~/domain/cohorts/access.server';
import { requireActor } from '~/lib/auth.server';
import { submitIntent } from '~/lib/route-errors.server';
import { withDomainErrors } from '~/lib/route-errors';
import { redirectWithToast } from '~/lib/toast.server';

/** GET: the certificates live on the cohort's manage page (for whoever may read the cohort; others 404). */
export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const cohort = await requireCohort(context.db, actor, params.cohortId ?? '', 'cohort:read');
  return redirect(`/cohorts/${cohort.id}/manage`);
});

/**
 * POST /cohorts/:cohortId/certificates — the coordinator issues the completed cohort's
 * certificates (what is missing); back on the manage page with the counts.
 */
export const action = withDomainErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  const cohort = await requireCohort(context.db, actor, params.cohortId ?? '', 'cohort:read');
  const back = `/cohorts/${cohort.id}/manage`;
  return submitIntent(back, async () => {
    const result = await issueCohortCertificates(context.db, actor, cohort.id);
    return redirectWithToast(back, { message: 'certificates:issue.done', values: { ...result } });
  });
});
