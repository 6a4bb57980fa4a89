import { z } from 'zod';
import { COOPERATIVE_TYPES, type CooperativeStatus, type CooperativeType } from '~db/schema';
import { COOPERATIVE_STATUSES } from './schemas';

export interface RegistryFilters {
  q?: string;
  type?: CooperativeType;
  status?: CooperativeStatus;
  /** Only cooperatives without a RAT recorded for last fiscal year. */
  noRatLastYear?: boolean;
  /**
   * A staff position (free text, compared normalized): only cooperatives that have
   * (`certifiedHas` true) or have not (false) a certified holder of it — see
   * `hasCertifiedHolder` in certified-holders.server.ts for the definition.
   */
  certified?: string;
  certifiedHas?: boolean;
}

/** The registry list's filters from the query string; anything unknown is ignored. Pure. */
const FiltersSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  type: z.enum(COOPERATIVE_TYPES).optional().catch(undefined),
  status: z.enum(COOPERATIVE_STATUSES).optional().catch(undefined),
  noRat: z.literal('1').optional().catch(undefined),
  certified: z.string().trim().max(120).optional().catch(undefined),
  certifiedHas: z.enum(['0', '1']).optional().catch(undefined),
});

export function parseRegistryFilters(searchParams: URLSearchParams): RegistryFilters {
  const parsed = FiltersSchema.parse({
    q: searchParams.get('q') || undefined,
    type: searchParams.get('type') || undefined,
    status: searchParams.get('status') || undefined,
    noRat: searchParams.get('noRat') || undefined,
    certified: searchParams.get('certified') || undefined,
    certifiedHas: searchParams.get('certifiedHas') || undefined,
  });
  const certified = parsed.certified || undefined;
  return {
    q: parsed.q || undefined,
    type: parsed.type,
    status: parsed.status,
    noRatLastYear: parsed.noRat === '1',
    // "has" unless the link says "has not" (0); meaningless without a position.
    ...(certified ? { certified, certifiedHas: parsed.certifiedHas !== '0' } : {}),
  };
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
