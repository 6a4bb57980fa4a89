import type { LoaderFunctionArgs } from '@remix-run/node';
import { certificatePreviewPdf } from '~/domain/certificates/preview.server';
import { requireActor } from '~/lib/auth.server';
import { config } from '~/lib/config.server';
import { withDomainErrors } from '~/lib/route-errors';

/**
 * GET /organizations/:id/preview.pdf — page 1 of a sample certificate with the organization's
 * current logo and signatories, for those who keep its settings (anyone else: 404). Drawn
 * anew on every request and never cached, so the settings pages show each change at once.
 */
export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const actor = await requireActor(request);
  const bytes = await certificatePreviewPdf(context.db, actor, { organizationId: params.organizationId ?? '', publicUrl: config().PUBLIC_URL });
  return new Response(new Uint8Array(bytes), {
    headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': 'inline; filename="contoh-sertifikat.pdf"', 'Cache-Control': 'no-store' },
  });
});
