import { sql, type Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { CertificateKind, CooperativeStatus, CooperativeType, Database, TimeZone } from '~db/schema';
import { compiledOnce } from '~/lib/compiled-query.server';
import { comparePositions } from './positions';

/**
 * What anyone may see of a cooperative: its name, type, address and current staff with
 * their valid certificates. Built from an explicit list of columns so that no personal
 * data (NIK, birth date, phone, e-mail) can reach the public page.
 */

export interface PublicCertificate {
  kind: CertificateKind;
  number: string;
  verificationCode: string;
  validUntil: string | null;
}

export interface PublicStaffMember {
  fullName: string;
  position: string;
  certificates: PublicCertificate[];
}

export interface PublicRoster {
  name: string;
  slug: string;
  type: CooperativeType;
  savingsLoanUnit: 'USP' | 'UPPS' | null;
  status: CooperativeStatus;
  street: string | null;
  village: string | null;
  district: string | null;
  regency: string | null;
  postalCode: string | null;
  dinasName: string;
  /** The Dinas's zone: "current" staff and "valid" certificates are judged on today's date in it. */
  timeZone: TimeZone;
  staff: PublicStaffMember[];
}

/**
 * One statement: the cooperative, its current staff and their valid certificates, nested
 * as JSON. "Current" and "valid" are judged on today's date in the Dinas's zone, computed
 * by PostgreSQL from the same zone name. (A round trip to the database is the largest cost
 * of this public page; it used to take three.)
 */
export async function getPublicRoster(db: Kysely<Database>, slug: string): Promise<PublicRoster | null> {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) return null;
  const [row] = await rosterBySlug(db, slug);
  if (!row) return null;
  return {
    ...row,
    staff: [...row.staff].sort((a, b) => comparePositions({ position: a.position, name: a.fullName }, { position: b.position, name: b.fullName })),
  };
}

/** Compiled once: building this nested statement anew was 9% of the page's CPU. */
const rosterBySlug = compiledOnce((db: Kysely<Database>, slug: string) => {
  const today = sql<string>`(now() at time zone d.time_zone)::date`;
  return db
    .selectFrom('cooperatives as c')
    .innerJoin('institutions as d', 'd.id', 'c.dinas_id')
    .select((eb) => [
      'c.name', 'c.slug', 'c.type', 'c.savings_loan_unit as savingsLoanUnit', 'c.status', 'c.street', 'c.village',
      'c.district', 'c.regency', 'c.postal_code as postalCode', 'd.name as dinasName', 'd.time_zone as timeZone',
      jsonArrayFrom(
        eb
          .selectFrom('staff_positions as sp')
          .innerJoin('people as p', 'p.id', 'sp.person_id')
          .select((inner) => [
            'p.full_name as fullName',
            'sp.position',
            jsonArrayFrom(
              inner
                .selectFrom('certificates as x')
                .select(['x.kind', 'x.number', 'x.verification_code as verificationCode', 'x.valid_until as validUntil'])
                .whereRef('x.person_id', '=', 'p.id')
                .where('x.status', '=', 'valid')
                .where((v) => v.or([v('x.valid_until', 'is', null), v('x.valid_until', '>=', today)]))
                .orderBy('x.issued_at', 'desc'),
            ).as('certificates'),
          ])
          .whereRef('sp.cooperative_id', '=', 'c.id')
          .where((w) => w.or([w('sp.starts_on', 'is', null), w('sp.starts_on', '<=', today)]))
          .where((w) => w.or([w('sp.ends_on', 'is', null), w('sp.ends_on', '>=', today)])),
      ).as('staff'),
    ])
    .where('c.slug', '=', slug);
});
