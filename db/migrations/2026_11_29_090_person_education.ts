import { sql, type Kysely } from 'kysely';

/**
 * A person's highest education ("SMA", "D3", "S1 Akuntansi"), as BNSP's candidate list asks
 * for it. Optional free text: nobody enters it yet, so the BNSP export shows it empty until
 * a form or an import fills it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table people add column education text`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table people drop column education`.execute(db);
}
