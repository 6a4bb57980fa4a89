import type { LoaderFunctionArgs } from '@remix-run/node';
import { organizationLogo } from '~/domain/organizations/profile.server';

/**
 * GET /organizations/:id/logo — an organization's logo, for anyone (it is printed on
 * public certificates). Cached by browsers for a day; pages link it with its fingerprint
 * (?v=…), so a new logo shows at once.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const logo = await organizationLogo(context.db, params.organizationId ?? '');
  if (!logo) throw new Response('Not found', { status: 404 });
  const headers = { ETag: logo.etag, 'Cache-Control': 'public, max-age=86400' };
  if (request.headers.get('If-None-Match') === logo.etag) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(logo.bytes), {
    headers: { ...headers, 'Content-Type': logo.type, 'Content-Length': String(logo.bytes.byteLength), 'Content-Disposition': 'inline' },
  });
}
