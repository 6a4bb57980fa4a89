import { sql, type Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { normalizePosition } from '~/domain/cooperatives/positions';
import { peopleKnownToDinas } from '~/domain/cooperatives/people.server';
import { changedFields, pickFields, recordOfRow } from '~/domain/cooperatives/records';
import { isSameName, type ImportIssue, type RegistryRecord, type RosterRecord, type ValidRow } from './validate';

/**
 * What an import would do against the database as it is now: each valid row is a create,
 * an update or unchanged (upsert by cooperative number / NIK), and rows that clash with
 * the database become issues. Run at preview and again, inside the transaction, at commit.
 */

export type RowAction = 'create' | 'update' | 'unchanged';

export interface PlannedRegistryRow extends ValidRow<RegistryRecord> {
  action: RowAction;
  cooperativeId?: string;
  changed?: string[];
  before?: Record<string, unknown>;
}

export interface PlannedRosterRow extends ValidRow<RosterRecord> {
  action: RowAction;
  cooperativeId?: string;
  personId?: string;
  positionId?: string;
  changed?: string[];
  before?: Record<string, unknown>;
  /** The known person's education before the row changes it (set only when it does). */
  educationBefore?: string | null;
}

export interface Plan<R> {
  rows: R[];
  issues: ImportIssue[];
}

/** A list as one jsonb parameter: one placeholder whatever its length, the same on both databases. */
export const jsonParam = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

export async function planRegistry(db: Kysely<Database>, dinasId: string, rows: ValidRow<RegistryRecord>[]): Promise<Plan<PlannedRegistryRow>> {
  const numbers = rows.map((r) => r.values.cooperativeNumber);
  const existing = numbers.length
    ? await db
        .selectFrom('cooperatives')
        .selectAll()
        .where('cooperative_number', 'in', sql<string>`(select jsonb_array_elements_text(${jsonParam(numbers)}))`)
        .execute()
    : [];
  const byNumber = new Map(existing.map((c) => [c.cooperative_number!, c]));
  // The RATs already recorded for the years the file states: a new one (or a new date) is a change.
  const stated = rows.filter((r) => r.annualMeeting && byNumber.get(r.values.cooperativeNumber)?.dinas_id === dinasId);
  const meetings = stated.length
    ? await db
        .selectFrom('annual_meetings')
        .select(['cooperative_id', 'fiscal_year', 'held_on'])
        .where('cooperative_id', 'in', sql<string>`(select (jsonb_array_elements_text(${jsonParam([...new Set(stated.map((r) => byNumber.get(r.values.cooperativeNumber)!.id))])}))::uuid)`)
        .execute()
    : [];
  const meetingOf = new Map(meetings.map((m) => [`${m.cooperative_id}|${m.fiscal_year}`, m.held_on]));
  const planned: PlannedRegistryRow[] = [];
  const issues: ImportIssue[] = [];
  for (const row of rows) {
    const current = byNumber.get(row.values.cooperativeNumber);
    if (!current) {
      planned.push({ ...row, action: 'create' });
    } else if (current.dinas_id !== dinasId) {
      issues.push({ row: row.row, column: 'nomor_induk_koperasi', message: 'cooperatives:import.errors.numberOfOtherDinas', value: row.values.cooperativeNumber });
    } else {
      const before = recordOfRow(current);
      const values = { ...row.values };
      for (const field of (row.keep ?? []) as (keyof RegistryRecord)[]) (values as Record<string, unknown>)[field] = before[field];
      const fields = changedFields(before, values);
      const changed: string[] = ratChanges(row, meetingOf, current.id) ? [...fields, RAT_FIELD] : fields;
      planned.push({
        ...row,
        values,
        action: changed.length ? 'update' : 'unchanged',
        cooperativeId: current.id,
        ...(changed.length ? { changed, before: pickFields(before, fields) } : {}),
      });
    }
  }
  return { rows: planned, issues };
}

/** In a planned row's `changed`: the row records a RAT (a new fiscal year, or a new date) — not a field of the cooperative. */
export const RAT_FIELD = 'lastAnnualMeeting';

/**
 * Whether the row's RAT would be written: no meeting yet for its fiscal year, or a date that
 * differs from the recorded one. A year alone never overwrites a recorded meeting.
 */
function ratChanges(row: ValidRow<RegistryRecord>, meetingOf: Map<string, string | null>, cooperativeId: string): boolean {
  if (!row.annualMeeting) return false;
  const key = `${cooperativeId}|${row.annualMeeting.fiscalYear}`;
  if (!meetingOf.has(key)) return true;
  return row.annualMeeting.heldOn !== null && meetingOf.get(key) !== row.annualMeeting.heldOn;
}

export interface RosterScope {
  dinasId: string;
  /** A cooperative admin's import reaches only their own cooperative. */
  cooperativeId: string | null;
}

export async function planRoster(db: Kysely<Database>, scope: RosterScope, rows: ValidRow<RosterRecord>[]): Promise<Plan<PlannedRosterRow>> {
  const numbers = [...new Set(rows.map((r) => r.values.cooperativeNumber))];
  const niks = [...new Set(rows.map((r) => r.values.nik))];
  const [cooperatives, people] = await Promise.all([
    numbers.length
      ? db
          .selectFrom('cooperatives')
          .select(['id', 'cooperative_number', 'dinas_id'])
          .where('cooperative_number', 'in', sql<string>`(select jsonb_array_elements_text(${jsonParam(numbers)}))`)
          .execute()
      : [],
    niks.length
      ? db
          .selectFrom('people')
          .select(['id', 'nik', 'full_name', 'education'])
          .where('nik', 'in', sql<string>`(select jsonb_array_elements_text(${jsonParam(niks)}))`)
          .execute()
      : [],
  ]);
  const cooperativeOf = new Map(
    cooperatives
      .filter((c) => c.dinas_id === scope.dinasId && (!scope.cooperativeId || c.id === scope.cooperativeId))
      .map((c) => [c.cooperative_number!, c.id]),
  );
  // A person only another Dinas knows is not matched by name here (that would tell the name is
  // theirs): the row is refused as the roster form refuses, and they are added there with their birth date.
  const knownHere = await peopleKnownToDinas(db, people.map((p) => p.id), scope.dinasId);
  const personOf = new Map(people.map((p) => [p.nik, p]));
  const coopIds = [...new Set(cooperativeOf.values())];
  const personIds = people.map((p) => p.id);
  const positions =
    coopIds.length && personIds.length
      ? await db
          .selectFrom('staff_positions')
          .select(['id', 'person_id', 'cooperative_id', 'position', 'starts_on', 'ends_on'])
          .where('cooperative_id', 'in', sql<string>`(select (jsonb_array_elements_text(${jsonParam(coopIds)}))::uuid)`)
          .where('person_id', 'in', sql<string>`(select (jsonb_array_elements_text(${jsonParam(personIds)}))::uuid)`)
          .execute()
      : [];
  const positionsOf = new Map<string, typeof positions>();
  for (const p of positions) {
    const k = `${p.cooperative_id}|${p.person_id}|${normalizePosition(p.position)}`;
    positionsOf.set(k, [...(positionsOf.get(k) ?? []), p]);
  }

  const planned: PlannedRosterRow[] = [];
  const issues: ImportIssue[] = [];
  const matched = new Set<string>();
  const educationPlanned = new Set<string>();
  // Rows whose start date matches an existing position claim it first.
  const ordered = [...rows].sort((a, b) => Number(b.values.startsOn !== null) - Number(a.values.startsOn !== null));
  for (const stored of ordered) {
    // Only what the file said: a batch's stored rows also carry the preview's plan, made again here.
    const row: ValidRow<RosterRecord> = { row: stored.row, values: stored.values, ...(stored.keep ? { keep: stored.keep } : {}) };
    const v = row.values;
    const cooperativeId = cooperativeOf.get(v.cooperativeNumber);
    if (!cooperativeId) {
      issues.push({
        row: row.row,
        column: 'nomor_induk_koperasi',
        message: scope.cooperativeId ? 'cooperatives:import.errors.notYourCooperative' : 'cooperatives:import.errors.unknownCooperative',
        value: v.cooperativeNumber,
      });
      continue;
    }
    const person = personOf.get(v.nik);
    if (person && !knownHere.has(person.id)) {
      issues.push({ row: row.row, column: 'nik', message: 'cooperatives:import.errors.nikNotAddable', value: v.nik });
      continue;
    }
    if (person && !isSameName(person.full_name, v.fullName)) {
      issues.push({ row: row.row, column: 'nama_lengkap', message: 'cooperatives:import.errors.nameMismatch', value: v.fullName });
      continue;
    }
    if (!person) {
      planned.push({ ...row, action: 'create', cooperativeId });
      continue;
    }
    // The person's education: a change is planned once per person (its first row), whatever positions follow.
    let educationChange: { educationBefore?: string | null } = {};
    // A batch previewed before files could carry education has none: kept.
    if (!row.keep?.includes('education') && v.education !== undefined && person.education !== v.education && !educationPlanned.has(person.id)) {
      educationPlanned.add(person.id);
      educationChange = { educationBefore: person.education };
    }
    const candidates = (positionsOf.get(`${cooperativeId}|${person.id}|${normalizePosition(v.position)}`) ?? []).filter((p) => !matched.has(p.id));
    const match =
      candidates.find((p) => p.starts_on === v.startsOn) ??
      candidates.find((p) => p.ends_on === null) ??
      [...candidates].sort((a, b) => (b.starts_on ?? '').localeCompare(a.starts_on ?? ''))[0];
    if (!match) {
      planned.push({ ...row, action: 'create', cooperativeId, personId: person.id, ...educationChange });
      continue;
    }
    matched.add(match.id);
    const values = { ...v };
    if (row.keep?.includes('startsOn')) values.startsOn = match.starts_on;
    if (row.keep?.includes('endsOn')) values.endsOn = match.ends_on;
    const changed = [
      match.position !== values.position ? 'position' : null,
      match.starts_on !== values.startsOn ? 'startsOn' : null,
      match.ends_on !== values.endsOn ? 'endsOn' : null,
      'educationBefore' in educationChange ? 'education' : null,
    ].filter((f): f is string => f !== null);
    planned.push({
      ...row,
      values,
      action: changed.length ? 'update' : 'unchanged',
      cooperativeId,
      personId: person.id,
      positionId: match.id,
      ...(changed.length ? { changed, before: { position: match.position, startsOn: match.starts_on, endsOn: match.ends_on } } : {}),
      ...educationChange,
    });
  }
  planned.sort((a, b) => a.row - b.row);
  return { rows: planned, issues };
}
