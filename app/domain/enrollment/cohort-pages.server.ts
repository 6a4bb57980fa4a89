import type { Kysely } from 'kysely';
import type { Database, EnrollmentStatus } from '~db/schema';
import { NotFoundError } from '~/lib/errors';
import { isUuid } from '~/lib/ids';
import type { ListParams } from '~/lib/list-params';
import { can, requirePermission, type Actor } from '~/lib/permissions';
import { cohortScope, requireCohort } from '~/domain/cohorts/access.server';
import { cohortDoorsFor } from '~/domain/cohorts/detail.server';
import { isActiveCohort } from '~/domain/cohorts/lifecycle';
import { getPublicCohort } from '~/domain/cohorts/public.server';
import type { Eligibility } from '~/domain/attendance/eligibility';
import { idsFrom } from './register.server';
import {
  enrollmentNotice,
  enrollmentsNamed,
  myCohorts,
  myRegistration,
  nominationCandidates,
  openCohortsForMe,
  participantsOf,
  searchPeopleForCohort,
  type ParticipantSort,
} from './queries.server';

/** What each page about a cohort's registrations reads, in one call per page. */

/**
 * A published cohort's public page with this visitor's standing: their registration and
 * the doors open to them. A draft is shown only to who may manage it (its coordinator's
 * preview, marked as a draft); to anyone else it does not exist.
 */
export async function publicCohortPage(db: Kysely<Database>, actor: Actor | null, cohortId: string) {
  let cohort = await getPublicCohort(db, cohortId);
  if (!cohort && actor && isUuid(cohortId)) {
    const draft = await db
      .selectFrom('cohorts as c')
      .select(['c.dinas_id as dinasId', 'c.training_institute_id as trainingInstituteId', 'c.certification_body_id as certificationBodyId'])
      .where('c.id', '=', cohortId)
      .where('c.status', '=', 'draft')
      .executeTakeFirst();
    if (draft && can(actor, 'cohort:manage', cohortScope(draft))) cohort = await getPublicCohort(db, cohortId, { includeDraft: true });
  }
  if (!cohort) throw new NotFoundError('common:error.notFoundBody');
  const [registration, doors] = await Promise.all([myRegistration(db, actor, cohort.id), cohortDoorsFor(db, actor, cohort.id)]);
  return { cohort, registration, doors };
}

/** "Pelatihan saya": the participant's registrations, and the open cohorts they can still join. */
export async function myCohortsPage(db: Kysely<Database>, actor: Actor | null) {
  const [mine, open] = await Promise.all([myCohorts(db, actor), openCohortsForMe(db, actor)]);
  return { mine, open };
}

/** A cooperative admin's staff, for nominating them to a published cohort. */
export async function nominationPage(db: Kysely<Database>, actor: Actor | null, cohortId: string) {
  const candidates = await nominationCandidates(db, actor, cohortId);
  const cohort = await getPublicCohort(db, cohortId);
  if (!cohort) throw new NotFoundError('common:error.notFoundBody');
  return { cohort, candidates };
}

/**
 * A cohort's participants page: the cohort, one page of its registrations with the
 * counts per status, and — while the coordinator can still add people — the roster
 * people matching their search.
 */
export async function participantsPage(
  db: Kysely<Database>,
  actor: Actor | null,
  cohortId: string,
  options: ListParams<ParticipantSort> & { status: EnrollmentStatus | null; q: string; confirm?: ConfirmRequest | null },
) {
  const cohort = await requireCohort(db, actor, cohortId, 'cohort:read');
  const canManage = can(actor, 'enrollment:manage', { dinasId: cohort.dinasId });
  const active = isActiveCohort(cohort.status);
  const confirm = canManage && active && options.confirm ? options.confirm : null;
  const [{ page, counts, eligibility: standing }, found, confirming] = await Promise.all([
    participantsOf(db, actor, cohort, options),
    canManage && active && options.q ? searchPeopleForCohort(db, actor, cohort.id, options.q) : Promise.resolve(null),
    confirm ? enrollmentsNamed(db, cohort.id, idsFrom(confirm.enrollmentIds), CONFIRMABLE[confirm.kind]) : Promise.resolve(null),
  ]);
  // Each confirmed participant on this page against the attendance rule (not the whole cohort's).
  const eligibility: Record<string, Eligibility> = Object.fromEntries(standing);
  return {
    cohort,
    canManage,
    active,
    page,
    counts,
    eligibility,
    found,
    confirming: confirm && confirming && confirming.length > 0 ? { kind: confirm.kind, people: confirming } : null,
  };
}

/** A rejection or withdrawal the coordinator asked for and must still confirm, and the registrations it names. */
export interface ConfirmRequest {
  kind: 'reject' | 'cancel';
  enrollmentIds: readonly string[];
}

const CONFIRMABLE: Record<ConfirmRequest['kind'], EnrollmentStatus[]> = {
  reject: ['pending', 'waitlisted'],
  cancel: ['pending', 'confirmed', 'waitlisted'],
};

/** The page where a participant confirms withdrawing: who they are, the cohort, where they stand. */
export async function withdrawConfirmationPage(db: Kysely<Database>, actor: Actor | null, cohortId: string) {
  const cohort = await getPublicCohort(db, cohortId);
  if (!cohort) throw new NotFoundError('common:error.notFoundBody');
  const registration = await myRegistration(db, actor, cohort.id);
  if (!registration?.enrollment || !registration.canWithdraw) throw new NotFoundError('common:error.notFoundBody');
  const [person] = await enrollmentsNamed(db, cohort.id, [registration.enrollment.id], ['pending', 'confirmed', 'waitlisted']);
  if (!person) throw new NotFoundError('common:error.notFoundBody');
  return { cohort, registration, personName: person.name };
}

/**
 * The printable notice (and WhatsApp message) for one registration, for the coordinator to
 * tell a person the mails cannot reach. Another Dinas's registration answers 404.
 */
export async function enrollmentNoticePage(db: Kysely<Database>, actor: Actor | null, cohortId: string, enrollmentId: string) {
  const cohort = await requireCohort(db, actor, cohortId, 'cohort:manage');
  requirePermission(actor, 'enrollment:manage', { dinasId: cohort.dinasId });
  const notice = await enrollmentNotice(db, cohort.id, enrollmentId);
  if (!notice) throw new NotFoundError('common:error.notFoundBody');
  return { cohort, notice };
}
