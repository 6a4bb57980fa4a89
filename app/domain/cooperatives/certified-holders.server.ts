import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '~db/schema';
import { normalizePosition } from './positions';

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
 * The SQL mirrors `normalizePosition` (trim, runs of white space to one space, lower
 * case) and is the expression of the index of migration 2026_11_29_230, which must stay
 * identical. Both sides are compared normalized, the parameter in JavaScript.
 */

/** `normalizePosition` in SQL, over a column. */
export function normalizedPositionSql(column: string): RawBuilder<string> {
  return sql<string>`lower(regexp_replace(btrim(${sql.ref(column)}), '\\s+', ' ', 'g'))`;
}

/**
 * The EXISTS condition for the cooperative aliased `c` (correlated on `c.id`). Usable in
 * `where` (negate it with `not`) and in `count(*) filter (where …)`.
 */
export function hasCertifiedHolder(position: string, today: string): RawBuilder<boolean> {
  return sql<boolean>`exists (
    select 1 from staff_positions sp
    where sp.cooperative_id = c.id
      and ${normalizedPositionSql('sp.position')} = ${normalizePosition(position)}
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
 * The positions a Dinas asks about, for a filter's choices and the coverage report: the
 * target positions of its active programs first (in their order), then every position
 * currently held in its cooperatives, by how many hold it; one entry per normalized
 * position (the first spelling seen is shown).
 */
export async function positionChoices(db: Kysely<Database>, dinasIds: readonly string[], today: string): Promise<{ targets: string[]; all: string[] }> {
  if (dinasIds.length === 0) return { targets: [], all: [] };
  const [programs, inUse] = await Promise.all([
    db
      .selectFrom('programs')
      .select('target_positions as targetPositions')
      .where('dinas_id', 'in', dinasIds)
      .where('status', '=', 'active')
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('staff_positions as sp')
      .innerJoin('cooperatives as c', 'c.id', 'sp.cooperative_id')
      .select([normalizedPositionSql('sp.position').as('key'), sql<string>`min(btrim(sp.position))`.as('position'), sql<number>`count(*)::int`.as('n')])
      .where('c.dinas_id', 'in', [...dinasIds])
      .where((eb) => eb.or([eb('sp.starts_on', 'is', null), eb('sp.starts_on', '<=', today)]))
      .where((eb) => eb.or([eb('sp.ends_on', 'is', null), eb('sp.ends_on', '>=', today)]))
      .groupBy(sql`1`)
      .orderBy(sql`3`, 'desc')
      .orderBy(sql`1`)
      .limit(200)
      .execute(),
  ]);
  const seen = new Map<string, string>();
  for (const p of programs.flatMap((r) => r.targetPositions)) {
    const key = normalizePosition(p);
    if (key && !seen.has(key)) seen.set(key, p.trim().replace(/\s+/g, ' '));
  }
  const targets = [...seen.values()];
  for (const r of inUse) if (r.key && !seen.has(r.key)) seen.set(r.key, r.position);
  return { targets, all: [...seen.values()] };
}
