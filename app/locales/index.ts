import enAccounts from './en/accounts.json';
import enAudit from './en/audit.json';
import enCohorts from './en/cohorts.json';
import enCommon from './en/common.json';
import enCooperatives from './en/cooperatives.json';
import enMail from './en/mail.json';
import enPrograms from './en/programs.json';
import idAccounts from './id/accounts.json';
import idAudit from './id/audit.json';
import idCohorts from './id/cohorts.json';
import idCommon from './id/common.json';
import idCooperatives from './id/cooperatives.json';
import idMail from './id/mail.json';
import idPrograms from './id/programs.json';

/**
 * Every translation, by language and namespace (one namespace per area of the app).
 * Indonesian is the source language; English must have the same keys
 * (test/unit/locales.test.ts checks). Zod messages in schemas are keys of these files.
 */
export const resources = {
  id: { common: idCommon, accounts: idAccounts, mail: idMail, audit: idAudit, programs: idPrograms, cohorts: idCohorts, cooperatives: idCooperatives },
  en: { common: enCommon, accounts: enAccounts, mail: enMail, audit: enAudit, programs: enPrograms, cohorts: enCohorts, cooperatives: enCooperatives },
} as const;

export const namespaces = Object.keys(resources.id) as (keyof (typeof resources)['id'])[];
