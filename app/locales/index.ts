import enAccounts from './en/accounts.json';
import enCommon from './en/common.json';
import idAccounts from './id/accounts.json';
import idCommon from './id/common.json';

/**
 * Every translation, by language and namespace (one namespace per area of the app).
 * Indonesian is the source language; English must have the same keys
 * (test/unit/locales.test.ts checks). Zod messages in schemas are keys of these files.
 */
export const resources = {
  id: { common: idCommon, accounts: idAccounts },
  en: { common: enCommon, accounts: enAccounts },
} as const;

export const namespaces = Object.keys(resources.id) as (keyof (typeof resources)['id'])[];
