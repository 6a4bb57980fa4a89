import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '~db/schema';
import { addDays, dateInZone, todayIn, zonedTimeToUtc } from '~/lib/dates';
import { ConflictError, NotFoundError, ValidationError } from '~/lib/errors';
import { isUuid } from '~/lib/ids';
import { institutionsFor, requirePermission, type Actor } from '~/lib/permissions';
import { recordAudit } from '~/domain/audit/record.server';
import { parseOrThrow } from '~/lib/validation';
import { partnersOf, requirePartner, type Partner } from '~/domain/programs/partners.server';
import { requireCohort, requireCohortForUpdate } from './access.server';
import { isActiveCohort } from './lifecycle';
import { daysBetween, fromLocalInput, localDateTime, toLocalInput } from './local-time';
import { CohortSchema, type CohortInput, type CohortValues } from './schemas';
import { planEndDate, planSessions } from './session-plan';

/** Scheduling cohorts: create one from a program, change it, and what the forms offer. */

export interface AssessorChoice {
  userId: string;
  name: string;
  registrationNumber: string | null;
  certificationBodyId: string;
}

export interface CohortFormChoices {
  institutes: Partner[];
  certificationBodies: Partner[];
  assessors: AssessorChoice[];
}

/** What the cohort form offers: the Dinas's partners, and the assessors of its partner LSPs. */
export async function cohortFormChoices(db: Kysely<Database>, actor: Actor | null): Promise<CohortFormChoices> {
  const dinasId = institutionsFor(actor, 'coordinator')[0] ?? null;
  requirePermission(actor, 'cohort:manage', { dinasId });
  const [partners, assessors] = await Promise.all([
    partnersOf(db, dinasId!),
    db
      .selectFrom('user_roles as r')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .innerJoin('dinas_partners as dp', (join) => join.onRef('dp.partner_id', '=', 'r.institution_id').on('dp.dinas_id', '=', dinasId!))
      .select(['u.id as userId', 'u.display_name as name', 'r.registration_number as registrationNumber', 'r.institution_id as certificationBodyId'])
      .where('r.role', '=', 'assessor')
      .where('u.is_active', '=', true)
      .orderBy('u.display_name')
      .execute(),
  ]);
  return { ...partners, assessors: assessors.map((a) => ({ ...a, certificationBodyId: a.certificationBodyId! })) };
}

async function checkAssessors(db: Kysely<Database>, values: CohortValues): Promise<void> {
  if (values.assessorIds.length === 0) return;
  const found = await db
    .selectFrom('user_roles')
    .select('user_id')
    .where('role', '=', 'assessor')
    .where('institution_id', '=', values.certificationBodyId!)
    .where('user_id', 'in', values.assessorIds)
    .execute();
  if (new Set(found.map((f) => f.user_id)).size !== new Set(values.assessorIds).size) {
    throw new ValidationError({ assessorIds: ['cohorts:errors.assessor'] });
  }
}

/**
 * The checks against the clock: a new start date not in the past, a registration window
 * that closes after now (when it is being set) and before the first session begins.
 */
function timeProblems(
  values: CohortValues,
  now: Date,
  context: { firstSessionStartsAt: Date | null; startsOnChanged: boolean; opensChanged: boolean; closesChanged: boolean },
): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const today = todayIn(values.timeZone, now);
  if (context.startsOnChanged && values.startsOn < today) errors.startsOn = ['cohorts:errors.dateInPast'];
  const opens = fromLocalInput(values.registrationOpensAt, values.timeZone);
  const closes = fromLocalInput(values.registrationClosesAt, values.timeZone);
  const start = context.firstSessionStartsAt ?? zonedTimeToUtc(values.startsOn, '00:00', values.timeZone);
  if (closes && context.closesChanged && closes <= now) errors.registrationClosesAt = ['cohorts:errors.windowInPast'];
  else if (closes && closes > start) errors.registrationClosesAt = ['cohorts:errors.windowAfterStart'];
  if (opens && opens >= start && context.opensChanged) errors.registrationOpensAt = ['cohorts:errors.windowAfterStart'];
  return errors;
}

function cohortRow(values: CohortValues) {
  return {
    name: values.name,
    time_zone: values.timeZone,
    venue_name: values.venueName,
    venue_address: values.venueAddress ?? null,
    capacity: values.capacity,
    quota_per_cooperative: values.quotaPerCooperative ?? null,
    registration_opens_at: fromLocalInput(values.registrationOpensAt, values.timeZone),
    registration_closes_at: fromLocalInput(values.registrationClosesAt, values.timeZone),
    training_institute_id: values.trainingInstituteId ?? null,
    certification_body_id: values.certificationBodyId ?? null,
    requires_approval: values.requiresApproval,
  };
}

/** Creates a draft cohort from a program; its sessions come from the program's day plan. */
export async function createCohort(
  db: Kysely<Database>,
  actor: Actor | null,
  input: CohortInput,
  now = new Date(),
): Promise<{ id: string; sessions: number }> {
  const values = parseOrThrow(CohortSchema, input);
  const program = await db.selectFrom('programs').select(['id', 'dinas_id']).where('id', '=', values.programId).executeTakeFirst();
  if (!program) throw new ValidationError({ programId: ['cohorts:errors.programRequired'] });
  requirePermission(actor, 'cohort:manage', { dinasId: program.dinas_id });
  const days = await db
    .selectFrom('program_days')
    .select(['day_number as dayNumber', 'kind', 'title', 'topics', 'starts_at_time as startsAtTime', 'ends_at_time as endsAtTime'])
    .where('program_id', '=', program.id)
    .execute();
  const sessions = planSessions(days, values.startsOn, values.timeZone);
  const problems = timeProblems(values, now, {
    firstSessionStartsAt: sessions[0]?.startsAt ?? null,
    startsOnChanged: true,
    opensChanged: true,
    closesChanged: true,
  });
  if (Object.keys(problems).length > 0) throw new ValidationError(problems);
  return db.transaction().execute(async (trx) => {
    await requirePartner(trx, program.dinas_id, values.trainingInstituteId, 'training_institute', 'trainingInstituteId');
    await requirePartner(trx, program.dinas_id, values.certificationBodyId, 'certification_body', 'certificationBodyId');
    await checkAssessors(trx, values);
    const cohort = await trx
      .insertInto('cohorts')
      .values({
        program_id: program.id,
        dinas_id: program.dinas_id,
        status: 'draft',
        starts_on: values.startsOn,
        ends_on: planEndDate(days, values.startsOn),
        ...cohortRow(values),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (sessions.length > 0) {
      await trx
        .insertInto('cohort_sessions')
        .values(sessions.map((s) => ({ cohort_id: cohort.id, position: s.position, kind: s.kind, title: s.title, topics: s.topics, starts_at: s.startsAt, ends_at: s.endsAt })))
        .execute();
    }
    if (values.assessorIds.length > 0) {
      await trx.insertInto('cohort_assessors').values([...new Set(values.assessorIds)].map((userId) => ({ cohort_id: cohort.id, user_id: userId }))).execute();
    }
    await recordAudit(trx, { actor, action: 'cohort.created', entityType: 'cohort', entityId: cohort.id, dinasId: program.dinas_id, after: { ...values, sessions: sessions.length } });
    return { id: cohort.id, sessions: sessions.length };
  });
}

/** Keeps a cohort's first and last day in step with its sessions. */
export async function syncCohortDates(trx: Transaction<Database>, cohortId: string): Promise<void> {
  const cohort = await trx.selectFrom('cohorts').select(['time_zone']).where('id', '=', cohortId).executeTakeFirstOrThrow();
  const sessions = await trx.selectFrom('cohort_sessions').select(['starts_at', 'ends_at']).where('cohort_id', '=', cohortId).execute();
  if (sessions.length === 0) return;
  const startsOn = sessions.map((s) => dateInZone(s.starts_at, cohort.time_zone)).sort()[0]!;
  const endsOn = sessions.map((s) => dateInZone(s.ends_at, cohort.time_zone)).sort().at(-1)!;
  await trx.updateTable('cohorts').set({ starts_on: startsOn, ends_on: endsOn, updated_at: new Date() }).where('id', '=', cohortId).execute();
}

/** What a change to a cohort means for the people registered in it. */
export interface CohortChange {
  /** More seats, or a larger (or no more) quota per cooperative: the waitlist may move up. */
  moreRoom: boolean;
  datesChanged: boolean;
  venueChanged: boolean;
}

/**
 * Changes a cohort, inside the caller's transaction (its row stays locked until the end).
 * A new start date moves every session by the same number of days; a new time zone keeps
 * the sessions' wall-clock times; seats never drop below those confirmed. What follows
 * for the people registered (the waitlist moving up, the e-mails) is the public
 * operation's, `updateCohort` in `~/domain/enrollment/cohort-change.server` — enrollment
 * depends on cohorts, not back.
 */
export async function changeCohort(
  trx: Transaction<Database>,
  actor: Actor | null,
  cohortId: string,
  values: CohortValues,
  now: Date,
): Promise<CohortChange> {
  const before = await requireCohortForUpdate(trx, actor, cohortId, 'cohort:manage');
  if (!isActiveCohort(before.status)) throw new ConflictError('cohorts:errors.notEditable');
  if (values.programId !== before.programId) throw new ValidationError({ programId: ['cohorts:errors.programFixed'] });
  const sessions = await trx.selectFrom('cohort_sessions').select(['id', 'starts_at', 'ends_at']).where('cohort_id', '=', cohortId).orderBy('starts_at').execute();
  const shift = daysBetween(before.startsOn, values.startsOn);
  const move = (instant: Date) => {
    const local = localDateTime(instant, before.timeZone);
    return zonedTimeToUtc(addDays(local.date, shift), local.time, values.timeZone);
  };
  const moved = sessions.map((s) => ({ id: s.id, startsAt: move(s.starts_at), endsAt: move(s.ends_at), changed: shift !== 0 || values.timeZone !== before.timeZone }));
  const stored = cohortRow(values);
  const problems = timeProblems(values, now, {
    firstSessionStartsAt: moved[0]?.startsAt ?? null,
    startsOnChanged: values.startsOn !== before.startsOn,
    opensChanged: stored.registration_opens_at?.getTime() !== before.registrationOpensAt?.getTime(),
    closesChanged: stored.registration_closes_at?.getTime() !== before.registrationClosesAt?.getTime(),
  });
  const { confirmed } = await trx
    .selectFrom('enrollments')
    .select(sql<number>`count(*)::int`.as('confirmed'))
    .where('cohort_id', '=', cohortId)
    .where('status', '=', 'confirmed')
    .executeTakeFirstOrThrow();
  if (values.capacity < confirmed) problems.capacity = ['cohorts:errors.capacityBelowConfirmed'];
  if (Object.keys(problems).length > 0) throw new ValidationError(problems);
  await requirePartner(trx, before.dinasId, values.trainingInstituteId, 'training_institute', 'trainingInstituteId');
  await requirePartner(trx, before.dinasId, values.certificationBodyId, 'certification_body', 'certificationBodyId');
  await checkAssessors(trx, values);

  await trx.updateTable('cohorts').set({ ...stored, starts_on: values.startsOn, ends_on: addDays(before.endsOn, shift), updated_at: new Date() }).where('id', '=', cohortId).execute();
  for (const s of moved.filter((m) => m.changed)) {
    await trx.updateTable('cohort_sessions').set({ starts_at: s.startsAt, ends_at: s.endsAt }).where('id', '=', s.id).execute();
  }
  await syncCohortDates(trx, cohortId);
  await trx.deleteFrom('cohort_assessors').where('cohort_id', '=', cohortId).execute();
  if (values.assessorIds.length > 0) {
    await trx.insertInto('cohort_assessors').values([...new Set(values.assessorIds)].map((userId) => ({ cohort_id: cohortId, user_id: userId }))).execute();
  }
  await recordAudit(trx, { actor, action: 'cohort.updated', entityType: 'cohort', entityId: cohortId, dinasId: before.dinasId, before, after: values });

  return {
    moreRoom:
      values.capacity > before.capacity ||
      (before.quotaPerCooperative !== null && (values.quotaPerCooperative === undefined || values.quotaPerCooperative > before.quotaPerCooperative)),
    datesChanged: moved.some((m) => m.changed),
    venueChanged: (values.venueName ?? null) !== before.venueName || (values.venueAddress ?? null) !== before.venueAddress,
  };
}

export async function requireProgramOfDinas(db: Kysely<Database>, actor: Actor | null, programId: string | null | undefined) {
  if (!isUuid(programId)) return null;
  const program = await db
    .selectFrom('programs')
    .select(['id', 'dinas_id', 'title', 'default_institute_id', 'default_certification_body_id'])
    .where('id', '=', programId)
    .executeTakeFirst();
  if (!program) throw new NotFoundError('common:error.notFoundBody');
  requirePermission(actor, 'cohort:manage', { dinasId: program.dinas_id });
  const dinas = await db.selectFrom('institutions').select('time_zone').where('id', '=', program.dinas_id).executeTakeFirstOrThrow();
  return { ...program, timeZone: dinas.time_zone };
}

/** A cohort's current values in the edit form's terms (local times in its zone). */
export async function cohortForEdit(db: Kysely<Database>, actor: Actor | null, cohortId: string) {
  const cohort = await requireCohort(db, actor, cohortId, 'cohort:manage');
  const [program, assessors] = await Promise.all([
    db.selectFrom('programs').select(['id', 'title']).where('id', '=', cohort.programId).executeTakeFirstOrThrow(),
    db.selectFrom('cohort_assessors').select('user_id').where('cohort_id', '=', cohortId).execute(),
  ]);
  return {
    cohort,
    program,
    values: {
      programId: cohort.programId,
      name: cohort.name,
      startsOn: cohort.startsOn,
      timeZone: cohort.timeZone,
      venueName: cohort.venueName,
      venueAddress: cohort.venueAddress,
      capacity: cohort.capacity,
      quotaPerCooperative: cohort.quotaPerCooperative,
      registrationOpensAt: toLocalInput(cohort.registrationOpensAt, cohort.timeZone),
      registrationClosesAt: toLocalInput(cohort.registrationClosesAt, cohort.timeZone),
      trainingInstituteId: cohort.trainingInstituteId,
      certificationBodyId: cohort.certificationBodyId,
      assessorIds: assessors.map((a) => a.user_id),
      requiresApproval: cohort.requiresApproval,
    },
  };
}
