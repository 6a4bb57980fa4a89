import { sql, type Kysely } from 'kysely';
import type { Database } from '~db/schema';

/**
 * Makes the institutes and LSPs that a Dinas's cohorts and programs use its partners, as
 * the tenancy migration did for existing data (the demo seed may predate its partner rows).
 * Idempotent.
 */
export async function partnerUsedInstitutions(db: Kysely<Database>): Promise<void> {
  await sql`insert into dinas_partners (dinas_id, partner_id)
    select dinas_id, training_institute_id from cohorts where training_institute_id is not null
    union select dinas_id, certification_body_id from cohorts where certification_body_id is not null
    union select dinas_id, default_institute_id from programs where default_institute_id is not null
    union select dinas_id, default_certification_body_id from programs where default_certification_body_id is not null
    on conflict do nothing`.execute(db);
}

/** Declares an institute or LSP a partner of a Dinas (for tests that make their own). */
export async function makePartner(db: Kysely<Database>, dinasId: string, partnerId: string): Promise<void> {
  await db.insertInto('dinas_partners').values({ dinas_id: dinasId, partner_id: partnerId }).onConflict((oc) => oc.doNothing()).execute();
}
