import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { startCertificateIssue } from '~/domain/certificates/issue-runs.server';
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
 * certificates (what is missing). A run that finishes within two seconds comes back on the
 * manage page with the counts; a longer one goes on in the background and the manage page
 * shows its progress (a second click joins the run under way).
 */
export const action = withDomainErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  const cohort = await requireCohort(context.db, actor, params.cohortId ?? '', 'cohort:read');
  const back = `/cohorts/${cohort.id}/manage`;
  return submitIntent(back, async () => {
    const { result, joined } = await startCertificateIssue(context.db, actor, cohort.id, { waitMs: 2000 });
    if (result) return redirectWithToast(back, { message: 'certificates:issue.done', values: { ...result } });
    return redirectWithToast(back, { message: joined ? 'certificates:issue.joined' : 'certificates:issue.started' });
  });
});
