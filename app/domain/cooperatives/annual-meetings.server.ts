import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { todayIn } from '~/lib/dates';
import { NotFoundError, ValidationError } from '~/lib/errors';
import { isUuid } from '~/lib/ids';
import type { Actor } from '~/lib/permissions';
import { parseOrThrow } from '~/lib/validation';
import { recordAudit } from '~/domain/audit/record.server';
import { requireCooperative } from './access.server';
import { meetingDateProblem } from './annual-meeting-rule';
import { AnnualMeetingSchema, type AnnualMeetingInput } from './schemas';

/** Each year's RAT: recorded (or corrected) and removed by the Dinas coordinator. */

/** Records a year's RAT, or corrects the one recorded; "today" is the date in the Dinas's zone. */
export async function recordAnnualMeeting(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { cooperativeId: string; values: AnnualMeetingInput },
): Promise<{ id: string }> {
  return db.transaction().execute(async (trx) => {
    const ref = await requireCooperative(trx, actor, input.cooperativeId, 'cooperative:manage');
    const { fiscalYear, heldOn, notes } = parseOrThrow(AnnualMeetingSchema, input.values);
    const problem = meetingDateProblem(fiscalYear, heldOn, todayIn(ref.timeZone));
    if (problem) throw new ValidationError({ heldOn: [`cooperatives:errors.rat.${problem}`] });
    const existing = await trx
      .selectFrom('annual_meetings')
      .select(['id', 'held_on', 'notes'])
      .where('cooperative_id', '=', ref.id)
      .where('fiscal_year', '=', fiscalYear)
      .executeTakeFirst();
    let id: string;
    if (existing) {
      await trx.updateTable('annual_meetings').set({ held_on: heldOn, notes: notes ?? null }).where('id', '=', existing.id).execute();
      id = existing.id;
    } else {
      id = (
        await trx
          .insertInto('annual_meetings')
          .values({ cooperative_id: ref.id, fiscal_year: fiscalYear, held_on: heldOn, notes: notes ?? null })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    }
    await recordAudit(trx, {
      actor,
      action: 'annual_meeting.recorded',
      entityType: 'cooperative',
      entityId: ref.id,
      dinasId: ref.dinasId,
      before: existing ? { fiscalYear, heldOn: existing.held_on, notes: existing.notes } : undefined,
      after: { fiscalYear, heldOn, notes: notes ?? null },
    });
    return { id };
  });
}

export async function removeAnnualMeeting(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { cooperativeId: string; meetingId: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const ref = await requireCooperative(trx, actor, input.cooperativeId, 'cooperative:manage');
    if (!isUuid(input.meetingId)) throw new NotFoundError('common:error.notFoundBody');
    const meeting = await trx
      .deleteFrom('annual_meetings')
      .where('id', '=', input.meetingId)
      .where('cooperative_id', '=', ref.id)
      .returning(['fiscal_year', 'held_on', 'notes'])
      .executeTakeFirst();
    if (!meeting) throw new NotFoundError('common:error.notFoundBody');
    await recordAudit(trx, {
      actor,
      action: 'annual_meeting.removed',
      entityType: 'cooperative',
      entityId: ref.id,
      dinasId: ref.dinasId,
      before: { fiscalYear: meeting.fiscal_year, heldOn: meeting.held_on, notes: meeting.notes },
    });
  });
}
