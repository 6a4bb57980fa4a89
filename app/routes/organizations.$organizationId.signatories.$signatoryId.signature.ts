import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireActor } from '~/lib/auth.server';
import { signatureImage } from '~/domain/organizations/signatories.server';
import { withDomainErrors } from '~/lib/route-errors';

/** GET …/signatories/:id/signature — a signature image, for the organization's own managers only, never cached elsewhere. */
export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const image = await signatureImage(context.db, actor, params.organizationId ?? '', params.signatoryId ?? '');
  return new Response(new Uint8Array(image.bytes), {
    headers: { 'Content-Type': image.type, 'Content-Length': String(image.bytes.byteLength), 'Cache-Control': 'private, no-store', 'Content-Disposition': 'inline' },
  });
});
