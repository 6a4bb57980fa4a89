import type { ActionFunctionArgs } from '@remix-run/node';
import { recordMarks, requireCohortForAttendance } from '~/domain/attendance/marks.server';
import { DeviceMarksSchema } from '~/domain/attendance/schemas';
import { requireActor } from '~/lib/auth.server';
import { submitButton } from '~/lib/route-errors.server';
import { withDomainErrors } from '~/lib/route-errors';
import { parseOrThrow } from '~/lib/validation';

/**
 * Where the roll call page sends the marks a device kept while offline (JSON, with the
 * time each was made). Each mark's id makes a resend harmless; a refusal answers 409 (400
 * for bad input) with `{ formErrors }`, another organization's cohort 404.
 */
export const action = withDomainErrors(async ({ request, params, context }: ActionFunctionArgs) => {
  const actor = await requireActor(request);
  const cohort = await requireCohortForAttendance(context.db, actor, params.cohortId ?? '');
  const body: unknown = await request.json().catch(() => null);
  const answer = await submitButton(async () => {
    const { marks } = parseOrThrow(DeviceMarksSchema, body);
    const result = await recordMarks(context.db, actor, {
      cohortId: cohort.id,
      sessionId: params.sessionId ?? '',
      method: 'roll_call',
      marks: marks.map((m) => ({ ...m, markedAt: new Date(m.markedAt) })),
    });
    return Response.json(result, { headers: { 'Cache-Control': 'no-store' } });
  });
  // A resource route answers JSON itself: a refusal comes back from submitButton as data() to serialise.
  return answer instanceof Response ? answer : Response.json(answer.data, { ...answer.init, headers: { 'Cache-Control': 'no-store' } });
});
