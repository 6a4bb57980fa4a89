import { sql, type Kysely } from 'kysely';

/**
 * Attendance as the roll call, the QR check-in and an offline device record it.
 *
 * - `attendance` stays one row per (enrollment, session): the mark that counts. It now says
 *   how it was made (`method`) and when (`marked_at`: the moment the mark was made — on the
 *   device for an offline roll call, which may be before the server received it).
 * - `attendance_marks` keeps every mark ever made, keyed by an id the client chooses, so a
 *   resend is recognised (same id → nothing new) and two devices marking the same person
 *   can be shown: the latest `marked_at` wins and the others stay visible as a conflict.
 *   A correction after the session carries its reason.
 * - `programs` gets the attendance rule's knobs: whether an excused absence counts as
 *   attended, the grace period before a check-in is late, how early check-in opens, and
 *   how long after a session its marks may still be corrected.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table attendance
    add column method text not null default 'roll_call'
      check (method in ('roll_call', 'qr', 'code')),
    add column marked_at timestamptz`.execute(db);
  await sql`update attendance set marked_at = recorded_at`.execute(db);
  await sql`alter table attendance alter column marked_at set not null,
    alter column marked_at set default now()`.execute(db);

  await sql`create table attendance_marks (
    id uuid primary key,
    session_id uuid not null references cohort_sessions (id) on delete cascade,
    enrollment_id uuid not null references enrollments (id) on delete cascade,
    status text not null check (status in ('present', 'late', 'excused', 'absent')),
    note text,
    method text not null check (method in ('roll_call', 'qr', 'code')),
    marked_at timestamptz not null,
    received_at timestamptz not null default now(),
    recorded_by_user_id uuid references users (id),
    correction_reason text
  )`.execute(db);
  await sql`create index attendance_marks_session_enrollment_idx
    on attendance_marks (session_id, enrollment_id, marked_at)`.execute(db);
  await sql`create index attendance_marks_enrollment_id_idx on attendance_marks (enrollment_id)`.execute(db);
  await sql`create index attendance_marks_recorded_by_user_id_idx
    on attendance_marks (recorded_by_user_id)`.execute(db);

  await sql`alter table programs
    add column attendance_counts_excused boolean not null default false,
    add column late_grace_minutes integer not null default 15
      check (late_grace_minutes between 0 and 240),
    add column check_in_opens_minutes integer not null default 60
      check (check_in_opens_minutes between 0 and 720),
    add column attendance_correction_hours integer not null default 72
      check (attendance_correction_hours between 0 and 2160)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table programs
    drop column attendance_counts_excused,
    drop column late_grace_minutes,
    drop column check_in_opens_minutes,
    drop column attendance_correction_hours`.execute(db);
  await sql`drop table attendance_marks`.execute(db);
  await sql`alter table attendance drop column method, drop column marked_at`.execute(db);
}
