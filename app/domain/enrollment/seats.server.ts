import { sql, type Transaction } from 'kysely';
import type { CohortStatus, Database, EnrollmentSource, EnrollmentStatus, TimeZone } from '~db/schema';
import { NotFoundError } from '~/lib/errors';
import { isUuid } from '~/lib/ids';
import type { Actor } from '~/lib/permissions';
import { recordAudit } from '~/domain/audit/record.server';
import { isActiveCohort } from '~/domain/cohorts/lifecycle';
import { cohortMailFacts } from '~/domain/cohorts/mail.server';
import { mailCoordinatorsAboutPending, mailEnrollmentStatus, templateForStatus, type EnrollmentTemplate } from './mail.server';
import { promoteFromWaitlist, seatFor, takeSeat, type SeatState } from './waitlist';

/**
 * Seats under concurrency. Every change that takes or frees a seat first locks the
 * cohort's row (`select … for update`), so registrations for one cohort are decided one
 * at a time, in the order they got the lock, against the confirmed count as committed.
 * The unique (cohort, person) constraint keeps anyone from being registered twice.
 */
export interface LockedCohort {
  id: string;
  dinasId: string;
  programId: string;
  name: string;
  status: CohortStatus;
  capacity: number;
  quotaPerCooperative: number | null;
  registrationOpensAt: Date | null;
  registrationClosesAt: Date | null;
  requiresApproval: boolean;
  timeZone: TimeZone;
  targetPositions: string[];
  firstSessionStartsAt: Date | null;
}

export async function lockCohort(trx: Transaction<Database>, cohortId: string): Promise<LockedCohort> {
  if (!isUuid(cohortId)) throw new NotFoundError('common:error.notFoundBody');
  const cohort = await trx
    .selectFrom('cohorts as c')
    .innerJoin('programs as p', 'p.id', 'c.program_id')
    .select([
      'c.id', 'c.dinas_id as dinasId', 'c.program_id as programId', 'c.name', 'c.status', 'c.capacity',
      'c.quota_per_cooperative as quotaPerCooperative', 'c.registration_opens_at as registrationOpensAt',
      'c.registration_closes_at as registrationClosesAt', 'c.requires_approval as requiresApproval',
      'c.time_zone as timeZone', 'p.target_positions as targetPositions',
      sql<Date | null>`(select min(s.starts_at) from cohort_sessions s where s.cohort_id = c.id)`.as('firstSessionStartsAt'),
    ])
    .where('c.id', '=', cohortId)
    .forUpdate('c')
    .executeTakeFirst();
  if (!cohort) throw new NotFoundError('common:error.notFoundBody');
  return cohort;
}

export async function seatState(trx: Transaction<Database>, cohort: Pick<LockedCohort, 'id' | 'capacity' | 'quotaPerCooperative'>): Promise<SeatState> {
  const rows = await trx
    .selectFrom('enrollments')
    .select(['cooperative_id', sql<number>`count(*)::int`.as('n')])
    .where('cohort_id', '=', cohort.id)
    .where('status', '=', 'confirmed')
    .groupBy('cooperative_id')
    .execute();
  const confirmedByCooperative: Record<string, number> = {};
  let confirmed = 0;
  for (const row of rows) {
    confirmed += row.n;
    if (row.cooperative_id) confirmedByCooperative[row.cooperative_id] = row.n;
  }
  return { capacity: cohort.capacity, quotaPerCooperative: cohort.quotaPerCooperative, confirmed, confirmedByCooperative };
}

export interface Candidate {
  personId: string;
  cooperativeId: string | null;
  /** Waits for the coordinator's decision instead of taking a seat. */
  needsApproval: boolean;
}

export type PlacementStatus = Extract<EnrollmentStatus, 'confirmed' | 'waitlisted' | 'pending'> | 'duplicate';

export interface Placement {
  personId: string;
  enrollmentId: string | null;
  status: PlacementStatus;
}

/**
 * Registers people in a locked cohort, in the given order: pending when they need
 * approval, otherwise confirmed while seats and their cooperative's quota allow, else
 * waitlisted. Someone already registered (pending, confirmed or waiting) is left as is;
 * someone whose earlier registration was cancelled or rejected registers anew, at the
 * back of the line. Each person is told by e-mail.
 */
export async function placeCandidates(
  trx: Transaction<Database>,
  actor: Actor | null,
  cohort: LockedCohort,
  candidates: readonly Candidate[],
  source: EnrollmentSource,
): Promise<Placement[]> {
  let state = await seatState(trx, cohort);
  const placements: Placement[] = [];
  for (const candidate of candidates) {
    const existing = await trx
      .selectFrom('enrollments')
      .select(['id', 'status'])
      .where('cohort_id', '=', cohort.id)
      .where('person_id', '=', candidate.personId)
      .executeTakeFirst();
    if (existing && ['pending', 'confirmed', 'waitlisted'].includes(existing.status)) {
      placements.push({ personId: candidate.personId, enrollmentId: existing.id, status: 'duplicate' });
      continue;
    }
    let status: Exclude<PlacementStatus, 'duplicate'> = 'pending';
    if (!candidate.needsApproval) status = seatFor(state, candidate.cooperativeId) === 'seat' ? 'confirmed' : 'waitlisted';
    const decidedAt = status === 'pending' ? null : new Date();
    let enrollmentId: string | null = null;
    if (existing) {
      // A fresh registration: a new place in the arrival order.
      const updated = await sql<{ id: string }>`
        update enrollments set status = ${status}, source = ${source}, cooperative_id = ${candidate.cooperativeId},
          requested_by_user_id = ${actor?.userId ?? null}, arrival_seq = default, registered_at = now(),
          decided_at = ${decidedAt}, cancelled_at = null, reason = null
        where id = ${existing.id} and status in ('cancelled', 'rejected')
        returning id`.execute(trx);
      enrollmentId = updated.rows[0]?.id ?? null;
    } else {
      const inserted = await trx
        .insertInto('enrollments')
        .values({
          cohort_id: cohort.id,
          person_id: candidate.personId,
          cooperative_id: candidate.cooperativeId,
          status,
          source,
          requested_by_user_id: actor?.userId ?? null,
          decided_at: decidedAt,
        })
        .onConflict((oc) => oc.columns(['cohort_id', 'person_id']).doNothing())
        .returning('id')
        .executeTakeFirst();
      enrollmentId = inserted?.id ?? null;
    }
    if (!enrollmentId) {
      placements.push({ personId: candidate.personId, enrollmentId: null, status: 'duplicate' });
      continue;
    }
    if (status === 'confirmed') state = takeSeat(state, candidate.cooperativeId);
    placements.push({ personId: candidate.personId, enrollmentId, status });
    await recordAudit(trx, {
      actor,
      action: 'enrollment.created',
      entityType: 'enrollment',
      entityId: enrollmentId,
      dinasId: cohort.dinasId,
      after: { cohortId: cohort.id, personId: candidate.personId, cooperativeId: candidate.cooperativeId, status, source },
    });
  }
  const placed = placements.filter((p) => p.status !== 'duplicate');
  if (placed.length > 0) {
    const facts = await cohortMailFacts(trx, cohort.id);
    await mailEnrollmentStatus(
      trx,
      facts,
      placed.map((p) => ({ personId: p.personId, template: templateForStatus[p.status as EnrollmentStatus]! })),
    );
    const pending = placed.filter((p) => p.status === 'pending').length;
    if (pending > 0 && source !== 'coordinator') await mailCoordinatorsAboutPending(trx, facts, pending);
  }
  return placements;
}

/**
 * Gives freed seats to the waitlist, first come first served (skipping people whose
 * cooperative is at its quota), and tells each promoted person.
 */
export async function fillFreedSeats(trx: Transaction<Database>, actor: Actor | null, cohort: LockedCohort): Promise<string[]> {
  if (!isActiveCohort(cohort.status)) return [];
  const waiting = await trx
    .selectFrom('enrollments')
    .select(['id', 'person_id', 'cooperative_id', 'arrival_seq'])
    .where('cohort_id', '=', cohort.id)
    .where('status', '=', 'waitlisted')
    .orderBy('arrival_seq')
    .execute();
  if (waiting.length === 0) return [];
  const promotedIds = promoteFromWaitlist(
    await seatState(trx, cohort),
    waiting.map((w) => ({ id: w.id, cooperativeId: w.cooperative_id, arrivalSeq: w.arrival_seq })),
  );
  if (promotedIds.length === 0) return [];
  await trx.updateTable('enrollments').set({ status: 'confirmed', decided_at: new Date() }).where('id', 'in', promotedIds).execute();
  const promoted = waiting.filter((w) => promotedIds.includes(w.id));
  for (const p of promoted) {
    await recordAudit(trx, {
      actor,
      action: 'enrollment.promoted',
      entityType: 'enrollment',
      entityId: p.id,
      dinasId: cohort.dinasId,
      before: { status: 'waitlisted' },
      after: { status: 'confirmed' },
    });
  }
  const facts = await cohortMailFacts(trx, cohort.id);
  await mailEnrollmentStatus(
    trx,
    facts,
    promoted.map((p) => ({ personId: p.person_id, template: 'enrollment-promoted' as EnrollmentTemplate })),
  );
  return promotedIds;
}
