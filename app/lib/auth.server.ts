import { redirect } from '@remix-run/node';
import { authCookie, clientIp } from './auth-cookie.server';
import { db } from './db.server';
import { combineHeaders } from './toast.server';
import { institutionsFor, type Actor } from './permissions';
import { createAuthSession, deleteAuthSession, findActorBySession } from './sessions.server';
import { safeRedirect } from './redirects';
import { oncePerRequest } from './request-scope.server';

export { safeRedirect };

/** Request-level doors into the accounts area, used by route loaders and actions. */

async function sessionIdOf(request: Request): Promise<string | null> {
  const value = await authCookie().parse(request.headers.get('Cookie'));
  return typeof value === 'string' && value.length > 0 ? value : null;
}

export async function getActor(request: Request): Promise<Actor | null> {
  const sessionId = await sessionIdOf(request);
  if (!sessionId) return null;
  // A page's loaders all ask; the session and its roles are read once per request.
  return oncePerRequest(`actor:${sessionId}`, () => findActorBySession(db(), sessionId, clientIp(request)));
}

/** The signed-in actor; anyone else is sent to the sign-in page and brought back after. */
export async function requireActor(request: Request): Promise<Actor> {
  const actor = await getActor(request);
  if (actor) return actor;
  const url = new URL(request.url);
  const redirectTo = `${url.pathname}${url.search}`;
  throw redirect(`/login?${new URLSearchParams({ redirectTo })}`);
}


export async function startSession(request: Request, userId: string, redirectTo: string, headers?: HeadersInit) {
  const session = await createAuthSession(db(), userId, {
    ip: clientIp(request),
    userAgent: request.headers.get('User-Agent'),
  });
  return redirect(safeRedirect(redirectTo), {
    headers: combineHeaders(headers, {
      'Set-Cookie': await authCookie().serialize(session.id, { expires: session.expiresAt }),
    }),
  });
}

export async function endSession(request: Request, redirectTo = '/') {
  const sessionId = await sessionIdOf(request);
  if (sessionId) await deleteAuthSession(db(), sessionId);
  return redirect(redirectTo, {
    headers: { 'Set-Cookie': await clearSessionCookie() },
  });
}

/** A Set-Cookie value that removes the session cookie (after signing out everywhere). */
export function clearSessionCookie(): Promise<string> {
  return authCookie().serialize('', { maxAge: 0 });
}

/** The Dinas a coordinator acts for (the first, should they coordinate several); null for anyone else. */
export function coordinatorDinasId(actor: Actor | null): string | null {
  return institutionsFor(actor, 'coordinator')[0] ?? null;
}
