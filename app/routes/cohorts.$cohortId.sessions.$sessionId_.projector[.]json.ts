import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireActor } from '~/lib/auth.server';
import { projectorRefresh } from '~/domain/attendance/check-in-projector.server';
import { withDomainErrors } from '~/lib/route-errors';

/** GET …/projector.json — the projector's current check-in credential, for its JavaScript to renew the code in place. */
export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const credential = await projectorRefresh(context.db, actor, { cohortId: params.cohortId ?? '', sessionId: params.sessionId ?? '' });
  return Response.json(credential, { headers: { 'Cache-Control': 'no-store' } });
});
