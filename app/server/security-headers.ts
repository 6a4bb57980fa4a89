import type { Response } from 'express';

/**
 * Headers every answer carries: a strict CSP with a per-response nonce, no framing (CSP
 * frame-ancestors and X-Frame-Options for older browsers), no MIME sniffing, a referrer
 * policy that keeps paths (and the tokens in e-mailed links) on this site, a window of its
 * own (COOP), resources for this site only (CORP), and HSTS plus upgraded requests in
 * production. test/unit/accounts-security-headers.test.ts and the browser tests check them.
 */
export function securityHeaders(res: Pick<Response, 'setHeader'>, options: { nonce: string; production: boolean }) {
  res.setHeader(
    'Content-Security-Policy',
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${options.nonce}'`,
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'" + (options.production ? '' : ' ws://localhost:*'),
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "object-src 'none'",
      ...(options.production ? ['upgrade-insecure-requests'] : []),
    ].join('; '),
  );
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  if (options.production) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
}
