import type { LoaderFunctionArgs } from '@remix-run/node';
import { cohortCertificatesPdf } from '~/domain/certificates/bulk.server';
import { requireActor } from '~/lib/auth.server';
import { config } from '~/lib/config.server';
import { fileResponse } from '~/lib/download.server';
import { withDomainErrors } from '~/lib/route-errors';
import { redirectWithToast } from '~/lib/toast.server';

/** The cohort's certificates in one PDF for printing (the coordinator only; audited). */
export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const cohortId = params.cohortId ?? '';
  const file = await cohortCertificatesPdf(context.db, actor, { cohortId, publicUrl: config().PUBLIC_URL });
  return file ? fileResponse(file) : redirectWithToast(`/cohorts/${cohortId}/manage`, { message: 'certificates:bulk.none', kind: 'info' });
});
