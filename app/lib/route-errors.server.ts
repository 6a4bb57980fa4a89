import type { Submission, SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { data } from '@remix-run/node';
import type { z } from 'zod';
import { ConflictError, DomainError, ForbiddenError, GoneError, NotFoundError, RateLimitedError, ValidationError } from './errors';
import { throwAsResponse } from './route-errors';
import { redirectWithToast } from './toast.server';

/**
 * The one place where the errors a domain operation raises on purpose become HTTP
 * answers. Route modules carry no try/catch of their own:
 *
 *   loaders and actions   wrapped in `withDomainErrors` (from `~/lib/route-errors`, which the
 *                         browser build keeps: a route calls it at its top level): NotFound → 404, Forbidden → 403,
 *                         Gone → 410 (the root error boundary shows a friendly page); anything
 *                         else is a bug, logged by entry.server and shown as the friendly 500.
 *   a form                `submitForm(formData, schema, work)`: bad input or a domain
 *                         Validation/Conflict error answers **400** with `submission.reply()`
 *                         (field errors under their fields, others above the form); a used
 *                         or expired link answers 410, too many attempts 429 with Retry-After.
 *   a button (no fields)  `submitIntent(back, work)`: a refused change comes back to
 *                         `back` as an error toast; or `submitButton(work)` when the page
 *                         shows the refusal itself: **409** with `{ formErrors }`.
 */


/** Field errors and form errors (i18n keys) of a domain error a form can show; null for any other error. */
export function formErrorsOf(error: unknown): { fieldErrors?: Record<string, string[]>; formErrors?: string[] } | null {
  if (error instanceof ValidationError) return { fieldErrors: error.fieldErrors };
  if (error instanceof NotFoundError || error instanceof ForbiddenError) return null;
  if (error instanceof ConflictError || error instanceof DomainError) return { formErrors: [error.message] };
  return null;
}

/** The answer to a refused change: 410 for a used or expired link, 429 (with Retry-After) for too many attempts. */
function refusalInit(error: unknown, status: number): ResponseInit {
  if (error instanceof RateLimitedError) return { status: 429, headers: { 'Retry-After': String(error.retryAfterSeconds) } };
  if (error instanceof GoneError) return { status: 410 };
  return { status };
}

/** Options of a form's reply: fields whose values are not sent back (passwords). */
export interface SubmitOptions {
  hideFields?: string[];
}

/** A form answered with its errors: status 400 (unless `init` says otherwise), the submission's reply for conform. */
export function invalidSubmission(
  submission: Submission<unknown>,
  errors?: { fieldErrors?: Record<string, string[]>; formErrors?: string[] },
  options: SubmitOptions & { init?: ResponseInit } = {},
) {
  return data(submission.reply({ ...errors, hideFields: options.hideFields }), options.init ?? { status: 400 });
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Fields holding control characters other than tab and line breaks (a NUL byte would make
 * PostgreSQL refuse the text, as a 500): each gets a field error instead.
 */
function fieldsWithControlCharacters(formData: FormData): Record<string, string[]> | null {
  const errors: Record<string, string[]> = {};
  for (const [name, value] of formData) {
    if (typeof value === 'string' && CONTROL_CHARACTERS.test(value)) errors[name] = ['common:form.controlCharacters'];
  }
  return Object.keys(errors).length ? errors : null;
}

/**
 * Parses a form with the same zod schema the browser uses and runs `work` with its value.
 * Bad input, or a Validation/Conflict error from the domain, answers 400 with the
 * submission's reply; NotFound/Forbidden become 404/403. A list intent answers 200.
 */
export async function submitForm<Schema extends z.ZodType, Result>(
  formData: FormData,
  schema: Schema,
  work: (value: z.output<Schema>) => Promise<Result>,
  options: SubmitOptions = {},
): Promise<Result | SubmissionResult<string[]> | ReturnType<typeof data<SubmissionResult<string[]>>>> {
  const submission = parseWithZod(formData, { schema });
  const controlled = fieldsWithControlCharacters(formData);
  if (controlled) return invalidSubmission(submission, { fieldErrors: controlled }, options);
  // A list intent (conform's insert/remove without JavaScript) is no submission yet: the form comes back as it is, 200.
  if (submission.status === undefined) return submission.reply({ hideFields: options.hideFields });
  if (submission.status !== 'success') return invalidSubmission(submission, undefined, options);
  try {
    return await work(submission.value);
  } catch (error) {
    const errors = formErrorsOf(error);
    if (errors) return invalidSubmission(submission, errors, { ...options, init: refusalInit(error, 400) });
    throwAsResponse(error);
  }
}

/**
 * Runs a change asked for by a button (no fields to show errors under): a change the
 * domain refuses comes back to `back` as an error toast; NotFound/Forbidden become 404/403.
 */
export async function submitIntent(back: string, work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    const errors = formErrorsOf(error);
    const message = errors?.formErrors?.[0] ?? Object.values(errors?.fieldErrors ?? {})[0]?.[0];
    if (message) return redirectWithToast(back, { kind: 'error', message });
    throwAsResponse(error);
  }
}

/**
 * Runs a change asked for by a button when the page itself shows a refusal beside it (a
 * cohort's lifecycle steps, deleting a session, accepting an invitation): a change the
 * domain refuses answers **409** with `{ formErrors }` (410 for a used or expired link);
 * NotFound/Forbidden become 404/403.
 */
export async function submitButton<Result>(work: () => Promise<Result>): Promise<Result | ReturnType<typeof data<{ formErrors: string[] }>>> {
  try {
    return await work();
  } catch (error) {
    const errors = formErrorsOf(error);
    if (errors) return data({ formErrors: errors.formErrors ?? Object.values(errors.fieldErrors ?? {}).flat() }, refusalInit(error, 409));
    throwAsResponse(error);
  }
}
