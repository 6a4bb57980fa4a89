import type { Kysely } from 'kysely';
import type { Database, EnrollmentStatus } from '~db/schema';
import { ConflictError, NotFoundError, ValidationError } from '~/lib/errors';
import { isUuid } from '~/lib/ids';
import { can, requirePermission, type Actor } from '~/lib/permissions';
import { recordAudit } from '~/domain/audit/record.server';
import { isActiveCohort } from '~/domain/cohorts/lifecycle';
import { cohortMailFacts } from '~/domain/cohorts/mail.server';
import { mailEnrollmentStatus, type EnrollmentTemplate } from './mail.server';
import { idsFrom } from './register.server';
import { fillFreedSeats, lockCohort, seatState } from './seats.server';
import { seatFor, takeSeat } from './waitlist';

/** The coordinator's decisions on registrations, and withdrawals. */

const ACTIVE: EnrollmentStatus[] = ['pending', 'confirmed', 'waitlisted'];

export interface DecisionSummary {
  confirmed: number;
  waitlisted: number;
  rejected: number;
  skipped: number;
}

/** Approves pending registrations in arrival order: a seat while there is one, else the waitlist. */
export async function approveEnrollments(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { cohortId: string; enrollmentIds: readonly string[] },
): Promise<DecisionSummary> {
  return db.transaction().execute(async (trx) => {
    const cohort = await lockCohort(trx, input.cohortId);
    requirePermission(actor, 'enrollment:manage', { dinasId: cohort.dinasId });
    if (!isActiveCohort(cohort.status)) throw new ConflictError('cohorts:participants.notActive');
    const ids = idsFrom(input.enrollmentIds);
    if (ids.length === 0) throw new ConflictError('cohorts:participants.noneSelected');
    const pending = await trx
      .selectFrom('enrollments')
      .select(['id', 'person_id', 'cooperative_id'])
      .where('cohort_id', '=', cohort.id)
      .where('id', 'in', ids)
      .where('status', '=', 'pending')
      .orderBy('arrival_seq')
      .execute();
    let state = await seatState(trx, cohort);
    const told: { personId: string; template: EnrollmentTemplate }[] = [];
    const summary: DecisionSummary = { confirmed: 0, waitlisted: 0, rejected: 0, skipped: ids.length - pending.length };
    for (const row of pending) {
      const status = seatFor(state, row.cooperative_id) === 'seat' ? 'confirmed' : 'waitlisted';
      if (status === 'confirmed') state = takeSeat(state, row.cooperative_id);
      await trx.updateTable('enrollments').set({ status, decided_at: new Date() }).where('id', '=', row.id).execute();
      await recordAudit(trx, {
        actor,
        action: 'enrollment.approved',
        entityType: 'enrollment',
        entityId: row.id,
        dinasId: cohort.dinasId,
        before: { status: 'pending' },
        after: { status },
      });
      summary[status]++;
      told.push({ personId: row.person_id, template: status === 'confirmed' ? 'enrollment-confirmed' : 'enrollment-waitlisted' });
    }
    if (told.length > 0) await mailEnrollmentStatus(trx, await cohortMailFacts(trx, cohort.id), told);
    return summary;
  });
}

/** Rejects pending or waiting registrations, with a reason (required) the person is told. */
export async function rejectEnrollments(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { cohortId: string; enrollmentIds: readonly string[]; reason: string },
): Promise<DecisionSummary> {
  return db.transaction().execute(async (trx) => {
    const cohort = await lockCohort(trx, input.cohortId);
    requirePermission(actor, 'enrollment:manage', { dinasId: cohort.dinasId });
    const ids = idsFrom(input.enrollmentIds);
    if (ids.length === 0) throw new ConflictError('cohorts:participants.noneSelected');
    const reason = input.reason?.trim();
    if (!reason) throw new ValidationError({ reason: ['cohorts:participants.reasonRequired'] });
    const rows = await trx
      .updateTable('enrollments')
      .set({ status: 'rejected', decided_at: new Date(), reason })
      .where('cohort_id', '=', cohort.id)
      .where('id', 'in', ids)
      .where('status', 'in', ['pending', 'waitlisted'])
      .returning(['id', 'person_id'])
      .execute();
    for (const row of rows) {
      await recordAudit(trx, { actor, action: 'enrollment.rejected', entityType: 'enrollment', entityId: row.id, dinasId: cohort.dinasId, after: { status: 'rejected', reason } });
    }
    if (rows.length > 0) {
      await mailEnrollmentStatus(
        trx,
        await cohortMailFacts(trx, cohort.id),
        rows.map((r) => ({ personId: r.person_id, template: 'enrollment-rejected' as const, reason })),
      );
    }
    return { confirmed: 0, waitlisted: 0, rejected: rows.length, skipped: ids.length - rows.length };
  });
}

/**
 * Withdraws a registration: by the person themself (until the cohort starts), by the
 * coordinator, or by the admin of the cooperative it counts against. A freed seat goes
 * to the first person waiting.
 */
export async function cancelEnrollment(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { enrollmentId?: string; cohortId?: string; personId?: string | null; reason?: string | null },
): Promise<{ promoted: number }> {
  return db.transaction().execute(async (trx) => {
    let lookup = trx.selectFrom('enrollments').select(['id', 'cohort_id']);
    if (isUuid(input.enrollmentId)) lookup = lookup.where('id', '=', input.enrollmentId);
    else if (input.personId && isUuid(input.cohortId)) {
      lookup = lookup.where('cohort_id', '=', input.cohortId).where('person_id', '=', input.personId);
    } else throw new NotFoundError('common:error.notFoundBody');
    const found = await lookup.executeTakeFirst();
    if (!found) throw new NotFoundError('common:error.notFoundBody');
    const cohort = await lockCohort(trx, found.cohort_id);
    const enrollment = await trx
      .selectFrom('enrollments')
      .select(['id', 'person_id', 'cooperative_id', 'status'])
      .where('id', '=', found.id)
      .executeTakeFirstOrThrow();
    const self = !!actor?.personId && actor.personId === enrollment.person_id;
    const coordinator = can(actor, 'enrollment:manage', { dinasId: cohort.dinasId });
    if (!coordinator) {
      if (self) requirePermission(actor, 'enrollment:self', { personId: enrollment.person_id });
      else requirePermission(actor, 'enrollment:nominate', { cooperativeId: enrollment.cooperative_id });
      if (!['draft', 'open', 'closed'].includes(cohort.status)) throw new ConflictError('cohorts:registration.tooLateToWithdraw');
    }
    if (!ACTIVE.includes(enrollment.status)) throw new ConflictError('cohorts:registration.notActive');
    const reason = input.reason?.trim() || null;
    await trx
      .updateTable('enrollments')
      .set({ status: 'cancelled', cancelled_at: new Date(), reason })
      .where('id', '=', enrollment.id)
      .execute();
    await recordAudit(trx, {
      actor,
      action: 'enrollment.cancelled',
      entityType: 'enrollment',
      entityId: enrollment.id,
      dinasId: cohort.dinasId,
      before: { status: enrollment.status },
      after: { status: 'cancelled', reason },
    });
    // Withdrawn by the coordinator, not by the person: the mail says who did it and why.
    const template = coordinator && !self ? 'enrollment-cancelled-by-coordinator' : 'enrollment-cancelled';
    await mailEnrollmentStatus(trx, await cohortMailFacts(trx, cohort.id), [{ personId: enrollment.person_id, template, reason }]);
    const promoted = enrollment.status === 'confirmed' ? await fillFreedSeats(trx, actor, cohort) : [];
    return { promoted: promoted.length };
  });
}
