import { sql, type Kysely } from 'kysely';

/**
 * Accounts: single-use e-mailed tokens (e-mail confirmation, password reset,
 * invitation) kept only as a hash; rate-limit counters shared by every app process;
 * and on each role, the Dinas whose coordinator granted it (a coordinator administers
 * the users their Dinas brought in).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table auth_tokens (
    id uuid primary key default gen_random_uuid(),
    kind text not null check (kind in ('email_verification', 'password_reset', 'invitation')),
    token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
    user_id uuid references users (id) on delete cascade,
    email text not null check (email = lower(email) and email like '%_@_%'),
    dinas_id uuid references institutions (id),
    payload jsonb not null default '{}',
    expires_at timestamptz not null,
    used_at timestamptz,
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null default now(),
    check (kind <> 'password_reset' or user_id is not null)
  )`.execute(db);
  await sql`create index auth_tokens_user_id_idx on auth_tokens (user_id)`.execute(db);
  await sql`create index auth_tokens_created_by_idx on auth_tokens (created_by)`.execute(db);
  await sql`create index auth_tokens_dinas_id_idx on auth_tokens (dinas_id)`.execute(db);
  await sql`create index auth_tokens_kind_email_idx on auth_tokens (kind, email)`.execute(db);
  await sql`create index auth_tokens_expires_at_idx on auth_tokens (expires_at)`.execute(db);

  await sql`create table rate_limits (
    key text primary key check (length(key) between 1 and 300),
    window_started_at timestamptz not null,
    reset_at timestamptz not null,
    hits integer not null check (hits >= 0),
    check (reset_at > window_started_at)
  )`.execute(db);
  await sql`create index rate_limits_reset_at_idx on rate_limits (reset_at)`.execute(db);

  await sql`alter table user_roles add column granted_by_dinas_id uuid references institutions (id)`.execute(db);
  await sql`create index user_roles_granted_by_dinas_id_idx on user_roles (granted_by_dinas_id)`.execute(db);
  // Roles held inside a Dinas or its cooperatives belong to that Dinas.
  await sql`update user_roles set granted_by_dinas_id = institution_id where role = 'coordinator'`.execute(db);
  await sql`update user_roles r set granted_by_dinas_id = c.dinas_id
    from cooperatives c where r.role = 'cooperative_admin' and c.id = r.cooperative_id`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index user_roles_granted_by_dinas_id_idx`.execute(db);
  await sql`alter table user_roles drop column granted_by_dinas_id`.execute(db);
  await sql`drop table rate_limits`.execute(db);
  await sql`drop table auth_tokens`.execute(db);
}
