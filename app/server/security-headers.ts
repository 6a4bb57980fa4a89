import type { Response } from 'express';

/** Headers every answer carries: a strict CSP with a per-response nonce, no framing. */
export function securityHeaders(res: Response, options: { nonce: string; production: boolean }) {
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
    ].join('; '),
  );
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  if (options.production) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
}
