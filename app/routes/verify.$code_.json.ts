import type { LoaderFunctionArgs } from '@remix-run/node';
import { verificationJson, verifyCertificate } from '~/domain/certificates/verify.server';
import { clientIp } from '~/lib/auth-cookie.server';
import { config } from '~/lib/config.server';
import { withDomainErrors } from '~/lib/route-errors';

/**
 * GET /verify/:code/json — the verification facts as JSON. The public address is
 * /verify/<code>.json: the server maps it here (`verifyFileAlias` in app/server/request-guards.ts).
 */
export const loader = withDomainErrors(async ({ request, params, context }: LoaderFunctionArgs) => {
  const certificate = await verifyCertificate(context.db, { code: params.code ?? '', ip: clientIp(request) });
  const headers = { 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' };
  if (!certificate) return Response.json({ status: 'unknown' }, { status: 404, headers });
  return Response.json(verificationJson(certificate, config().PUBLIC_URL), { headers });
});
