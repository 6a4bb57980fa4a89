import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { eligibilityOfEnrollment } from '~/domain/attendance/eligibility.server';

/**
 * May this participant sit the exam? The attendance area's rule decides
 * (`app/domain/attendance/eligibility.ts`): their attendance over the cohort's training
 * sessions (present or late, and excused when the program counts it) reaches the
 * program's minimum, with every training session marked. A cohort without training
 * sessions keeps no one out; a registration that is not confirmed may not.
 */
export async function mayTakeExam(trx: Kysely<Database>, enrollmentId: string, now = new Date()): Promise<boolean> {
  const eligibility = await eligibilityOfEnrollment(trx, enrollmentId, now);
  return eligibility?.state === 'eligible';
}
