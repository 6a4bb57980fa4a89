import type { Kysely } from 'kysely';
import type { CertificateKind, CooperativeStatus, CooperativeType, Database, TimeZone } from '~db/schema';
import { todayIn } from '~/lib/dates';
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

export async function getPublicRoster(db: Kysely<Database>, slug: string): Promise<PublicRoster | null> {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) return null;
  const cooperative = await db
    .selectFrom('cooperatives as c')
    .innerJoin('institutions as d', 'd.id', 'c.dinas_id')
    .select([
      'c.id', 'c.name', 'c.slug', 'c.type', 'c.savings_loan_unit as savingsLoanUnit', 'c.status', 'c.street', 'c.village',
      'c.district', 'c.regency', 'c.postal_code as postalCode', 'd.name as dinasName', 'd.time_zone as timeZone',
    ])
    .where('c.slug', '=', slug)
    .executeTakeFirst();
  if (!cooperative) return null;
  const today = todayIn(cooperative.timeZone);
  const positions = await db
    .selectFrom('staff_positions as sp')
    .innerJoin('people as p', 'p.id', 'sp.person_id')
    .select(['p.id as personId', 'p.full_name as fullName', 'sp.position'])
    .where('sp.cooperative_id', '=', cooperative.id)
    .where((eb) => eb.or([eb('sp.starts_on', 'is', null), eb('sp.starts_on', '<=', today)]))
    .where((eb) => eb.or([eb('sp.ends_on', 'is', null), eb('sp.ends_on', '>=', today)]))
    .execute();
  const personIds = [...new Set(positions.map((p) => p.personId))];
  const certificates = personIds.length
    ? await db
        .selectFrom('certificates')
        .select(['person_id as personId', 'kind', 'number', 'verification_code as verificationCode', 'valid_until as validUntil'])
        .where('person_id', 'in', personIds)
        .where('status', '=', 'valid')
        .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>=', today)]))
        .orderBy('issued_at', 'desc')
        .execute()
    : [];
  const byPerson = new Map<string, PublicCertificate[]>();
  for (const { personId, ...certificate } of certificates) {
    const list = byPerson.get(personId) ?? [];
    list.push(certificate);
    byPerson.set(personId, list);
  }
  const { id: _id, ...facts } = cooperative;
  return {
    ...facts,
    staff: positions
      .map((p) => ({ fullName: p.fullName, position: p.position, certificates: byPerson.get(p.personId) ?? [] }))
      .sort((a, b) => comparePositions({ position: a.position, name: a.fullName }, { position: b.position, name: b.fullName })),
  };
}
