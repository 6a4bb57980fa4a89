import { ConflictError, DomainError, ForbiddenError, NotFoundError, ValidationError } from './errors';

/**
 * Turns the errors a domain operation raises on purpose into HTTP answers for a route:
 * NotFound → 404 and Forbidden → 403 (the root error boundary shows a friendly page).
 * Validation and Conflict errors are returned for the form to show; anything else is a bug
 * and is rethrown (logged by entry.server's handleError, shown as the friendly 500 page).
 */
export function throwAsResponse(error: unknown): never {
  if (error instanceof NotFoundError) throw new Response('Not found', { status: 404 });
  if (error instanceof ForbiddenError) throw new Response('Forbidden', { status: 403 });
  throw error;
}

/** For conform: field errors and form errors (i18n keys) from a domain error. */
export function formErrorsOf(error: unknown): { fieldErrors?: Record<string, string[]>; formErrors?: string[] } | null {
  if (error instanceof ValidationError) return { fieldErrors: error.fieldErrors };
  if (error instanceof ConflictError) return { formErrors: [error.message] };
  if (error instanceof NotFoundError || error instanceof ForbiddenError) return null;
  if (error instanceof DomainError) return { formErrors: [error.message] };
  return null;
}
