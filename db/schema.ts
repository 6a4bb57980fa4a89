import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The `Database` type: one interface per table, matching db/migrations exactly
 * (test/integration/schema.test.ts compares them both ways).
 */

/** timestamptz: read as Date, written as Date or ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamptz column with a default. */
export type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** `date` columns: 'YYYY-MM-DD' in both directions. */
export type DateOnly = string;
export type Json = ColumnType<unknown, string, string>;

export type InstitutionKind = 'dinas' | 'training_institute' | 'certification_body';
export type TimeZone = 'Asia/Jakarta' | 'Asia/Makassar' | 'Asia/Jayapura';
export const COOPERATIVE_TYPES = [
  'KSP', 'KSPPS', 'KSU', 'KSPPS/BMT', 'Koperasi Konsumen', 'Koperasi Produsen', 'Koperasi Jasa',
  'Koperasi Pemasaran',
] as const;
export type CooperativeType = (typeof COOPERATIVE_TYPES)[number];
export type CooperativeStatus = 'active' | 'inactive' | 'dissolution_proposed';
export type Role =
  | 'platform_admin'
  | 'coordinator'
  | 'institute_admin'
  | 'institute_staff'
  | 'assessor'
  | 'certification_admin'
  | 'cooperative_admin'
  | 'participant';
export type CohortStatus = 'draft' | 'open' | 'closed' | 'in_progress' | 'completed' | 'cancelled';
export type SessionKind = 'training' | 'exam';
export type EnrollmentStatus = 'pending' | 'confirmed' | 'waitlisted' | 'cancelled' | 'rejected';
export type EnrollmentSource = 'self' | 'nominated' | 'coordinator';
export type AttendanceStatus = 'present' | 'late' | 'excused' | 'absent';
export type AttendanceMethod = 'roll_call' | 'qr' | 'code';
export type UnitResult = 'K' | 'BK';
export type AssessmentOutcome = 'competent' | 'not_yet_competent' | 'did_not_attend';
export type CertificateKind = 'competency' | 'training';
export type CertificateStatus = 'valid' | 'revoked' | 'superseded';
export type MailStatus = 'pending' | 'sending' | 'sent' | 'failed';
export type Locale = 'id' | 'en';

export interface InstitutionsTable {
  id: Generated<string>;
  kind: InstitutionKind;
  name: string;
  short_name: string | null;
  license_number: string | null;
  regency_code: string | null;
  address: string | null;
  city: string | null;
  phone: string | null;
  email: string | null;
  time_zone: Generated<TimeZone>;
  /** Lines printed under the name on letters and attendance sheets. */
  letterhead: string | null;
  logo: Buffer | null;
  logo_type: ImageType | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export type ImageType = 'image/png' | 'image/jpeg';

/** A Dinas's declared partners: the training institutes and certification bodies it may assign cohorts to. */
export interface DinasPartnersTable {
  dinas_id: string;
  partner_id: string;
  created_at: CreatedAt;
}

/**
 * The users each Dinas administers ("its world"), kept by the database's triggers as roles,
 * rosters, accounts and cooperatives change (migration 2026_11_30_010_dinas_users): read,
 * never written by the application.
 */
export interface DinasUsersTable {
  dinas_id: string;
  user_id: string;
}

/** Who signs for an organization (certificates, attendance sheets): name, title, NIP, signature. */
export interface SignatoriesTable {
  id: Generated<string>;
  institution_id: string;
  name: string;
  title: string;
  nip: string | null;
  signature_image: Buffer | null;
  signature_type: ImageType | null;
  position: Generated<number>;
  is_active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface CooperativesTable {
  id: Generated<string>;
  dinas_id: string;
  name: string;
  slug: string;
  type: CooperativeType;
  savings_loan_unit: 'USP' | 'UPPS' | null;
  cooperative_number: string | null;
  legal_entity_number: string | null;
  legal_entity_date: DateOnly | null;
  street: string | null;
  village: string | null;
  district: string | null;
  regency: string | null;
  postal_code: string | null;
  phone: string | null;
  email: string | null;
  status: Generated<CooperativeStatus>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface AnnualMeetingsTable {
  id: Generated<string>;
  cooperative_id: string;
  fiscal_year: number;
  /** Null: a RAT known only by its fiscal year (an import's "RAT Terakhir: 2025"). */
  held_on: DateOnly | null;
  notes: string | null;
  created_at: CreatedAt;
}

/** Highest education levels (people.education's CHECK); SMA stands for SMA/SMK and their equivalents. */
export const EDUCATION_LEVELS = ['SD', 'SMP', 'SMA', 'D1', 'D2', 'D3', 'D4', 'S1', 'S2', 'S3'] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];

export interface PeopleTable {
  id: Generated<string>;
  nik: string;
  full_name: string;
  birth_place: string | null;
  birth_date: DateOnly | null;
  sex: 'M' | 'F' | null;
  phone: string | null;
  email: string | null;
  status: Generated<'confirmed' | 'pending'>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  /** Highest education (optional), a level code (CHECK): SD, SMP, SMA (SMA/SMK), D1–D4, S1–S3. BNSP's candidate list asks for it. */
  education: EducationLevel | null;
}

export interface StaffPositionsTable {
  id: Generated<string>;
  person_id: string;
  cooperative_id: string;
  position: string;
  starts_on: DateOnly | null;
  ends_on: DateOnly | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  /** `position` normalized by the database (as `normalizePosition`): never written. */
  position_key: ColumnType<string, never, never>;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  password_hash: string | null;
  display_name: string;
  person_id: string | null;
  locale: Generated<Locale>;
  email_verified_at: Timestamp | null;
  is_active: Generated<boolean>;
  failed_sign_ins: Generated<number>;
  locked_until: Timestamp | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface UserRolesTable {
  id: Generated<string>;
  user_id: string;
  role: Role;
  institution_id: string | null;
  cooperative_id: string | null;
  registration_number: string | null;
  created_at: CreatedAt;
  /** The Dinas whose coordinator granted the role (null: signed up, or seeded). */
  granted_by_dinas_id: string | null;
}

export interface AuthSessionsTable {
  id: string;
  user_id: string;
  created_at: CreatedAt;
  last_seen_at: CreatedAt;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface ProgramsTable {
  id: Generated<string>;
  dinas_id: string;
  code: string;
  title: string;
  description: string | null;
  scheme_name: string | null;
  scheme_number: string | null;
  competency_standard: string | null;
  attendance_min_percent: Generated<number>;
  target_positions: ColumnType<string[], string[] | undefined, string[]>;
  competency_validity_months: Generated<number>;
  training_validity_months: number | null;
  certificate_number_pattern: Generated<string>;
  default_institute_id: string | null;
  default_certification_body_id: string | null;
  status: Generated<'active' | 'archived'>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  attendance_counts_excused: Generated<boolean>;
  late_grace_minutes: Generated<number>;
  check_in_opens_minutes: Generated<number>;
  attendance_correction_hours: Generated<number>;
}

export interface CompetencyUnitsTable {
  id: Generated<string>;
  program_id: string;
  position: number;
  code: string;
  title: string;
  created_at: CreatedAt;
}

export interface ProgramDaysTable {
  id: Generated<string>;
  program_id: string;
  day_number: number;
  kind: SessionKind;
  title: string;
  topics: string | null;
  /** 'HH:MM:SS' local time in the cohort's zone. */
  starts_at_time: Generated<string>;
  ends_at_time: Generated<string>;
}

export interface CohortsTable {
  id: Generated<string>;
  program_id: string;
  dinas_id: string;
  name: string;
  status: Generated<CohortStatus>;
  venue_name: string | null;
  venue_address: string | null;
  time_zone: Generated<TimeZone>;
  capacity: number;
  quota_per_cooperative: number | null;
  starts_on: DateOnly;
  ends_on: DateOnly;
  registration_opens_at: Timestamp | null;
  registration_closes_at: Timestamp | null;
  training_institute_id: string | null;
  certification_body_id: string | null;
  cancel_reason: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  /** Every registration waits for the coordinator's approval. */
  requires_approval: Generated<boolean>;
}

export interface CohortAssessorsTable {
  cohort_id: string;
  user_id: string;
}

export interface CohortSessionsTable {
  id: Generated<string>;
  cohort_id: string;
  position: number;
  kind: SessionKind;
  title: string;
  topics: string | null;
  starts_at: Timestamp;
  ends_at: Timestamp;
  venue_name: string | null;
}

export interface EnrollmentsTable {
  id: Generated<string>;
  cohort_id: string;
  person_id: string;
  cooperative_id: string | null;
  status: EnrollmentStatus;
  source: EnrollmentSource;
  requested_by_user_id: string | null;
  arrival_seq: ColumnType<number, never, never>;
  registered_at: CreatedAt;
  decided_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  reason: string | null;
}

export interface AttendanceTable {
  id: Generated<string>;
  enrollment_id: string;
  session_id: string;
  status: AttendanceStatus;
  note: string | null;
  recorded_by_user_id: string | null;
  recorded_at: CreatedAt;
  method: Generated<AttendanceMethod>;
  marked_at: CreatedAt;
}

/** Every attendance mark ever made; `id` is chosen by the client so a resend is recognised. */
export interface AttendanceMarksTable {
  id: string;
  session_id: string;
  enrollment_id: string;
  status: AttendanceStatus;
  note: string | null;
  method: AttendanceMethod;
  marked_at: Timestamp;
  received_at: CreatedAt;
  recorded_by_user_id: string | null;
  correction_reason: string | null;
}

export interface AssessmentsTable {
  id: Generated<string>;
  enrollment_id: string;
  assessor_user_id: string | null;
  status: Generated<'draft' | 'final'>;
  /** The outcome: 'did_not_attend' when the participant did not sit the exam (no unit results). */
  recommendation: AssessmentOutcome | null;
  assessed_on: DateOnly | null;
  notes: string | null;
  finalized_at: Timestamp | null;
  finalized_by_user_id: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  /** The assessor's registration number (Reg. MET…) as it was when the result was entered. */
  assessor_registration_number: string | null;
  /** Where the exam was held (TUK). */
  exam_venue: string | null;
  /** The reason of the last change after the cohort's results were finalized. */
  correction_reason: string | null;
  corrected_at: Timestamp | null;
}

/** A cohort whose results the certification admin finalized: locked from then on. */
export interface CohortResultFinalizationsTable {
  cohort_id: string;
  finalized_at: CreatedAt;
  finalized_by_user_id: string;
}

export interface AssessmentUnitResultsTable {
  id: Generated<string>;
  assessment_id: string;
  competency_unit_id: string;
  result: UnitResult;
}

export interface CertificatesTable {
  id: Generated<string>;
  kind: CertificateKind;
  enrollment_id: string;
  person_id: string;
  cooperative_id: string | null;
  number: string;
  verification_code: string;
  issued_at: CreatedAt;
  valid_until: DateOnly | null;
  status: Generated<CertificateStatus>;
  revoked_at: Timestamp | null;
  revoke_reason: string | null;
  superseded_by_id: string | null;
  snapshot: Json;
  template_version: string;
  issued_by_user_id: string | null;
  /** The result it was issued from has been corrected: issue it again. */
  needs_reissue: Generated<boolean>;
  reissue_reason: string | null;
  /** The number's running part and year (see `certificate_sequences`). */
  sequence: number | null;
  sequence_year: number | null;
  /** When the expiry reminder was queued (null: not yet). */
  reminded_at: Timestamp | null;
}

/** The last certificate number given per program and year: gapless numbering. */
export interface CertificateSequencesTable {
  program_id: string;
  year: number;
  last_seq: number;
}

/** A cohort's certificates being issued in the background, with its progress (one unfinished run per cohort). */
export interface CertificateIssueRunsTable {
  id: Generated<string>;
  cohort_id: string;
  started_by_user_id: string | null;
  /** The certificates missing when the run started, and how many of them are done. */
  total: Generated<number>;
  done: Generated<number>;
  training: Generated<number>;
  competency: Generated<number>;
  existing: Generated<number>;
  started_at: CreatedAt;
  /** Touched after every batch: a run whose heartbeat stopped was interrupted. */
  heartbeat_at: CreatedAt;
  finished_at: Timestamp | null;
  error: string | null;
}

export interface AuditLogTable {
  id: ColumnType<number, never, never>;
  occurred_at: CreatedAt;
  actor_user_id: string | null;
  dinas_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: Json | null;
  after: Json | null;
  ip: string | null;
}

export interface MailOutboxTable {
  id: Generated<string>;
  dinas_id: string | null;
  to_address: string;
  to_name: string | null;
  template: string;
  locale: Generated<Locale>;
  data: ColumnType<unknown, string | undefined, string>;
  attachments: ColumnType<unknown, string | undefined, string>;
  subject: string;
  html_body: Generated<string>;
  text_body: Generated<string>;
  status: Generated<MailStatus>;
  attempts: Generated<number>;
  next_attempt_at: CreatedAt;
  locked_until: Timestamp | null;
  last_error: string | null;
  message_id: string;
  created_at: CreatedAt;
  sent_at: Timestamp | null;
  claim_token: string | null;
}

export type ImportKind = 'registry' | 'roster';
export type ImportStatus = 'preview' | 'committing' | 'committed' | 'failed' | 'cancelled';

/** A parsed upload kept between preview and confirm (cooperatives area). */
export interface ImportBatchesTable {
  id: Generated<string>;
  dinas_id: string;
  cooperative_id: string | null;
  user_id: string;
  kind: ImportKind;
  file_name: string;
  file_format: 'csv' | 'xlsx';
  status: Generated<ImportStatus>;
  row_count: number;
  rows: ColumnType<unknown, string | undefined, string>;
  errors: ColumnType<unknown, string | undefined, string>;
  summary: ColumnType<unknown, string | undefined, string>;
  failure: string | null;
  created_at: CreatedAt;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  expires_at: Timestamp;
  /** Touched every few seconds by the worker committing the batch; stale means the worker is gone. */
  heartbeat_at: Timestamp | null;
}

export type AuthTokenKind = 'email_verification' | 'password_reset' | 'invitation';

/** A single-use e-mailed link; only the SHA-256 of the token is kept (accounts area). */
export interface AuthTokensTable {
  id: Generated<string>;
  kind: AuthTokenKind;
  token_hash: string;
  user_id: string | null;
  email: string;
  dinas_id: string | null;
  payload: ColumnType<unknown, string | undefined, string>;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_by: string | null;
  created_at: CreatedAt;
}

/** A fixed-window counter per key ("signin:ip:…"), shared by every app process. */
export interface RateLimitsTable {
  key: string;
  window_started_at: Timestamp;
  reset_at: Timestamp;
  hits: number;
}

export interface Database {
  institutions: InstitutionsTable;
  cooperatives: CooperativesTable;
  annual_meetings: AnnualMeetingsTable;
  people: PeopleTable;
  staff_positions: StaffPositionsTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  auth_sessions: AuthSessionsTable;
  programs: ProgramsTable;
  competency_units: CompetencyUnitsTable;
  program_days: ProgramDaysTable;
  cohorts: CohortsTable;
  cohort_assessors: CohortAssessorsTable;
  cohort_sessions: CohortSessionsTable;
  enrollments: EnrollmentsTable;
  attendance: AttendanceTable;
  attendance_marks: AttendanceMarksTable;
  assessments: AssessmentsTable;
  assessment_unit_results: AssessmentUnitResultsTable;
  cohort_result_finalizations: CohortResultFinalizationsTable;
  certificates: CertificatesTable;
  certificate_sequences: CertificateSequencesTable;
  certificate_issue_runs: CertificateIssueRunsTable;
  audit_log: AuditLogTable;
  mail_outbox: MailOutboxTable;
  import_batches: ImportBatchesTable;
  auth_tokens: AuthTokensTable;
  rate_limits: RateLimitsTable;
  dinas_partners: DinasPartnersTable;
  signatories: SignatoriesTable;
  dinas_users: DinasUsersTable;
}

/** Column names per table, for the schema test (kept in sync by the compiler). */
export const schemaColumns: { [T in keyof Database]: (keyof Database[T])[] } = {
  institutions: ['id', 'kind', 'name', 'short_name', 'license_number', 'regency_code', 'address', 'city', 'phone', 'email', 'time_zone', 'created_at', 'updated_at', 'letterhead', 'logo', 'logo_type'],
  cooperatives: ['id', 'dinas_id', 'name', 'slug', 'type', 'savings_loan_unit', 'cooperative_number', 'legal_entity_number', 'legal_entity_date', 'street', 'village', 'district', 'regency', 'postal_code', 'phone', 'email', 'status', 'created_at', 'updated_at'],
  annual_meetings: ['id', 'cooperative_id', 'fiscal_year', 'held_on', 'notes', 'created_at'],
  people: ['id', 'nik', 'full_name', 'birth_place', 'birth_date', 'sex', 'phone', 'email', 'status', 'created_at', 'updated_at', 'education'],
  staff_positions: ['id', 'person_id', 'cooperative_id', 'position', 'starts_on', 'ends_on', 'created_at', 'updated_at', 'position_key'],
  users: ['id', 'email', 'password_hash', 'display_name', 'person_id', 'locale', 'email_verified_at', 'is_active', 'failed_sign_ins', 'locked_until', 'created_at', 'updated_at'],
  user_roles: ['id', 'user_id', 'role', 'institution_id', 'cooperative_id', 'registration_number', 'created_at', 'granted_by_dinas_id'],
  auth_sessions: ['id', 'user_id', 'created_at', 'last_seen_at', 'expires_at', 'ip', 'user_agent'],
  programs: ['id', 'dinas_id', 'code', 'title', 'description', 'scheme_name', 'scheme_number', 'competency_standard', 'attendance_min_percent', 'target_positions', 'competency_validity_months', 'training_validity_months', 'certificate_number_pattern', 'default_institute_id', 'default_certification_body_id', 'status', 'created_at', 'updated_at', 'attendance_counts_excused', 'late_grace_minutes', 'check_in_opens_minutes', 'attendance_correction_hours'],
  competency_units: ['id', 'program_id', 'position', 'code', 'title', 'created_at'],
  program_days: ['id', 'program_id', 'day_number', 'kind', 'title', 'topics', 'starts_at_time', 'ends_at_time'],
  cohorts: ['id', 'program_id', 'dinas_id', 'name', 'status', 'venue_name', 'venue_address', 'time_zone', 'capacity', 'quota_per_cooperative', 'starts_on', 'ends_on', 'registration_opens_at', 'registration_closes_at', 'training_institute_id', 'certification_body_id', 'cancel_reason', 'created_at', 'updated_at', 'requires_approval'],
  cohort_assessors: ['cohort_id', 'user_id'],
  cohort_sessions: ['id', 'cohort_id', 'position', 'kind', 'title', 'topics', 'starts_at', 'ends_at', 'venue_name'],
  enrollments: ['id', 'cohort_id', 'person_id', 'cooperative_id', 'status', 'source', 'requested_by_user_id', 'arrival_seq', 'registered_at', 'decided_at', 'cancelled_at', 'reason'],
  attendance: ['id', 'enrollment_id', 'session_id', 'status', 'note', 'recorded_by_user_id', 'recorded_at', 'method', 'marked_at'],
  attendance_marks: ['id', 'session_id', 'enrollment_id', 'status', 'note', 'method', 'marked_at', 'received_at', 'recorded_by_user_id', 'correction_reason'],
  assessments: ['id', 'enrollment_id', 'assessor_user_id', 'status', 'recommendation', 'assessed_on', 'notes', 'finalized_at', 'finalized_by_user_id', 'created_at', 'updated_at', 'assessor_registration_number', 'exam_venue', 'correction_reason', 'corrected_at'],
  assessment_unit_results: ['id', 'assessment_id', 'competency_unit_id', 'result'],
  cohort_result_finalizations: ['cohort_id', 'finalized_at', 'finalized_by_user_id'],
  certificates: ['id', 'kind', 'enrollment_id', 'person_id', 'cooperative_id', 'number', 'verification_code', 'issued_at', 'valid_until', 'status', 'revoked_at', 'revoke_reason', 'superseded_by_id', 'snapshot', 'template_version', 'issued_by_user_id', 'needs_reissue', 'reissue_reason', 'sequence', 'sequence_year', 'reminded_at'],
  certificate_sequences: ['program_id', 'year', 'last_seq'],
  certificate_issue_runs: ['id', 'cohort_id', 'started_by_user_id', 'total', 'done', 'training', 'competency', 'existing', 'started_at', 'heartbeat_at', 'finished_at', 'error'],
  audit_log: ['id', 'occurred_at', 'actor_user_id', 'dinas_id', 'action', 'entity_type', 'entity_id', 'before', 'after', 'ip'],
  mail_outbox: ['id', 'dinas_id', 'to_address', 'to_name', 'template', 'locale', 'data', 'attachments', 'subject', 'html_body', 'text_body', 'status', 'attempts', 'next_attempt_at', 'locked_until', 'last_error', 'message_id', 'created_at', 'sent_at', 'claim_token'],
  import_batches: ['id', 'dinas_id', 'cooperative_id', 'user_id', 'kind', 'file_name', 'file_format', 'status', 'row_count', 'rows', 'errors', 'summary', 'failure', 'created_at', 'started_at', 'finished_at', 'expires_at', 'heartbeat_at'],
  auth_tokens: ['id', 'kind', 'token_hash', 'user_id', 'email', 'dinas_id', 'payload', 'expires_at', 'used_at', 'created_by', 'created_at'],
  rate_limits: ['key', 'window_started_at', 'reset_at', 'hits'],
  dinas_partners: ['dinas_id', 'partner_id', 'created_at'],
  signatories: ['id', 'institution_id', 'name', 'title', 'nip', 'signature_image', 'signature_type', 'position', 'is_active', 'created_at', 'updated_at'],
  dinas_users: ['dinas_id', 'user_id'],
};

export type Institution = Selectable<InstitutionsTable>;
export type Cooperative = Selectable<CooperativesTable>;
export type NewCooperative = Insertable<CooperativesTable>;
export type CooperativeUpdate = Updateable<CooperativesTable>;
export type Person = Selectable<PeopleTable>;
export type User = Selectable<UsersTable>;
export type Program = Selectable<ProgramsTable>;
export type Cohort = Selectable<CohortsTable>;
export type CohortSession = Selectable<CohortSessionsTable>;
export type Enrollment = Selectable<EnrollmentsTable>;
export type Certificate = Selectable<CertificatesTable>;
