import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import type { RosterPosition } from './eligibility';

/** The roster positions of people, with the Dinas supervising each cooperative. */
export async function positionsOf(db: Kysely<Database>, personIds: readonly string[]): Promise<Map<string, RosterPosition[]>> {
  const byPerson = new Map<string, RosterPosition[]>();
  if (personIds.length === 0) return byPerson;
  const rows = await db
    .selectFrom('staff_positions as sp')
    .innerJoin('cooperatives as c', 'c.id', 'sp.cooperative_id')
    .select(['sp.person_id', 'sp.cooperative_id', 'c.dinas_id', 'sp.position', 'sp.starts_on', 'sp.ends_on'])
    .where('sp.person_id', 'in', [...personIds])
    .orderBy('sp.created_at')
    .execute();
  for (const row of rows) {
    const list = byPerson.get(row.person_id) ?? [];
    list.push({ cooperativeId: row.cooperative_id, dinasId: row.dinas_id, position: row.position, startsOn: row.starts_on, endsOn: row.ends_on });
    byPerson.set(row.person_id, list);
  }
  return byPerson;
}
