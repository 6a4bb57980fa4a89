import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '~db/schema';
import { cleanPosition, normalizePosition } from './positions';

/**
 * "Has a certified holder of position X" — the one definition behind the registry's filter
 * and the coverage report:
 *
 * a cooperative has a certified holder of X when a person who CURRENTLY holds X there
 * (a staff position whose text, normalized as `normalizePosition` does, equals X
 * normalized; started — or no start — on or before today, not ended before today: the
 * pure rule `isCurrentPosition`) holds a VALID CERTIFICATE OF COMPETENCY: kind
 * `competency`, status `valid` (not revoked, not superseded), `valid_until` empty or on or
 * after today. "Today" is the date in the Dinas's zone. The certificate may come from any
 * program: it is the person's, wherever they hold the position now; a person who left the
 * position no longer counts for the cooperative.
 *
 * The database keeps each position normalized in `staff_positions.position_key` (migration
 * 2026_11_29_230: trim, runs of white space to one space, lower case — `normalizePosition`
 * in SQL); the position asked for is normalized here, in JavaScript.
 */

/**
 * The condition for the cooperative aliased `c`. Usable in `where` (negate it with `not`)
 * and in `count(*) filter (where …)`. Written as `c.id in (uncorrelated subquery)` rather
 * than a correlated EXISTS: PostgreSQL then finds the covered cooperatives once (through
 * the position-key index and the valid-competency index) and probes a hash per
 * cooperative, instead of one subquery per cooperative (test/bench/coverage.bench.ts).
 * `staff_positions.cooperative_id` is never null, so `not in` is safe.
 */
export function hasCertifiedHolder(position: string, today: string, dinasIds: readonly string[]): RawBuilder<boolean> {
  // Only the holders in the asking Dinas's cooperatives: at national scale the position is
  // held in every Dinas, and finding them all costs a second.
  return sql<boolean>`c.id in (
    select sp.cooperative_id from staff_positions sp
    where sp.position_key = ${normalizePosition(position)}
      and sp.cooperative_id in (select sc.id from cooperatives sc where sc.dinas_id in (${sql.join([...dinasIds])}))
      and (sp.starts_on is null or sp.starts_on <= ${today})
      and (sp.ends_on is null or sp.ends_on >= ${today})
      and exists (
        select 1 from certificates ct
        where ct.person_id = sp.person_id
          and ct.kind = 'competency'
          and ct.status = 'valid'
          and (ct.valid_until is null or ct.valid_until >= ${today})
      )
  )`;
}

/**
 * The two reads behind `positionChoices`, to run alone or inside a larger statement: the
 * target positions of the Dinas's active programs (oldest program first), and the
 * positions currently held in its cooperatives with how many hold each — grouped by the
 * text as typed (a cheap hash) and normalized by `positionsChosen`: spellings are few.
 */
export function positionReads(db: Kysely<Database>, dinasIds: readonly string[], today: string) {
  return {
    programs: db
      .selectFrom('programs')
      .select('target_positions as targetPositions')
      .where('dinas_id', 'in', [...dinasIds])
      .where('status', '=', 'active')
      .orderBy('created_at')
      .orderBy('id'),
    inUse: db
      .selectFrom('staff_positions as sp')
      .innerJoin('cooperatives as c', 'c.id', 'sp.cooperative_id')
      .select(['sp.position', sql<number>`count(*)::int`.as('n')])
      .where('c.dinas_id', 'in', [...dinasIds])
      .where((eb) => eb.or([eb('sp.starts_on', 'is', null), eb('sp.starts_on', '<=', today)]))
      .where((eb) => eb.or([eb('sp.ends_on', 'is', null), eb('sp.ends_on', '>=', today)]))
      .groupBy('sp.position'),
  };
}

/**
 * The positions a Dinas asks about, for a filter's choices and the coverage report: the
 * target positions of its active programs first (in their order), then every position
 * currently held in its cooperatives, by how many hold it; one entry per normalized
 * position (the first spelling seen is shown).
 */
export async function positionChoices(db: Kysely<Database>, dinasIds: readonly string[], today: string): Promise<{ targets: string[]; all: string[] }> {
  if (dinasIds.length === 0) return { targets: [], all: [] };
  const reads = positionReads(db, dinasIds, today);
  const [programs, inUse] = await Promise.all([reads.programs.execute(), reads.inUse.execute()]);
  return positionsChosen(programs, inUse);
}

/** `positionChoices` from the rows of `positionReads`. */
export function positionsChosen(
  programs: readonly { targetPositions: readonly string[] }[],
  inUse: readonly { position: string; n: number }[],
): { targets: string[]; all: string[] } {
  const seen = new Map<string, string>();
  for (const p of programs.flatMap((r) => r.targetPositions)) {
    const key = normalizePosition(p);
    if (key && !seen.has(key)) seen.set(key, cleanPosition(p));
  }
  const targets = [...seen.values()];
  const held = new Map<string, { position: string; n: number }>();
  for (const r of inUse) {
    const key = normalizePosition(r.position);
    const known = held.get(key);
    if (known) known.n += r.n;
    else held.set(key, { position: cleanPosition(r.position), n: r.n });
  }
  const byUse = [...held.entries()].sort((a, b) => b[1].n - a[1].n || a[0].localeCompare(b[0], 'id')).slice(0, 200);
  for (const [key, { position }] of byUse) if (key && !seen.has(key)) seen.set(key, position);
  return { targets, all: [...seen.values()] };
}
