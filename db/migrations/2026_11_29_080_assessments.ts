import { sql, type Kysely } from 'kysely';

/**
 * Competency exam results as the certification body enters them.
 *
 * - `assessments`: the assessor's registration number as it was on the exam day (BNSP's
 *   file carries it), the exam venue (TUK, tempat uji kompetensi), and the last correction
 *   made after the results were final (its reason and when; the audit log keeps before and
 *   after). The recommendation also takes 'did_not_attend': the participant's outcome when
 *   they did not sit the exam (no unit results then).
 * - `cohort_result_finalizations`: one row when the certification admin finalizes a
 *   cohort's results (who, when); from then on the results are locked and a change is a
 *   correction with a reason.
 * - `certificates.needs_reissue`: set when a result a certificate was issued from is
 *   corrected, so the certificate can be issued again from the corrected result.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table assessments
    add column assessor_registration_number text,
    add column exam_venue text,
    add column correction_reason text,
    add column corrected_at timestamptz,
    drop constraint assessments_recommendation_check,
    add constraint assessments_recommendation_check
      check (recommendation in ('competent', 'not_yet_competent', 'did_not_attend')),
    add constraint assessments_correction_check
      check ((correction_reason is null) = (corrected_at is null))`.execute(db);

  await sql`create table cohort_result_finalizations (
    cohort_id uuid primary key references cohorts (id) on delete cascade,
    finalized_at timestamptz not null default now(),
    finalized_by_user_id uuid not null references users (id)
  )`.execute(db);
  await sql`create index cohort_result_finalizations_finalized_by_user_id_idx
    on cohort_result_finalizations (finalized_by_user_id)`.execute(db);

  await sql`alter table certificates
    add column needs_reissue boolean not null default false,
    add column reissue_reason text`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table certificates drop column needs_reissue, drop column reissue_reason`.execute(db);
  await sql`drop table cohort_result_finalizations`.execute(db);
  await sql`update assessments set recommendation = null, status = 'draft', finalized_at = null
    where recommendation = 'did_not_attend'`.execute(db);
  await sql`alter table assessments
    drop constraint assessments_correction_check,
    drop constraint assessments_recommendation_check,
    add constraint assessments_recommendation_check
      check (recommendation in ('competent', 'not_yet_competent')),
    drop column assessor_registration_number,
    drop column exam_venue,
    drop column correction_reason,
    drop column corrected_at`.execute(db);
}
