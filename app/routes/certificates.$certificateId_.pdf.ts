import type { LoaderFunctionArgs } from '@remix-run/node';
import { certificatePdfFor } from '~/domain/certificates/download.server';
import { requireActor } from '~/lib/auth.server';
import { config } from '~/lib/config.server';
import { fileResponse } from '~/lib/download.server';
import { withDomainErrors } from '~/lib/route-errors';

/**
 * GET /certificates/:id/pdf — a certificate's PDF for its holder or their Dinas's coordinator
 * (anyone else 404; the anonymous are sent to sign in). The public /verify/<code>.pdf stays
 * as it is, under the verification look-up limit.
 */
export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  return fileResponse(await certificatePdfFor(context.db, actor, { certificateId: params.certificateId ?? '', publicUrl: config().PUBLIC_URL }));
});
