import enAttendance from '~/locales/en/attendance.json';
import enCertificates from '~/locales/en/certificates.json';
import idCertificates from '~/locales/id/certificates.json';
import enDashboard from '~/locales/en/dashboard.json';
import idDashboard from '~/locales/id/dashboard.json';
import idAttendance from '~/locales/id/attendance.json';
import enCheckin from '~/locales/en/checkin.json';
import idCheckin from '~/locales/id/checkin.json';
import enDocuments from '~/locales/en/documents.json';
import idDocuments from '~/locales/id/documents.json';
import enEligibility from '~/locales/en/eligibility.json';
import idEligibility from '~/locales/id/eligibility.json';
import enAssessment from '~/locales/en/assessment.json';
import idAssessment from '~/locales/id/assessment.json';
import enAccounts from '~/locales/en/accounts.json';
import enAudit from '~/locales/en/audit.json';
import enCohorts from '~/locales/en/cohorts.json';
import enCommon from '~/locales/en/common.json';
import enCooperatives from '~/locales/en/cooperatives.json';
import enMail from '~/locales/en/mail.json';
import enOrganizations from '~/locales/en/organizations.json';
import enPrograms from '~/locales/en/programs.json';
import idAccounts from '~/locales/id/accounts.json';
import idAudit from '~/locales/id/audit.json';
import idCohorts from '~/locales/id/cohorts.json';
import idCommon from '~/locales/id/common.json';
import idCooperatives from '~/locales/id/cooperatives.json';
import idMail from '~/locales/id/mail.json';
import idOrganizations from '~/locales/id/organizations.json';
import idPrograms from '~/locales/id/programs.json';
import enCoverage from '~/locales/en/coverage.json';
import idCoverage from '~/locales/id/coverage.json';

/**
 * Every translation, by language and namespace (one namespace per area of the app).
 * Indonesian is the source language; English must have the same keys
 * (test/unit/locales.test.ts checks). Zod messages in schemas are keys of these files.
 */
export const resources = {
  id: { common: idCommon, accounts: idAccounts, mail: idMail, audit: idAudit, programs: idPrograms, cohorts: idCohorts, cooperatives: idCooperatives, organizations: idOrganizations, attendance: idAttendance, checkin: idCheckin, documents: idDocuments, eligibility: idEligibility, assessment: idAssessment, certificates: idCertificates, coverage: idCoverage, dashboard: idDashboard },
  en: { common: enCommon, accounts: enAccounts, mail: enMail, audit: enAudit, programs: enPrograms, cohorts: enCohorts, cooperatives: enCooperatives, organizations: enOrganizations, attendance: enAttendance, checkin: enCheckin, documents: enDocuments, eligibility: enEligibility, assessment: enAssessment, certificates: enCertificates, coverage: enCoverage, dashboard: enDashboard },
} as const;

export const namespaces = Object.keys(resources.id) as (keyof (typeof resources)['id'])[];
