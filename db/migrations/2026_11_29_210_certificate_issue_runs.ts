import { sql, type Kysely } from 'kysely';

/**
 * `certificate_issue_runs`: a cohort's certificates being issued in the background of the
 * server process, batch by batch, with its progress (`done` of `total`) for the cohort's
 * page. At most one unfinished run per cohort (the partial unique index): a second click
 * joins the run under way. The process touches `heartbeat_at` after every batch; a run
 * whose heartbeat stopped belongs to a process that is gone (its finished batches stay,
 * and the next run issues the rest).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table certificate_issue_runs (
      id uuid primary key default gen_random_uuid(),
      cohort_id uuid not null references cohorts (id) on delete cascade,
      started_by_user_id uuid references users (id) on delete set null,
      total integer not null default 0,
      done integer not null default 0,
      training integer not null default 0,
      competency integer not null default 0,
      existing integer not null default 0,
      started_at timestamptz not null default now(),
      heartbeat_at timestamptz not null default now(),
      finished_at timestamptz,
      error text
    )`.execute(db);
  await sql`create unique index certificate_issue_runs_running_idx on certificate_issue_runs (cohort_id) where finished_at is null`.execute(db);
  await sql`create index certificate_issue_runs_cohort_idx on certificate_issue_runs (cohort_id, started_at desc)`.execute(db);
  await sql`create index certificate_issue_runs_started_by_idx on certificate_issue_runs (started_by_user_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists certificate_issue_runs`.execute(db);
}
