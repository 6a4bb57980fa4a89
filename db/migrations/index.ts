import type { Migration, MigrationProvider } from 'kysely/migration';
import * as init from './2026_11_21_001_init';
import * as mailRendered from './2026_11_21_002_mail_rendered';
import * as mailDelivery from './2026_11_22_010_mail_delivery';
import * as accounts from './2026_11_22_020_accounts';
import * as cooperativesRegistry from './2026_11_22_030_cooperatives';
import * as cohortsRegistration from './2026_11_22_040_cohorts';
import * as tenancy from './2026_11_29_010_tenancy';
import * as importHeartbeat from './2026_11_29_050_import_heartbeat';
import * as attendance from './2026_11_29_060_attendance';
import * as ratYear from './2026_11_29_070_rat_year';
import * as assessments from './2026_11_29_080_assessments';
import * as personEducation from './2026_11_29_090_person_education';
import * as certificates from './2026_11_29_100_certificates';
import * as certificateReminders from './2026_11_29_110_certificate_reminders';
import * as personEducationLevels from './2026_11_29_200_person_education_levels';
import * as certificateIssueRuns from './2026_11_29_210_certificate_issue_runs';
import * as certifiedHolders from './2026_11_29_230_certified_holders';
import * as staffPositionsByCooperative from './2026_11_29_240_staff_positions_by_cooperative';
import * as certificatesValidUntil from './2026_11_29_245_certificates_valid_until';
import * as importBatchesLz4 from './2026_11_29_250_import_batches_lz4';
import * as rateLimitsUnlogged from './2026_11_29_251_rate_limits_unlogged';
import * as auditLogDinasCover from './2026_11_29_252_audit_log_dinas_cover';
import * as dinasUsers from './2026_11_30_010_dinas_users';

/**
 * Migrations are listed here, not found on disk, so they travel inside the server bundle.
 * Names sort in the order they apply; add new ones at the end, never edit one that has landed.
 */
export const migrations: Record<string, Migration> = {
  '2026_11_21_001_init': init,
  '2026_11_21_002_mail_rendered': mailRendered,
  '2026_11_22_010_mail_delivery': mailDelivery,
  '2026_11_22_020_accounts': accounts,
  '2026_11_22_030_cooperatives': cooperativesRegistry,
  '2026_11_22_040_cohorts': cohortsRegistration,
  '2026_11_29_010_tenancy': tenancy,
  '2026_11_29_050_import_heartbeat': importHeartbeat,
  '2026_11_29_060_attendance': attendance,
  '2026_11_29_070_rat_year': ratYear,
  '2026_11_29_080_assessments': assessments,
  '2026_11_29_090_person_education': personEducation,
  '2026_11_29_100_certificates': certificates,
  '2026_11_29_110_certificate_reminders': certificateReminders,
  '2026_11_29_200_person_education_levels': personEducationLevels,
  '2026_11_29_210_certificate_issue_runs': certificateIssueRuns,
  '2026_11_29_230_certified_holders': certifiedHolders,
  '2026_11_29_240_staff_positions_by_cooperative': staffPositionsByCooperative,
  '2026_11_29_245_certificates_valid_until': certificatesValidUntil,
  '2026_11_29_250_import_batches_lz4': importBatchesLz4,
  '2026_11_29_251_rate_limits_unlogged': rateLimitsUnlogged,
  '2026_11_29_252_audit_log_dinas_cover': auditLogDinasCover,
  '2026_11_30_010_dinas_users': dinasUsers,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
