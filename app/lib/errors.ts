/**
 * Errors a domain operation raises on purpose. Routes turn them into the right answer:
 * NotFound → 404 (also for another organization's data: no existence leak),
 * Forbidden → 403, Validation → field messages on the form, Conflict → a message,
 * Gone → 410 (a used or expired link), RateLimited → 429 with Retry-After.
 * Messages are i18n keys (namespace:key) with optional values, never raw text.
 */
export class DomainError extends Error {
  constructor(
    message: string,
    public readonly values: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {}
export class ForbiddenError extends DomainError {}
export class ConflictError extends DomainError {}

/** Field errors keyed by field name; each value is an i18n key. */
export class ValidationError extends DomainError {
  constructor(public readonly fieldErrors: Record<string, string[]>) {
    super('common:form.invalid');
  }
}

/** A single-use link (confirmation, invitation, password reset) that is unknown, used or expired. */
export class GoneError extends DomainError {}

/** Too many attempts: the form says so, and the answer is 429 with Retry-After. */
export class RateLimitedError extends DomainError {
  constructor(
    message: string,
    public readonly retryAfterSeconds: number,
  ) {
    super(message, { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) });
  }
}
