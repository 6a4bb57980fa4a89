/**
 * Errors a domain operation raises on purpose. Routes turn them into the right answer:
 * NotFound → 404 (also for another organization's data: no existence leak),
 * Forbidden → 403, Validation → field messages on the form, Conflict → a message.
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
