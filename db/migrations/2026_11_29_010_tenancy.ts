import { sql, type Kysely } from 'kysely';

/**
 * Many Dinas on one portal. A platform administrator (the province's or ministry's
 * operator) adds Dinas; training institutes and certification bodies are shared
 * organizations with their own administrators (`institute_admin`; an LSP's is the
 * `certification_admin`); a Dinas declares which of them it partners with and assigns
 * cohorts only to partners. Each organization keeps its letterhead, logo and signatories.
 * Existing cohorts and programs make their institutions partners of their Dinas.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table user_roles drop constraint user_roles_role_check`.execute(db);
  await sql`alter table user_roles drop constraint user_roles_check`.execute(db);
  await sql`alter table user_roles add constraint user_roles_role_check check (role in ('platform_admin', 'coordinator',
    'institute_admin', 'institute_staff', 'assessor', 'certification_admin', 'cooperative_admin', 'participant'))`.execute(db);
  await sql`alter table user_roles add constraint user_roles_scope_check check (
    (role in ('platform_admin', 'participant') and institution_id is null and cooperative_id is null)
    or (role in ('coordinator', 'institute_admin', 'institute_staff', 'assessor', 'certification_admin')
      and institution_id is not null and cooperative_id is null)
    or (role = 'cooperative_admin' and cooperative_id is not null and institution_id is null))`.execute(db);

  await sql`create table dinas_partners (
    dinas_id uuid not null references institutions (id),
    partner_id uuid not null references institutions (id),
    created_at timestamptz not null default now(),
    primary key (dinas_id, partner_id),
    check (dinas_id <> partner_id)
  )`.execute(db);
  await sql`create index dinas_partners_partner_id_idx on dinas_partners (partner_id)`.execute(db);
  // The kinds on both sides, kept by the database as well as the domain.
  await sql`create function dinas_partners_check_kinds() returns trigger language plpgsql as $$
    begin
      if (select kind from institutions where id = new.dinas_id) <> 'dinas' then
        raise exception 'dinas_partners.dinas_id must be a Dinas' using errcode = '23514';
      end if;
      if (select kind from institutions where id = new.partner_id) not in ('training_institute', 'certification_body') then
        raise exception 'dinas_partners.partner_id must be a training institute or a certification body' using errcode = '23514';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger dinas_partners_kinds before insert or update on dinas_partners
    for each row execute function dinas_partners_check_kinds()`.execute(db);
  await sql`insert into dinas_partners (dinas_id, partner_id)
    select dinas_id, training_institute_id from cohorts where training_institute_id is not null
    union select dinas_id, certification_body_id from cohorts where certification_body_id is not null
    union select dinas_id, default_institute_id from programs where default_institute_id is not null
    union select dinas_id, default_certification_body_id from programs where default_certification_body_id is not null
    on conflict do nothing`.execute(db);

  await sql`alter table institutions add column letterhead text`.execute(db);
  await sql`alter table institutions add column logo bytea`.execute(db);
  await sql`alter table institutions add column logo_type text check (logo_type in ('image/png', 'image/jpeg'))`.execute(db);
  await sql`alter table institutions add constraint institutions_logo_check check ((logo is null) = (logo_type is null))`.execute(db);

  await sql`create table signatories (
    id uuid primary key default gen_random_uuid(),
    institution_id uuid not null references institutions (id),
    name text not null check (length(trim(name)) > 0),
    title text not null check (length(trim(title)) > 0),
    nip text,
    signature_image bytea,
    signature_type text check (signature_type in ('image/png', 'image/jpeg')),
    position integer not null default 1 check (position > 0),
    is_active boolean not null default true,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check ((signature_image is null) = (signature_type is null))
  )`.execute(db);
  await sql`create index signatories_institution_id_idx on signatories (institution_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table signatories`.execute(db);
  await sql`alter table institutions drop constraint institutions_logo_check`.execute(db);
  await sql`alter table institutions drop column logo_type`.execute(db);
  await sql`alter table institutions drop column logo`.execute(db);
  await sql`alter table institutions drop column letterhead`.execute(db);
  await sql`drop table dinas_partners`.execute(db);
  await sql`drop function dinas_partners_check_kinds()`.execute(db);
  await sql`delete from user_roles where role in ('platform_admin', 'institute_admin')`.execute(db);
  await sql`alter table user_roles drop constraint user_roles_scope_check`.execute(db);
  await sql`alter table user_roles drop constraint user_roles_role_check`.execute(db);
  await sql`alter table user_roles add constraint user_roles_role_check check (role in ('coordinator', 'institute_staff', 'assessor',
    'certification_admin', 'cooperative_admin', 'participant'))`.execute(db);
  await sql`alter table user_roles add constraint user_roles_check check (
    (role in ('coordinator', 'institute_staff', 'assessor', 'certification_admin')
      and institution_id is not null and cooperative_id is null)
    or (role = 'cooperative_admin' and cooperative_id is not null and institution_id is null)
    or (role = 'participant' and institution_id is null and cooperative_id is null))`.execute(db);
}
