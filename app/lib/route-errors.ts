import { ForbiddenError, GoneError, NotFoundError, RateLimitedError } from './errors';

/**
 * The part of the route-error helpers that a route module calls at its top level
 * (`export const loader = withDomainErrors(…)`). It must not live in a `.server` file:
 * the browser build replaces those with empty modules, and that top-level call would
 * then throw when the route's module loads in the browser (Remix answers by reloading
 * the page). It imports nothing server-only; the handlers it wraps only run on the server.
 */

/** NotFound → 404, Forbidden → 403, Gone (a used or expired link) → 410, RateLimited → 429 with Retry-After; anything else is rethrown as it is. */
export function throwAsResponse(error: unknown): never {
  if (error instanceof NotFoundError) throw new Response('Not found', { status: 404 });
  if (error instanceof ForbiddenError) throw new Response('Forbidden', { status: 403 });
  if (error instanceof GoneError) throw new Response('Gone', { status: 410 });
  if (error instanceof RateLimitedError) throw new Response('Too many requests', { status: 429, headers: { 'Retry-After': String(error.retryAfterSeconds) } });
  throw error;
}

/** Wraps a loader or action so that domain NotFound/Forbidden/Gone/RateLimited errors answer 404/403/410/429. */
export function withDomainErrors<Args, Result>(handler: (args: Args) => Promise<Result>): (args: Args) => Promise<Result> {
  return async (args) => {
    try {
      return await handler(args);
    } catch (error) {
      throwAsResponse(error);
    }
  };
}
