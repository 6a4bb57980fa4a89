import { sql, type Kysely } from 'kysely';

/**
 * The whole domain schema of DESIGN.md. Constraints live here: every enumerated status
 * has a CHECK, every foreign key an index, uniqueness where the domain demands it.
 */
const statements = [
  sql`create extension if not exists pg_trgm`,

  sql`create table institutions (
    id uuid primary key default gen_random_uuid(),
    kind text not null check (kind in ('dinas', 'training_institute', 'certification_body')),
    name text not null check (length(trim(name)) > 0),
    short_name text,
    license_number text,
    regency_code text check (regency_code is null or regency_code ~ '^[0-9]{2}\\.[0-9]{2}$'),
    address text,
    city text,
    phone text,
    email text,
    time_zone text not null default 'Asia/Jakarta'
      check (time_zone in ('Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (kind, name)
  )`,

  sql`create table cooperatives (
    id uuid primary key default gen_random_uuid(),
    dinas_id uuid not null references institutions (id),
    name text not null check (length(trim(name)) > 0),
    slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    type text not null check (type in ('KSP', 'KSPPS', 'KSU', 'KSPPS/BMT', 'Koperasi Konsumen',
      'Koperasi Produsen', 'Koperasi Jasa', 'Koperasi Pemasaran')),
    savings_loan_unit text check (savings_loan_unit in ('USP', 'UPPS')),
    cooperative_number text unique check (cooperative_number ~ '^[0-9]{16}$'),
    legal_entity_number text,
    legal_entity_date date,
    street text,
    village text,
    district text,
    regency text,
    postal_code text check (postal_code is null or postal_code ~ '^[0-9]{5}$'),
    phone text,
    email text,
    status text not null default 'active' check (status in ('active', 'inactive', 'dissolution_proposed')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  sql`create index cooperatives_dinas_id_idx on cooperatives (dinas_id)`,

  sql`create table annual_meetings (
    id uuid primary key default gen_random_uuid(),
    cooperative_id uuid not null references cooperatives (id) on delete cascade,
    fiscal_year integer not null check (fiscal_year between 1945 and 2200),
    held_on date not null,
    notes text,
    created_at timestamptz not null default now(),
    unique (cooperative_id, fiscal_year)
  )`,

  sql`create table people (
    id uuid primary key default gen_random_uuid(),
    nik text not null unique check (nik ~ '^[0-9]{16}$' and nik <> '0000000000000000'),
    full_name text not null check (length(trim(full_name)) > 0),
    birth_place text,
    birth_date date,
    sex text check (sex in ('M', 'F')),
    phone text,
    email text,
    status text not null default 'confirmed' check (status in ('confirmed', 'pending')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,

  sql`create table staff_positions (
    id uuid primary key default gen_random_uuid(),
    person_id uuid not null references people (id),
    cooperative_id uuid not null references cooperatives (id),
    position text not null check (length(trim(position)) > 0),
    starts_on date,
    ends_on date,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (ends_on is null or starts_on is null or ends_on >= starts_on)
  )`,
  sql`create index staff_positions_person_id_idx on staff_positions (person_id)`,
  sql`create index staff_positions_cooperative_id_idx on staff_positions (cooperative_id)`,

  sql`create table users (
    id uuid primary key default gen_random_uuid(),
    email text not null check (email = lower(email) and email like '%_@_%'),
    password_hash text,
    display_name text not null,
    person_id uuid unique references people (id),
    locale text not null default 'id' check (locale in ('id', 'en')),
    email_verified_at timestamptz,
    is_active boolean not null default true,
    failed_sign_ins integer not null default 0 check (failed_sign_ins >= 0),
    locked_until timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (email)
  )`,

  sql`create table user_roles (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references users (id) on delete cascade,
    role text not null check (role in ('coordinator', 'institute_staff', 'assessor',
      'certification_admin', 'cooperative_admin', 'participant')),
    institution_id uuid references institutions (id),
    cooperative_id uuid references cooperatives (id),
    registration_number text,
    created_at timestamptz not null default now(),
    check (
      (role in ('coordinator', 'institute_staff', 'assessor', 'certification_admin')
        and institution_id is not null and cooperative_id is null)
      or (role = 'cooperative_admin' and cooperative_id is not null and institution_id is null)
      or (role = 'participant' and institution_id is null and cooperative_id is null)
    ),
    unique nulls not distinct (user_id, role, institution_id, cooperative_id)
  )`,
  sql`create index user_roles_user_id_idx on user_roles (user_id)`,
  sql`create index user_roles_institution_id_idx on user_roles (institution_id)`,
  sql`create index user_roles_cooperative_id_idx on user_roles (cooperative_id)`,

  sql`create table auth_sessions (
    id text primary key,
    user_id uuid not null references users (id) on delete cascade,
    created_at timestamptz not null default now(),
    last_seen_at timestamptz not null default now(),
    expires_at timestamptz not null,
    ip text,
    user_agent text
  )`,
  sql`create index auth_sessions_user_id_idx on auth_sessions (user_id)`,
  sql`create index auth_sessions_expires_at_idx on auth_sessions (expires_at)`,

  sql`create table programs (
    id uuid primary key default gen_random_uuid(),
    dinas_id uuid not null references institutions (id),
    code text not null check (length(trim(code)) > 0),
    title text not null check (length(trim(title)) > 0),
    description text,
    scheme_name text,
    scheme_number text,
    competency_standard text,
    attendance_min_percent integer not null default 100 check (attendance_min_percent between 0 and 100),
    target_positions text[] not null default '{}',
    competency_validity_months integer not null default 36 check (competency_validity_months between 1 and 240),
    training_validity_months integer check (training_validity_months between 1 and 240),
    certificate_number_pattern text not null default '{program}/{kind}/{year}/{seq:4}',
    default_institute_id uuid references institutions (id),
    default_certification_body_id uuid references institutions (id),
    status text not null default 'active' check (status in ('active', 'archived')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (dinas_id, code)
  )`,
  sql`create index programs_default_institute_id_idx on programs (default_institute_id)`,
  sql`create index programs_default_certification_body_id_idx on programs (default_certification_body_id)`,

  sql`create table competency_units (
    id uuid primary key default gen_random_uuid(),
    program_id uuid not null references programs (id) on delete cascade,
    position integer not null check (position >= 1),
    code text not null check (length(trim(code)) > 0),
    title text not null check (length(trim(title)) > 0),
    created_at timestamptz not null default now(),
    unique (program_id, code)
  )`,
  sql`create index competency_units_program_id_idx on competency_units (program_id)`,

  sql`create table program_days (
    id uuid primary key default gen_random_uuid(),
    program_id uuid not null references programs (id) on delete cascade,
    day_number integer not null check (day_number >= 1),
    kind text not null check (kind in ('training', 'exam')),
    title text not null,
    topics text,
    starts_at_time time not null default '08:00',
    ends_at_time time not null default '16:00',
    check (ends_at_time > starts_at_time),
    unique (program_id, day_number)
  )`,
  sql`create index program_days_program_id_idx on program_days (program_id)`,

  sql`create table cohorts (
    id uuid primary key default gen_random_uuid(),
    program_id uuid not null references programs (id),
    dinas_id uuid not null references institutions (id),
    name text not null check (length(trim(name)) > 0),
    status text not null default 'draft'
      check (status in ('draft', 'open', 'closed', 'in_progress', 'completed', 'cancelled')),
    venue_name text,
    venue_address text,
    time_zone text not null default 'Asia/Jakarta'
      check (time_zone in ('Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura')),
    capacity integer not null check (capacity > 0),
    quota_per_cooperative integer check (quota_per_cooperative > 0 and quota_per_cooperative <= capacity),
    starts_on date not null,
    ends_on date not null,
    registration_opens_at timestamptz,
    registration_closes_at timestamptz,
    training_institute_id uuid references institutions (id),
    certification_body_id uuid references institutions (id),
    cancel_reason text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (ends_on >= starts_on),
    check (registration_closes_at is null or registration_opens_at is null
      or registration_closes_at > registration_opens_at),
    check (status <> 'cancelled' or cancel_reason is not null)
  )`,
  sql`create index cohorts_program_id_idx on cohorts (program_id)`,
  sql`create index cohorts_dinas_id_idx on cohorts (dinas_id)`,
  sql`create index cohorts_training_institute_id_idx on cohorts (training_institute_id)`,
  sql`create index cohorts_certification_body_id_idx on cohorts (certification_body_id)`,
  sql`create index cohorts_starts_on_idx on cohorts (starts_on)`,

  sql`create table cohort_assessors (
    cohort_id uuid not null references cohorts (id) on delete cascade,
    user_id uuid not null references users (id),
    primary key (cohort_id, user_id)
  )`,
  sql`create index cohort_assessors_user_id_idx on cohort_assessors (user_id)`,

  sql`create table cohort_sessions (
    id uuid primary key default gen_random_uuid(),
    cohort_id uuid not null references cohorts (id) on delete cascade,
    position integer not null check (position >= 1),
    kind text not null check (kind in ('training', 'exam')),
    title text not null,
    topics text,
    starts_at timestamptz not null,
    ends_at timestamptz not null,
    venue_name text,
    check (ends_at > starts_at)
  )`,
  sql`create index cohort_sessions_cohort_id_idx on cohort_sessions (cohort_id)`,

  sql`create table enrollments (
    id uuid primary key default gen_random_uuid(),
    cohort_id uuid not null references cohorts (id),
    person_id uuid not null references people (id),
    cooperative_id uuid references cooperatives (id),
    status text not null check (status in ('pending', 'confirmed', 'waitlisted', 'cancelled', 'rejected')),
    source text not null check (source in ('self', 'nominated', 'coordinator')),
    requested_by_user_id uuid references users (id),
    arrival_seq bigint generated always as identity,
    registered_at timestamptz not null default now(),
    decided_at timestamptz,
    cancelled_at timestamptz,
    reason text,
    unique (cohort_id, person_id)
  )`,
  sql`create index enrollments_person_id_idx on enrollments (person_id)`,
  sql`create index enrollments_cooperative_id_idx on enrollments (cooperative_id)`,
  sql`create index enrollments_requested_by_user_id_idx on enrollments (requested_by_user_id)`,
  sql`create index enrollments_cohort_status_idx on enrollments (cohort_id, status, arrival_seq)`,

  sql`create table attendance (
    id uuid primary key default gen_random_uuid(),
    enrollment_id uuid not null references enrollments (id) on delete cascade,
    session_id uuid not null references cohort_sessions (id) on delete cascade,
    status text not null check (status in ('present', 'late', 'excused', 'absent')),
    note text,
    recorded_by_user_id uuid references users (id),
    recorded_at timestamptz not null default now(),
    unique (enrollment_id, session_id)
  )`,
  sql`create index attendance_session_id_idx on attendance (session_id)`,
  sql`create index attendance_recorded_by_user_id_idx on attendance (recorded_by_user_id)`,

  sql`create table assessments (
    id uuid primary key default gen_random_uuid(),
    enrollment_id uuid not null unique references enrollments (id),
    assessor_user_id uuid references users (id),
    status text not null default 'draft' check (status in ('draft', 'final')),
    recommendation text check (recommendation in ('competent', 'not_yet_competent')),
    assessed_on date,
    notes text,
    finalized_at timestamptz,
    finalized_by_user_id uuid references users (id),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (status <> 'final' or (recommendation is not null and finalized_at is not null))
  )`,
  sql`create index assessments_assessor_user_id_idx on assessments (assessor_user_id)`,
  sql`create index assessments_finalized_by_user_id_idx on assessments (finalized_by_user_id)`,

  sql`create table assessment_unit_results (
    id uuid primary key default gen_random_uuid(),
    assessment_id uuid not null references assessments (id) on delete cascade,
    competency_unit_id uuid not null references competency_units (id),
    result text not null check (result in ('K', 'BK')),
    unique (assessment_id, competency_unit_id)
  )`,
  sql`create index assessment_unit_results_competency_unit_id_idx on assessment_unit_results (competency_unit_id)`,

  sql`create table certificates (
    id uuid primary key default gen_random_uuid(),
    kind text not null check (kind in ('competency', 'training')),
    enrollment_id uuid not null references enrollments (id),
    person_id uuid not null references people (id),
    cooperative_id uuid references cooperatives (id),
    number text not null unique,
    verification_code text not null unique check (verification_code ~ '^[A-Za-z0-9_-]{8,64}$'),
    issued_at timestamptz not null default now(),
    valid_until date,
    status text not null default 'valid' check (status in ('valid', 'revoked', 'superseded')),
    revoked_at timestamptz,
    revoke_reason text,
    superseded_by_id uuid references certificates (id),
    snapshot jsonb not null,
    template_version text not null,
    issued_by_user_id uuid references users (id),
    check (status <> 'revoked' or (revoked_at is not null and revoke_reason is not null))
  )`,
  sql`create index certificates_enrollment_id_idx on certificates (enrollment_id)`,
  sql`create index certificates_person_id_idx on certificates (person_id)`,
  sql`create index certificates_cooperative_id_idx on certificates (cooperative_id)`,
  sql`create index certificates_superseded_by_id_idx on certificates (superseded_by_id)`,
  sql`create index certificates_issued_by_user_id_idx on certificates (issued_by_user_id)`,
  sql`create unique index certificates_one_valid_per_kind on certificates (enrollment_id, kind) where status = 'valid'`,

  sql`create table audit_log (
    id bigint generated always as identity primary key,
    occurred_at timestamptz not null default now(),
    actor_user_id uuid references users (id),
    dinas_id uuid references institutions (id),
    action text not null,
    entity_type text not null,
    entity_id text not null,
    before jsonb,
    after jsonb,
    ip text
  )`,
  sql`create index audit_log_actor_user_id_idx on audit_log (actor_user_id)`,
  sql`create index audit_log_dinas_id_idx on audit_log (dinas_id, occurred_at desc)`,
  sql`create index audit_log_entity_idx on audit_log (entity_type, entity_id)`,

  sql`create table mail_outbox (
    id uuid primary key default gen_random_uuid(),
    dinas_id uuid references institutions (id),
    to_address text not null,
    to_name text,
    template text not null,
    locale text not null default 'id' check (locale in ('id', 'en')),
    data jsonb not null default '{}',
    attachments jsonb not null default '[]',
    subject text,
    status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed')),
    attempts integer not null default 0 check (attempts >= 0),
    next_attempt_at timestamptz not null default now(),
    locked_until timestamptz,
    last_error text,
    message_id text not null unique,
    created_at timestamptz not null default now(),
    sent_at timestamptz
  )`,
  sql`create index mail_outbox_dinas_id_idx on mail_outbox (dinas_id)`,
  sql`create index mail_outbox_due_idx on mail_outbox (status, next_attempt_at)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}

const tablesNewestFirst = [
  'mail_outbox', 'audit_log', 'certificates', 'assessment_unit_results', 'assessments',
  'attendance', 'enrollments', 'cohort_sessions', 'cohort_assessors', 'cohorts',
  'program_days', 'competency_units', 'programs', 'auth_sessions', 'user_roles', 'users',
  'staff_positions', 'people', 'annual_meetings', 'cooperatives', 'institutions',
];

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of tablesNewestFirst) await db.schema.dropTable(table).ifExists().execute();
}
