import { sql, type Kysely } from 'kysely';

/**
 * A person's education becomes one of the levels the forms and imports offer (SD … S3, SMA
 * standing for SMA/SMK), stored as that code. Free text written before (nothing entered it yet)
 * is kept when it plainly names a level and cleared otherwise.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    update people set education = case
      when upper(regexp_replace(education, '[^A-Za-z0-9]', '', 'g')) in ('SD', 'SMP', 'SMA', 'D1', 'D2', 'D3', 'D4', 'S1', 'S2', 'S3')
        then upper(regexp_replace(education, '[^A-Za-z0-9]', '', 'g'))
      when upper(regexp_replace(education, '[^A-Za-z0-9]', '', 'g')) in ('SMK', 'SMASMK', 'SLTA', 'SMU') then 'SMA'
      when upper(regexp_replace(education, '[^A-Za-z0-9]', '', 'g')) in ('SLTP', 'MTS') then 'SMP'
      else null
    end
    where education is not null`.execute(db);
  await sql`alter table people add constraint people_education_level
    check (education in ('SD', 'SMP', 'SMA', 'D1', 'D2', 'D3', 'D4', 'S1', 'S2', 'S3'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table people drop constraint people_education_level`.execute(db);
}
