import type { LoaderFunctionArgs } from '@remix-run/node';
import { certificatePdfByCode } from '~/domain/certificates/verify.server';
import { clientIp } from '~/lib/auth-cookie.server';
import { config } from '~/lib/config.server';
import { withDomainErrors } from '~/lib/route-errors';

/**
 * GET /verify/:code/pdf — the certificate's PDF, as its holder downloads it. The public
 * address is /verify/<code>.pdf: the server maps it here (`verifyFileAlias`).
 */
export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const file = await certificatePdfByCode(context.db, { code: params.code ?? '', ip: clientIp(request), publicUrl: config().PUBLIC_URL });
  const asciiName = file.fileName.replace(/[^A-Za-z0-9._-]/g, '_');
  return new Response(new Uint8Array(file.bytes), {
    headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename="${asciiName}"`, 'Cache-Control': 'no-store' },
  });
});
