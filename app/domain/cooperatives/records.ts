import type { Cooperative, CooperativeStatus, CooperativeType } from '~db/schema';
import type { CooperativeValues } from './schemas';

/**
 * A cooperative's registry facts in the area's own words (camelCase), as the form, the
 * import and the export see them; and the mapping to and from the table. Pure.
 */
export interface CooperativeRecord {
  cooperativeNumber: string;
  name: string;
  type: CooperativeType;
  savingsLoanUnit: 'USP' | 'UPPS' | null;
  legalEntityNumber: string | null;
  legalEntityDate: string | null;
  street: string | null;
  village: string | null;
  district: string | null;
  regency: string | null;
  postalCode: string | null;
  phone: string | null;
  email: string | null;
  status: CooperativeStatus;
}

export const RECORD_FIELDS = [
  'cooperativeNumber', 'name', 'type', 'savingsLoanUnit', 'legalEntityNumber', 'legalEntityDate', 'street',
  'village', 'district', 'regency', 'postalCode', 'phone', 'email', 'status',
] as const satisfies readonly (keyof CooperativeRecord)[];

export function recordOfRow(row: Pick<Cooperative, 'cooperative_number' | 'name' | 'type' | 'savings_loan_unit' | 'legal_entity_number' | 'legal_entity_date' | 'street' | 'village' | 'district' | 'regency' | 'postal_code' | 'phone' | 'email' | 'status'>): CooperativeRecord {
  return {
    cooperativeNumber: row.cooperative_number ?? '',
    name: row.name,
    type: row.type,
    savingsLoanUnit: row.savings_loan_unit,
    legalEntityNumber: row.legal_entity_number,
    legalEntityDate: row.legal_entity_date,
    street: row.street,
    village: row.village,
    district: row.district,
    regency: row.regency,
    postalCode: row.postal_code,
    phone: row.phone,
    email: row.email,
    status: row.status,
  };
}

export function recordOfValues(v: CooperativeValues): CooperativeRecord {
  return {
    cooperativeNumber: v.cooperativeNumber,
    name: v.name,
    type: v.type,
    savingsLoanUnit: v.savingsLoanUnit ?? null,
    legalEntityNumber: v.legalEntityNumber ?? null,
    legalEntityDate: v.legalEntityDate ?? null,
    street: v.street ?? null,
    village: v.village ?? null,
    district: v.district ?? null,
    regency: v.regency ?? null,
    postalCode: v.postalCode ?? null,
    phone: v.phone ?? null,
    email: v.email ? v.email.toLowerCase() : null,
    status: v.status,
  };
}

/** The table's columns for a record (for insert and update). */
export function columnsOfRecord(r: CooperativeRecord) {
  return {
    cooperative_number: r.cooperativeNumber,
    name: r.name,
    type: r.type,
    savings_loan_unit: r.savingsLoanUnit,
    legal_entity_number: r.legalEntityNumber,
    legal_entity_date: r.legalEntityDate,
    street: r.street,
    village: r.village,
    district: r.district,
    regency: r.regency,
    postal_code: r.postalCode,
    phone: r.phone,
    email: r.email,
    status: r.status,
  };
}

/** The fields whose values differ. */
export function changedFields(before: CooperativeRecord, after: CooperativeRecord): (keyof CooperativeRecord)[] {
  return RECORD_FIELDS.filter((f) => (before[f] ?? null) !== (after[f] ?? null));
}

/** Only the given fields of a record (for the audit log's before/after). */
export function pickFields(record: CooperativeRecord, fields: readonly (keyof CooperativeRecord)[]): Partial<CooperativeRecord> {
  return Object.fromEntries(fields.map((f) => [f, record[f]]));
}
