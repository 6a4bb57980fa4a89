import { z } from 'zod';
import { COOPERATIVE_TYPES, type CooperativeStatus, type CooperativeType } from '~db/schema';
import { COOPERATIVE_STATUSES } from './schemas';

export interface RegistryFilters {
  q?: string;
  type?: CooperativeType;
  status?: CooperativeStatus;
  /** Only cooperatives without a RAT recorded for last fiscal year. */
  noRatLastYear?: boolean;
}

/** The registry list's filters from the query string; anything unknown is ignored. Pure. */
const FiltersSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  type: z.enum(COOPERATIVE_TYPES).optional().catch(undefined),
  status: z.enum(COOPERATIVE_STATUSES).optional().catch(undefined),
  noRat: z.literal('1').optional().catch(undefined),
});

export function parseRegistryFilters(searchParams: URLSearchParams): RegistryFilters {
  const parsed = FiltersSchema.parse({
    q: searchParams.get('q') || undefined,
    type: searchParams.get('type') || undefined,
    status: searchParams.get('status') || undefined,
    noRat: searchParams.get('noRat') || undefined,
  });
  return { q: parsed.q || undefined, type: parsed.type, status: parsed.status, noRatLastYear: parsed.noRat === '1' };
}

/** Words of a search, each to be found somewhere in name, number, kelurahan or kecamatan. */
export function searchTerms(q: string | undefined): string[] {
  return (q ?? '')
    .toLowerCase()
    .split(/\s+/)
    .map((t) => t.trim())
    .filter(Boolean)
    .slice(0, 6);
}
