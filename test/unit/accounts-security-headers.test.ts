import { describe, expect, it } from 'vitest';
import { securityHeaders } from '~/server/security-headers';

function headersFor(production: boolean) {
  const headers = new Map<string, string>();
  securityHeaders({ setHeader: (name: string, value: string) => headers.set(name.toLowerCase(), value) } as never, { nonce: 'abc123', production });
  return headers;
}

function directives(csp: string): Map<string, string> {
  return new Map(csp.split(';').map((d) => d.trim()).filter(Boolean).map((d) => [d.split(' ')[0]!, d.split(' ').slice(1).join(' ')]));
}

describe('security headers', () => {
  it('set a strict CSP: scripts only from the site or with the nonce, no framing, no plugins, forms to the site only', () => {
    const csp = directives(headersFor(false).get('content-security-policy')!);
    expect(csp.get('default-src')).toBe("'self'");
    expect(csp.get('script-src')).toBe("'self' 'nonce-abc123'");
    expect(csp.get('style-src')).toBe("'self'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(csp.get('object-src')).toBe("'none'");
    expect(csp.get('base-uri')).toBe("'self'");
    expect(csp.get('form-action')).toBe("'self'");
    expect([...csp.values()].join(' ')).not.toMatch(/unsafe-inline|unsafe-eval|(^|\s)\*(\s|$)/);
  });

  it('deny framing, sniffing and cross-site leaks of the address', () => {
    const headers = headersFor(false);
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(headers.get('permissions-policy')).toContain('camera=()');
  });

  it('add HSTS and upgraded requests in production only, and drop the dev-server socket', () => {
    expect(headersFor(false).has('strict-transport-security')).toBe(false);
    const production = headersFor(true);
    expect(production.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    const csp = directives(production.get('content-security-policy')!);
    expect(csp.has('upgrade-insecure-requests')).toBe(true);
    expect(csp.get('connect-src')).toBe("'self'");
  });
});
