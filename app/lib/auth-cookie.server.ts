import { createCookie } from '@remix-run/node';
import { config } from './config.server';

export const SESSION_DAYS = 30;

/** Holds only the opaque id of a database session row. */
export function authCookie() {
  return createCookie('kompeten_session', {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config().NODE_ENV === 'production',
    secrets: [config().SESSION_SECRET],
    maxAge: SESSION_DAYS * 24 * 60 * 60,
  });
}

/** The server entry writes the peer's address here, replacing anything the client sent. */
export const CLIENT_IP_HEADER = 'x-kompeten-client-ip';

export function clientIp(request: Request): string | null {
  return request.headers.get(CLIENT_IP_HEADER);
}

/**
 * One format for a client's address wherever it is kept (audit log, rate limits, sessions):
 * an IPv4 client reaching a server that listens on IPv6 appears as `::ffff:1.2.3.4`, the
 * same client as `1.2.3.4` elsewhere; both become `1.2.3.4`.
 */
export function normalizeIp(ip: string | undefined): string {
  if (!ip) return '';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  return mapped ? mapped[1]! : ip.toLowerCase();
}
