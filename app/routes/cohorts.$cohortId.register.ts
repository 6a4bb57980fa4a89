import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { requireActor, safeRedirect } from '~/lib/auth.server';
import { cancelEnrollment } from '~/domain/enrollment/decisions.server';
import { registerSelf } from '~/domain/enrollment/register.server';
import { submitIntent } from '~/lib/route-errors.server';
import { withDomainErrors } from '~/lib/route-errors';
import { redirectWithToast } from '~/lib/toast.server';

/**
 * A participant registers themself for a cohort in one step, or withdraws. Always for
 * the signed-in person: no field of the form can name anyone else.
 */
export const action = withDomainErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  const cohortId = params.cohortId ?? '';
  const formData = await request.formData();
  const back = safeRedirect(formData.get('redirectTo'), `/cohorts/${cohortId}`);
  return submitIntent(back, async () => {
    if (formData.get('intent') === 'withdraw') {
      await cancelEnrollment(context.db, actor, { cohortId, personId: actor.personId });
      return redirectWithToast(back, { message: 'cohorts:registration.withdrawn' });
    }
    const placement = await registerSelf(context.db, actor, { cohortId, personId: actor.personId });
    return redirectWithToast(back, {
      kind: placement.status === 'confirmed' ? 'success' : 'info',
      message: `cohorts:registration.done.${placement.status}`,
    });
  });
});

export function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/cohorts/${params.cohortId}`);
}
