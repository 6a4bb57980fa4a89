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
