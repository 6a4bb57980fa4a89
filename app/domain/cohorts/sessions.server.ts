import type { Kysely, Transaction } from 'kysely';
import type { Database, SessionKind } from '~db/schema';
import { todayIn, zonedTimeToUtc } from '~/lib/dates';
import { ConflictError, NotFoundError, ValidationError } from '~/lib/errors';
import { isUuid } from '~/lib/ids';
import type { Actor } from '~/lib/permissions';
import { parseOrThrow } from '~/lib/validation';
import { recordAudit } from '~/domain/audit/record.server';
import { requireCohort, requireCohortForUpdate, type CohortRow } from './access.server';
import { mailEveryoneEnrolled } from './mail.server';
import { syncCohortDates } from './cohorts.server';
import { isActiveCohort } from './lifecycle';
import { localDateTime } from './local-time';
import { SessionSchema, type SessionInput } from './schemas';

/** A cohort's sessions, edited one by one after they were generated from the day plan. */

export interface SessionForm {
  id: string;
  position: number;
  kind: SessionKind;
  title: string;
  topics: string | null;
  date: string;
  startsAtTime: string;
  endsAtTime: string;
  venueName: string | null;
}

export async function getSession(db: Kysely<Database>, actor: Actor | null, cohortId: string, sessionId: string): Promise<{ cohort: CohortRow; session: SessionForm }> {
  const cohort = await requireCohort(db, actor, cohortId, 'cohort:manage');
  if (!isUuid(sessionId)) throw new NotFoundError('common:error.notFoundBody');
  const row = await db.selectFrom('cohort_sessions').selectAll().where('id', '=', sessionId).where('cohort_id', '=', cohortId).executeTakeFirst();
  if (!row) throw new NotFoundError('common:error.notFoundBody');
  const start = localDateTime(row.starts_at, cohort.timeZone);
  return {
    cohort,
    session: {
      id: row.id,
      position: row.position,
      kind: row.kind,
      title: row.title,
      topics: row.topics,
      date: start.date,
      startsAtTime: start.time,
      endsAtTime: localDateTime(row.ends_at, cohort.timeZone).time,
      venueName: row.venue_name,
    },
  };
}

function instants(values: ReturnType<typeof SessionSchema.parse>, cohort: CohortRow, now: Date, dateChanged: boolean) {
  if (dateChanged && values.date < todayIn(cohort.timeZone, now)) throw new ValidationError({ date: ['cohorts:errors.dateInPast'] });
  return {
    startsAt: zonedTimeToUtc(values.date, values.startsAtTime, cohort.timeZone),
    endsAt: zonedTimeToUtc(values.date, values.endsAtTime, cohort.timeZone),
  };
}

async function renumber(trx: Transaction<Database>, cohortId: string) {
  const sessions = await trx.selectFrom('cohort_sessions').select('id').where('cohort_id', '=', cohortId).orderBy('starts_at').orderBy('position').execute();
  for (const [index, s] of sessions.entries()) {
    await trx.updateTable('cohort_sessions').set({ position: index + 1 }).where('id', '=', s.id).execute();
  }
}

/** Saves one session; a new time or place is e-mailed to everyone registered. */
export async function updateSession(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { cohortId: string; sessionId: string; values: SessionInput; now?: Date },
): Promise<{ notified: number }> {
  const values = parseOrThrow(SessionSchema, input.values);
  return db.transaction().execute(async (trx) => {
    const { cohort, session } = await getSession(trx, actor, input.cohortId, input.sessionId);
    if (!isActiveCohort(cohort.status)) throw new ConflictError('cohorts:errors.notEditable');
    const { startsAt, endsAt } = instants(values, cohort, input.now ?? new Date(), values.date !== session.date);
    await trx
      .updateTable('cohort_sessions')
      .set({ kind: values.kind, title: values.title, topics: values.topics ?? null, starts_at: startsAt, ends_at: endsAt, venue_name: values.venueName ?? null })
      .where('id', '=', session.id)
      .execute();
    await renumber(trx, cohort.id);
    await syncCohortDates(trx, cohort.id);
    await recordAudit(trx, { actor, action: 'cohort.session_updated', entityType: 'cohort_session', entityId: session.id, dinasId: cohort.dinasId, before: session, after: values });
    const datesChanged = values.date !== session.date || values.startsAtTime !== session.startsAtTime || values.endsAtTime !== session.endsAtTime;
    const venueChanged = (values.venueName ?? null) !== session.venueName;
    const notified = datesChanged || venueChanged ? await mailEveryoneEnrolled(trx, cohort.id, 'cohort-changed', { datesChanged, venueChanged }) : 0;
    return { notified };
  });
}

export async function addSession(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { cohortId: string; values: SessionInput; now?: Date },
): Promise<{ id: string; notified: number }> {
  const values = parseOrThrow(SessionSchema, input.values);
  return db.transaction().execute(async (trx) => {
    const cohort = await requireCohortForUpdate(trx, actor, input.cohortId, 'cohort:manage');
    if (!isActiveCohort(cohort.status)) throw new ConflictError('cohorts:errors.notEditable');
    const { startsAt, endsAt } = instants(values, cohort, input.now ?? new Date(), true);
    const row = await trx
      .insertInto('cohort_sessions')
      .values({ cohort_id: cohort.id, position: 999, kind: values.kind, title: values.title, topics: values.topics ?? null, starts_at: startsAt, ends_at: endsAt, venue_name: values.venueName ?? null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await renumber(trx, cohort.id);
    await syncCohortDates(trx, cohort.id);
    await recordAudit(trx, { actor, action: 'cohort.session_added', entityType: 'cohort_session', entityId: row.id, dinasId: cohort.dinasId, after: values });
    const notified = await mailEveryoneEnrolled(trx, cohort.id, 'cohort-changed', { datesChanged: true });
    return { id: row.id, notified };
  });
}

/** Removes a session that has no attendance recorded yet. */
export async function deleteSession(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { cohortId: string; sessionId: string },
): Promise<{ notified: number }> {
  return db.transaction().execute(async (trx) => {
    const { cohort, session } = await getSession(trx, actor, input.cohortId, input.sessionId);
    if (!isActiveCohort(cohort.status)) throw new ConflictError('cohorts:errors.notEditable');
    const attended = await trx.selectFrom('attendance').select('id').where('session_id', '=', session.id).limit(1).executeTakeFirst();
    if (attended) throw new ConflictError('cohorts:sessions.hasAttendance');
    const remaining = await trx.selectFrom('cohort_sessions').select('id').where('cohort_id', '=', cohort.id).where('id', '<>', session.id).limit(1).executeTakeFirst();
    if (!remaining && cohort.status !== 'draft') throw new ConflictError('cohorts:sessions.lastSession');
    await trx.deleteFrom('cohort_sessions').where('id', '=', session.id).execute();
    await renumber(trx, cohort.id);
    await syncCohortDates(trx, cohort.id);
    await recordAudit(trx, { actor, action: 'cohort.session_deleted', entityType: 'cohort_session', entityId: session.id, dinasId: cohort.dinasId, before: session });
    const notified = await mailEveryoneEnrolled(trx, cohort.id, 'cohort-changed', { datesChanged: true });
    return { notified };
  });
}
