import type { LoaderFunctionArgs } from '@remix-run/node';
import { exportBnsp } from '~/domain/assessment/bnsp.server';
import { requireActor } from '~/lib/auth.server';
import { fileResponse } from '~/lib/download.server';
import { withDomainErrors } from '~/lib/route-errors';

/** The BNSP candidates' file (it carries NIKs: the body and the coordinator only; audited). */
export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  return fileResponse(await exportBnsp(context.db, actor, { cohortId: params.cohortId ?? '' }));
});
