import { sql, type Kysely } from 'kysely';

/**
 * The cooperative registry at city scale: trigram search over name, cooperative number,
 * kelurahan and kecamatan (one expression index, the same expression the registry
 * query uses), a sort index, and import batches: a parsed upload kept server-side
 * between preview and confirm.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index cooperatives_search_trgm_idx on cooperatives using gin ((lower(
    name || ' ' || coalesce(cooperative_number, '') || ' ' || coalesce(village, '') || ' ' || coalesce(district, '')
  )) gin_trgm_ops)`.execute(db);
  await sql`create index cooperatives_dinas_name_idx on cooperatives (dinas_id, name)`.execute(db);

  await sql`create table import_batches (
    id uuid primary key default gen_random_uuid(),
    dinas_id uuid not null references institutions (id),
    cooperative_id uuid references cooperatives (id) on delete cascade,
    user_id uuid not null references users (id) on delete cascade,
    kind text not null check (kind in ('registry', 'roster')),
    file_name text not null,
    file_format text not null check (file_format in ('csv', 'xlsx')),
    status text not null default 'preview'
      check (status in ('preview', 'committing', 'committed', 'failed', 'cancelled')),
    row_count integer not null check (row_count >= 0),
    rows jsonb not null default '[]',
    errors jsonb not null default '[]',
    summary jsonb not null default '{}',
    failure text,
    created_at timestamptz not null default now(),
    started_at timestamptz,
    finished_at timestamptz,
    expires_at timestamptz not null
  )`.execute(db);
  await sql`create index import_batches_user_id_idx on import_batches (user_id, created_at desc)`.execute(db);
  await sql`create index import_batches_dinas_id_idx on import_batches (dinas_id)`.execute(db);
  await sql`create index import_batches_cooperative_id_idx on import_batches (cooperative_id)`.execute(db);
  await sql`create index import_batches_expires_at_idx on import_batches (expires_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table import_batches`.execute(db);
  await sql`drop index cooperatives_dinas_name_idx`.execute(db);
  await sql`drop index cooperatives_search_trgm_idx`.execute(db);
}
