import type { Submission, SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { data } from '@remix-run/node';
import type { z } from 'zod';
import { ConflictError, DomainError, ForbiddenError, NotFoundError, ValidationError } from './errors';
import { throwAsResponse, withDomainErrors } from './route-errors';
import { redirectWithToast } from './toast.server';

/**
 * The one place where the errors a domain operation raises on purpose become HTTP
 * answers. Route modules carry no try/catch of their own:
 *
 *   loaders and actions   wrapped in `withDomainErrors`: NotFound → 404, Forbidden → 403
 *                         (the root error boundary shows a friendly page); anything else
 *                         is a bug, logged by entry.server and shown as the friendly 500.
 *   a form                `submitForm(formData, schema, work)`: bad input or a domain
 *                         Validation/Conflict error answers **400** with `submission.reply()`
 *                         (field errors under their fields, others above the form).
 *   a button (no fields)  `submitIntent(back, work)`: a refused change comes back to
 *                         `back` as an error toast.
 */

// Browser-safe (see route-errors.ts); re-exported for server code.
export { throwAsResponse, withDomainErrors };

/** Field errors and form errors (i18n keys) of a domain error a form can show; null for any other error. */
export function formErrorsOf(error: unknown): { fieldErrors?: Record<string, string[]>; formErrors?: string[] } | null {
  if (error instanceof ValidationError) return { fieldErrors: error.fieldErrors };
  if (error instanceof NotFoundError || error instanceof ForbiddenError) return null;
  if (error instanceof ConflictError || error instanceof DomainError) return { formErrors: [error.message] };
  return null;
}

/** A form answered with its errors: status 400, the submission's reply for conform. */
export function invalidSubmission(
  submission: Submission<unknown>,
  errors?: { fieldErrors?: Record<string, string[]>; formErrors?: string[] },
) {
  return data(submission.reply(errors), { status: 400 });
}

/**
 * Parses a form with the same zod schema the browser uses and runs `work` with its value.
 * Bad input, or a Validation/Conflict error from the domain, answers 400 with the
 * submission's reply; NotFound/Forbidden become 404/403.
 */
export async function submitForm<Schema extends z.ZodType, Result>(
  formData: FormData,
  schema: Schema,
  work: (value: z.output<Schema>) => Promise<Result>,
): Promise<Result | ReturnType<typeof data<SubmissionResult<string[]>>>> {
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== 'success') return invalidSubmission(submission);
  try {
    return await work(submission.value);
  } catch (error) {
    const errors = formErrorsOf(error);
    if (errors) return invalidSubmission(submission, errors);
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
