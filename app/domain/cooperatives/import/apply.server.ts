import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Database } from '~db/schema';
import type { Actor } from '~/lib/permissions';
import { recordAudit, type AuditEntry } from '~/domain/audit/record.server';
import { columnsOfRecord, pickFields, type CooperativeRecord } from '~/domain/cooperatives/records';
import { slugCandidates } from '~/domain/cooperatives/slug';
import { jsonParam, RAT_FIELD, type PlannedRegistryRow, type PlannedRosterRow } from './plan.server';

/**
 * Writes a planned import in bulk inside the caller's transaction: rows travel as one
 * jsonb parameter per chunk (jsonb_to_recordset), so ten thousand rows are a few dozen
 * statements. Each created or updated row gets its audit entry.
 * New cooperatives get their ids here, so a chunk's audit entries need not read them back.
 */

const CHUNK = 1000;

export type Progress = (processed: number) => void;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** An audit entry of an imported row, under the batch's Dinas; no "before" for a row the import created. */
function auditOf(actor: Actor, dinasId: string, entry: { action: string; entityType: string; entityId: string; before: unknown; after: unknown }): AuditEntry {
  const { before, ...rest } = entry;
  return { ...rest, actor, dinasId, ...(before === null ? {} : { before }) };
}

const recordColumns = sql`cooperative_number text, name text, type text, savings_loan_unit text, legal_entity_number text,
  legal_entity_date date, street text, village text, district text, regency text, postal_code text, phone text, email text, status text`;


export async function applyRegistry(
  trx: Transaction<Database>,
  actor: Actor,
  dinasId: string,
  rows: PlannedRegistryRow[],
  progress: Progress,
): Promise<void> {
  const creates = rows.filter((r) => r.action === 'create');
  // Updates of the cooperative's facts; a row whose only change is its RAT is written below with the RATs.
  const updates = rows.filter((r) => r.action === 'update' && (r.changed ?? []).some((f) => f !== RAT_FIELD));
  let processed = rows.length - creates.length - updates.length;
  progress(processed);
  const audit = (action: string, entityId: string, before: unknown, after: unknown) =>
    auditOf(actor, dinasId, { action, entityType: 'cooperative', entityId, before, after });

  // Slugs: the first free candidate, checked against the table and this import at once.
  const candidates = creates.flatMap((r) => slugCandidates(r.values.name, r.values.cooperativeNumber));
  const taken = new Set<string>();
  for (const chunk of chunks(candidates, 5000)) {
    const found = await trx
      .selectFrom('cooperatives')
      .select('slug')
      .where('slug', 'in', sql<string>`(select jsonb_array_elements_text(${jsonParam(chunk)}))`)
      .execute();
    for (const f of found) taken.add(f.slug);
  }
  const slugOf = new Map<string, string>();
  for (const r of creates) {
    const options = slugCandidates(r.values.name, r.values.cooperativeNumber);
    const slug = options.find((o) => !taken.has(o)) ?? `${options[2]}-${r.row}`;
    taken.add(slug);
    slugOf.set(r.values.cooperativeNumber, slug);
  }

  for (const chunk of chunks(creates)) {
    const payload = chunk.map((r) => ({ id: randomUUID(), ...columnsOfRecord(r.values), slug: slugOf.get(r.values.cooperativeNumber)! }));
    await sql`
      insert into cooperatives (id, dinas_id, slug, cooperative_number, name, type, savings_loan_unit, legal_entity_number,
        legal_entity_date, street, village, district, regency, postal_code, phone, email, status)
      select v.id, ${dinasId}::uuid, v.slug, v.cooperative_number, v.name, v.type, v.savings_loan_unit, v.legal_entity_number,
        v.legal_entity_date, v.street, v.village, v.district, v.regency, v.postal_code, v.phone, v.email, v.status
      from jsonb_to_recordset(${jsonParam(payload)}) as v(id uuid, slug text, ${recordColumns})`.execute(trx);
    await recordAudit(
      trx,
      chunk.map((r, i) => audit('cooperative.imported', payload[i]!.id, null, { ...r.values, slug: payload[i]!.slug })),
    );
    processed += chunk.length;
    progress(processed);
  }

  for (const chunk of chunks(updates)) {
    const payload = chunk.map((r) => ({ id: r.cooperativeId, ...columnsOfRecord(r.values) }));
    await sql`
      update cooperatives c set
        name = v.name, type = v.type, savings_loan_unit = v.savings_loan_unit, legal_entity_number = v.legal_entity_number,
        legal_entity_date = v.legal_entity_date, street = v.street, village = v.village, district = v.district,
        regency = v.regency, postal_code = v.postal_code, phone = v.phone, email = v.email, status = v.status,
        updated_at = now()
      from jsonb_to_recordset(${jsonParam(payload)}) as v(id uuid, ${recordColumns})
      where c.id = v.id and c.dinas_id = ${dinasId}::uuid`.execute(trx);
    await recordAudit(
      trx,
      chunk.map((r) => {
        const fields = (r.changed ?? []).filter((f) => f !== RAT_FIELD) as (keyof CooperativeRecord)[];
        return audit('cooperative.updated', r.cooperativeId!, r.before ?? null, pickFields(r.values, fields));
      }),
    );
    processed += chunk.length;
    progress(processed);
  }

  await applyAnnualMeetings(trx, actor, dinasId, rows);
}

/**
 * The last RAT each row states, recorded as the RAT form records it (one meeting per fiscal
 * year), audited. With its date: a new meeting, or the recorded date corrected. By its fiscal
 * year alone: a meeting whose day is unknown (held_on empty), only where none is recorded for
 * that year — a year never overwrites a recorded date.
 */
async function applyAnnualMeetings(trx: Transaction<Database>, actor: Actor, dinasId: string, rows: PlannedRegistryRow[]) {
  const stated = rows.filter((r) => r.annualMeeting);
  for (const chunk of chunks(stated)) {
    const payload = chunk.map((r) => ({ cooperative_number: r.values.cooperativeNumber, fiscal_year: r.annualMeeting!.fiscalYear, held_on: r.annualMeeting!.heldOn }));
    const { rows: written } = await sql<{ cooperative_id: string; fiscal_year: number; held_on: string | null; existed: boolean; before: string | null }>`
      with v as (
        select c.id as cooperative_id, v.fiscal_year, v.held_on
        from jsonb_to_recordset(${jsonParam(payload)}) as v(cooperative_number text, fiscal_year integer, held_on date)
        join cooperatives c on c.cooperative_number = v.cooperative_number and c.dinas_id = ${dinasId}::uuid
      ), old as (
        select m.cooperative_id, m.fiscal_year, m.held_on from annual_meetings m join v using (cooperative_id, fiscal_year)
      )
      insert into annual_meetings (cooperative_id, fiscal_year, held_on)
      select cooperative_id, fiscal_year, held_on from v
      on conflict (cooperative_id, fiscal_year) do update set held_on = excluded.held_on
        where excluded.held_on is not null and annual_meetings.held_on is distinct from excluded.held_on
      returning cooperative_id, fiscal_year, to_char(held_on, 'YYYY-MM-DD') as held_on,
        exists (select 1 from old o where o.cooperative_id = annual_meetings.cooperative_id and o.fiscal_year = annual_meetings.fiscal_year) as existed,
        (select to_char(o.held_on, 'YYYY-MM-DD') from old o where o.cooperative_id = annual_meetings.cooperative_id and o.fiscal_year = annual_meetings.fiscal_year) as before`.execute(trx);
    await recordAudit(
      trx,
      written.map((m) =>
        auditOf(actor, dinasId, {
          action: 'annual_meeting.recorded',
          entityType: 'cooperative',
          entityId: m.cooperative_id,
          before: m.existed ? { fiscalYear: m.fiscal_year, heldOn: m.before } : null,
          after: { fiscalYear: m.fiscal_year, heldOn: m.held_on, source: 'import' },
        }),
      ),
    );
  }
}

export async function applyRoster(
  trx: Transaction<Database>,
  actor: Actor,
  dinasId: string,
  rows: PlannedRosterRow[],
  progress: Progress,
): Promise<{ peopleCreated: number }> {
  const creates = rows.filter((r) => r.action === 'create');
  const updates = rows.filter((r) => r.action === 'update');
  let processed = rows.length - creates.length - updates.length;
  progress(processed);
  const audit = (action: string, entityType: string, entityId: string, before: unknown, after: unknown) =>
    auditOf(actor, dinasId, { action, entityType, entityId, before, after });

  // New people first (one per NIK, however many positions they hold in the file).
  const newPeople = new Map<string, { fullName: string; education: string | null }>();
  for (const r of creates) if (!r.personId && !newPeople.has(r.values.nik)) newPeople.set(r.values.nik, { fullName: r.values.fullName, education: r.values.education });
  const personIdOf = new Map<string, string>();
  for (const chunk of chunks([...newPeople.entries()])) {
    const payload = chunk.map(([nik, p]) => ({ nik, full_name: p.fullName, education: p.education }));
    const { rows: inserted } = await sql<{ id: string; nik: string; full_name: string; education: string | null }>`
      insert into people (nik, full_name, education)
      select v.nik, v.full_name, v.education from jsonb_to_recordset(${jsonParam(payload)}) as v(nik text, full_name text, education text)
      returning id, nik, full_name, education`.execute(trx);
    for (const p of inserted) personIdOf.set(p.nik, p.id);
    await recordAudit(
      trx,
      inserted.map((p) => audit('person.created', 'person', p.id, null, { fullName: p.full_name, ...(p.education ? { education: p.education } : {}), source: 'import' })),
    );
  }

  // Known people whose education the file changes (once each: the plan marks their first row).
  const educationChanges = rows.filter((r) => r.personId && r.educationBefore !== undefined);
  for (const chunk of chunks(educationChanges)) {
    const payload = chunk.map((r) => ({ id: r.personId, education: r.values.education }));
    await sql`
      update people p set education = v.education, updated_at = now()
      from jsonb_to_recordset(${jsonParam(payload)}) as v(id uuid, education text)
      where p.id = v.id`.execute(trx);
    await recordAudit(
      trx,
      chunk.map((r) =>
        audit('person.updated', 'person', r.personId!, { fullName: r.values.fullName, education: r.educationBefore }, {
          fullName: r.values.fullName, education: r.values.education, source: 'import',
        }),
      ),
    );
  }

  for (const chunk of chunks(creates)) {
    const payload = chunk.map((r) => ({
      person_id: r.personId ?? personIdOf.get(r.values.nik),
      cooperative_id: r.cooperativeId,
      position: r.values.position,
      starts_on: r.values.startsOn,
      ends_on: r.values.endsOn,
    }));
    const nameOf = new Map(chunk.map((r) => [r.values.nik, r.values.fullName]));
    const nikOfPerson = new Map(payload.map((p, i) => [p.person_id, chunk[i]!.values.nik]));
    const { rows: inserted } = await sql<{ id: string; person_id: string; cooperative_id: string; position: string; starts_on: string | null; ends_on: string | null }>`
      insert into staff_positions (person_id, cooperative_id, position, starts_on, ends_on)
      select v.person_id, v.cooperative_id, v.position, v.starts_on, v.ends_on
      from jsonb_to_recordset(${jsonParam(payload)}) as v(person_id uuid, cooperative_id uuid, position text, starts_on date, ends_on date)
      returning id, person_id, cooperative_id, position, starts_on, ends_on`.execute(trx);
    await recordAudit(
      trx,
      inserted.map((p) =>
        audit('staff_position.imported', 'cooperative', p.cooperative_id, null, {
          fullName: nameOf.get(nikOfPerson.get(p.person_id) ?? '') ?? null, position: p.position, startsOn: p.starts_on, endsOn: p.ends_on,
        }),
      ),
    );
    processed += chunk.length;
    progress(processed);
  }

  for (const chunk of chunks(updates)) {
    const positionUpdates = chunk.filter((r) => r.changed?.some((f) => f !== 'education'));
    processed += chunk.length;
    if (positionUpdates.length === 0) {
      progress(processed);
      continue;
    }
    const payload = positionUpdates.map((r) => ({ id: r.positionId, position: r.values.position, starts_on: r.values.startsOn, ends_on: r.values.endsOn }));
    await sql`
      update staff_positions sp set position = v.position, starts_on = v.starts_on, ends_on = v.ends_on, updated_at = now()
      from jsonb_to_recordset(${jsonParam(payload)}) as v(id uuid, position text, starts_on date, ends_on date)
      where sp.id = v.id`.execute(trx);
    await recordAudit(
      trx,
      positionUpdates.map((r) =>
        audit('staff_position.updated', 'cooperative', r.cooperativeId!, { fullName: r.values.fullName, ...r.before }, {
          fullName: r.values.fullName, position: r.values.position, startsOn: r.values.startsOn, endsOn: r.values.endsOn,
        }),
      ),
    );
    progress(processed);
  }
  return { peopleCreated: newPeople.size };
}
