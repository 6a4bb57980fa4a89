import { sql, type Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { RateLimitedError } from '~/lib/errors';
import type { Actor } from '~/lib/permissions';
import { enforceRateLimits } from '~/domain/accounts/rate-limit.server';
import { isSameName } from './import/validate';

/**
 * People are national: one NIK, one person, who moves between cooperatives and regions.
 * A Dinas knows a person once they hold or held a position in one of its cooperatives.
 * Of anyone else a roster form reveals nothing: the NIK behaves as an unknown one until
 * the admin proves they know the person (the full name and the birth date on the KTP).
 */

/** The people (of these ids) who hold or held a position in a cooperative of this Dinas. */
export async function peopleKnownToDinas(db: Kysely<Database>, personIds: string[], dinasId: string): Promise<Set<string>> {
  if (personIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('staff_positions as sp')
    .innerJoin('cooperatives as c', 'c.id', 'sp.cooperative_id')
    .select('sp.person_id')
    .distinct()
    // One jsonb parameter however many people (an import asks about thousands at once).
    .where('sp.person_id', 'in', sql<string>`(select (jsonb_array_elements_text(${JSON.stringify(personIds)}::jsonb))::uuid)`)
    .where('c.dinas_id', '=', dinasId)
    .execute();
  return new Set(rows.map((r) => r.person_id));
}

export async function isKnownToDinas(db: Kysely<Database>, personId: string, dinasId: string): Promise<boolean> {
  return (await peopleKnownToDinas(db, [personId], dinasId)).has(personId);
}

/**
 * Proof that the one adding a person of another Dinas knows them: the name as on the KTP
 * (whatever the case and spacing) and the birth date. A person without a recorded birth
 * date can't be proven, so is never linked this way.
 */
export function provesKnowledge(person: { full_name: string; birth_date: string | null }, typed: { fullName?: string; birthDate?: string }): boolean {
  if (!typed.fullName || !typed.birthDate || !person.birth_date) return false;
  return isSameName(person.full_name, typed.fullName) && person.birth_date === typed.birthDate;
}

/** The Dinas of the cooperative a person was in last (current positions first, then the latest start). */
export async function latestDinasOf(db: Kysely<Database>, personId: string): Promise<{ dinasId: string; cooperativeId: string } | null> {
  const row = await db
    .selectFrom('staff_positions as sp')
    .innerJoin('cooperatives as c', 'c.id', 'sp.cooperative_id')
    .select(['c.dinas_id as dinasId', 'c.id as cooperativeId'])
    .where('sp.person_id', '=', personId)
    .orderBy('sp.ends_on', (ob) => ob.desc().nullsFirst())
    .orderBy('sp.starts_on', (ob) => ob.desc().nullsLast())
    .orderBy('sp.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Counts one NIK typed on a roster form (a look-up or an add) against the user's and the
 * address's limit; call it outside the operation's transaction, so a refused add counts too.
 */
export async function limitNikLookups(db: Kysely<Database>, actor: Actor): Promise<void> {
  if (actor.automated) return;
  try {
    await enforceRateLimits(db, 'nikLookup', { ip: actor.ip, account: actor.userId });
  } catch (error) {
    if (error instanceof RateLimitedError) throw new RateLimitedError('cooperatives:errors.tooManyLookups', error.retryAfterSeconds);
    throw error;
  }
}
