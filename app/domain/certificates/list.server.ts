import { sql, type Kysely } from 'kysely';
import type { CertificateKind, CertificateStatus, Database, TimeZone } from '~db/schema';
import { institutionsFor, requirePermission, type Actor } from '~/lib/permissions';
import { pageOf, type ListParams, type Page } from '~/lib/list-params';

/**
 * The coordinator's list of their Dinas's certificates (every cohort, every kind): search
 * by holder, number or cooperative, filter by kind and status, sorted and paged on the
 * server. Another Dinas's certificates are never in it.
 */
export const CERTIFICATE_SORTS = ['issued', 'number', 'holder', 'cooperative'] as const;
export type CertificateSort = (typeof CERTIFICATE_SORTS)[number];

export const CERTIFICATE_KINDS: readonly CertificateKind[] = ['competency', 'training'];
export const CERTIFICATE_STATUSES: readonly CertificateStatus[] = ['valid', 'revoked', 'superseded'];

export interface CertificateListItem {
  id: string;
  number: string;
  code: string;
  kind: CertificateKind;
  status: CertificateStatus;
  holder: string;
  cooperative: string | null;
  cohort: string;
  issuedAt: Date;
  timeZone: TimeZone;
  validUntil: string | null;
  needsReissue: boolean;
}

export interface CertificateFilters {
  q?: string;
  kind?: CertificateKind | null;
  status?: CertificateStatus | null;
}

export async function listCertificates(
  db: Kysely<Database>,
  actor: Actor | null,
  params: ListParams<CertificateSort> & CertificateFilters,
): Promise<Page<CertificateListItem> & { choices: { kinds: CertificateKind[]; statuses: CertificateStatus[] } }> {
  const dinasIds = institutionsFor(actor, 'coordinator');
  requirePermission(actor, 'certificate:manage', { dinasId: dinasIds[0] ?? null });
  const base = db
    .selectFrom('certificates as x')
    .innerJoin('enrollments as e', 'e.id', 'x.enrollment_id')
    .innerJoin('cohorts as c', 'c.id', 'e.cohort_id')
    .innerJoin('people as p', 'p.id', 'x.person_id')
    .leftJoin('cooperatives as k', 'k.id', 'x.cooperative_id')
    .where('c.dinas_id', 'in', dinasIds);
  const present = await base.select(['x.kind', 'x.status']).distinct().execute();
  const choices = {
    kinds: CERTIFICATE_KINDS.filter((kind) => present.some((r) => r.kind === kind)),
    statuses: CERTIFICATE_STATUSES.filter((status) => present.some((r) => r.status === status)),
  };
  let query = base;
  if (params.q) {
    const like = `%${params.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('p.full_name', 'ilike', like), eb('x.number', 'ilike', like), eb('k.name', 'ilike', like), eb('k.cooperative_number', 'ilike', like)]));
  }
  if (params.kind) query = query.where('x.kind', '=', params.kind);
  if (params.status) query = query.where('x.status', '=', params.status);
  const total = await query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  const order = { issued: sql`x.issued_at`, number: sql`x.number`, holder: sql`p.full_name`, cooperative: sql`k.name` }[params.sort];
  const rows = await query
    .select([
      'x.id', 'x.number', 'x.verification_code as code', 'x.kind', 'x.status', 'p.full_name as holder', 'k.name as cooperative',
      'c.name as cohort', 'c.time_zone as timeZone', 'x.issued_at as issuedAt', 'x.valid_until as validUntil', 'x.needs_reissue as needsReissue',
    ])
    .orderBy(sql`${order} ${sql.raw(params.dir)} nulls last`)
    .orderBy('x.number')
    .limit(params.pageSize)
    .offset(params.offset)
    .execute();
  return { ...pageOf(rows, total.n, params), choices };
}
