import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, EducationLevel, TimeZone } from '~db/schema';
import { addDays, todayIn } from '~/lib/dates';
import { ConflictError, NotFoundError, RateLimitedError, ValidationError } from '~/lib/errors';
import { isUuid } from '~/lib/ids';
import { can, requirePermission, type Actor } from '~/lib/permissions';
import { fieldErrorsOf, parseOrThrow } from '~/lib/validation';
import { checkNik, maskNik } from '~/domain/accounts/nik';
import { recordAudit } from '~/domain/audit/record.server';
import { requireCooperative, seesFullNik } from './access.server';
import { isKnownToDinas, latestDinasOf, limitNikLookups, provesKnowledge } from './people.server';
import { cleanPosition, comparePositions, isCurrentPosition, normalizePosition, POSITION_SUGGESTIONS } from './positions';
import {
  AddStaffSchema,
  EditPositionSchema,
  EndPositionSchema,
  NikSchema,
  type AddStaffInput,
  type EditPositionInput,
  type EndPositionInput,
} from './schemas';

/**
 * A cooperative's roster: people and their positions over time. Positions are ended,
 * never deleted, so a person who moves keeps their history. The Dinas coordinator and the
 * cooperative's own admin edit it; every change is audited under the cooperative.
 */

export interface RosterEntry {
  positionId: string;
  personId: string;
  fullName: string;
  /** Masked unless the reader is the coordinator or the person. */
  nik: string;
  position: string;
  startsOn: string | null;
  endsOn: string | null;
  /** The person's valid certificates that expire within 90 days (or have no later one), soonest first. */
  expiring: { number: string; validUntil: string }[];
}

/** How far ahead an expiring certificate is flagged (the reminder job's window too). */
const EXPIRY_FLAG_DAYS = 90;

export interface Roster {
  cooperative: { id: string; name: string; slug: string; dinasId: string; timeZone: TimeZone };
  canManage: boolean;
  current: RosterEntry[];
  past: RosterEntry[];
}

/** Current and past positions on today's date in the Dinas's zone. */
export async function getRoster(db: Kysely<Database>, actor: Actor | null, cooperativeId: string): Promise<Roster> {
  const ref = await requireCooperative(db, actor, cooperativeId, 'cooperative:read');
  const today = todayIn(ref.timeZone);
  const rows = await db
    .selectFrom('staff_positions as sp')
    .innerJoin('people as p', 'p.id', 'sp.person_id')
    .select([
      'sp.id as positionId', 'p.id as personId', 'p.full_name as fullName', 'p.nik', 'sp.position',
      'sp.starts_on as startsOn', 'sp.ends_on as endsOn',
    ])
    .where('sp.cooperative_id', '=', ref.id)
    .execute();
  const expiring = rows.length
    ? await db
        .selectFrom('certificates')
        .select(['person_id as personId', 'number', 'valid_until as validUntil'])
        .where('person_id', 'in', [...new Set(rows.map((r) => r.personId))])
        .where('status', '=', 'valid')
        .where('valid_until', '>=', today)
        .where('valid_until', '<=', addDays(today, EXPIRY_FLAG_DAYS))
        .orderBy('valid_until')
        .execute()
    : [];
  const entries = rows.map((r) => ({
    ...r,
    nik: seesFullNik(actor, { dinasId: ref.dinasId, personId: r.personId }) ? r.nik : maskNik(r.nik),
    expiring: expiring.filter((x) => x.personId === r.personId).map((x) => ({ number: x.number, validUntil: String(x.validUntil) })),
  }));
  const byRoster = (a: RosterEntry, b: RosterEntry) => comparePositions({ position: a.position, name: a.fullName }, { position: b.position, name: b.fullName });
  return {
    cooperative: { id: ref.id, name: ref.name, slug: ref.slug, dinasId: ref.dinasId, timeZone: ref.timeZone },
    canManage: can(actor, 'roster:manage', { dinasId: ref.dinasId, cooperativeId: ref.id }),
    current: entries.filter((e) => isCurrentPosition(e, today)).sort(byRoster),
    past: entries
      .filter((e) => !isCurrentPosition(e, today))
      .sort((a, b) => (b.endsOn ?? b.startsOn ?? '').localeCompare(a.endsOn ?? a.startsOn ?? '') || byRoster(a, b)),
  };
}

/** The roster page: the roster and, for those who may add to it, the position suggestions. */
export async function getRosterPage(db: Kysely<Database>, actor: Actor | null, cooperativeId: string) {
  const roster = await getRoster(db, actor, cooperativeId);
  return { ...roster, suggestions: roster.canManage ? await positionSuggestions(db, roster.cooperative.dinasId) : [] };
}

/** Usual positions first, then what this Dinas's cooperatives already use. */
export async function positionSuggestions(db: Kysely<Database>, dinasId: string): Promise<string[]> {
  const used = await db
    .selectFrom('staff_positions as sp')
    .innerJoin('cooperatives as c', 'c.id', 'sp.cooperative_id')
    .select(['sp.position', sql<number>`count(*)::int`.as('n')])
    .where('c.dinas_id', '=', dinasId)
    .groupBy('sp.position')
    .orderBy('n', 'desc')
    .limit(40)
    .execute();
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of [...POSITION_SUGGESTIONS, ...used.map((u) => u.position)]) {
    const k = normalizePosition(p);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(p);
    }
  }
  return out;
}

export interface KnownPerson {
  personId: string;
  fullName: string;
  nik: string;
  /** Current positions in the cooperatives of the actor's Dinas (another Dinas's are not shown). */
  currentPositions: {
    positionId: string;
    cooperativeId: string;
    cooperativeName: string;
    position: string;
    startsOn: string | null;
    /** The actor may end it (a move). */
    canEnd: boolean;
  }[];
}

/**
 * The person with this NIK, offered instead of creating a duplicate; null when unknown —
 * and null too when only another Dinas knows them (no position, current or past, in a
 * cooperative of this one): the form then asks for the name and birth date, as for a new
 * person, and reveals nothing. Counted against the user's NIK look-up limit.
 */
export async function findPersonByNik(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { cooperativeId: string; nik: string },
): Promise<KnownPerson | null> {
  const ref = await requireCooperative(db, actor, input.cooperativeId, 'roster:manage');
  const today = todayIn(ref.timeZone);
  const nik = NikSchema.safeParse(input.nik);
  if (!nik.success) throw new ValidationError({ nik: fieldErrorsOf(nik.error)[''] ?? ['cooperatives:errors.nik.format'] });
  await limitNikLookups(db, actor!);
  const person = await db.selectFrom('people').select(['id', 'full_name', 'nik']).where('nik', '=', nik.data).executeTakeFirst();
  if (!person || !(await isKnownToDinas(db, person.id, ref.dinasId))) return null;
  const positions = await db
    .selectFrom('staff_positions as sp')
    .innerJoin('cooperatives as c', 'c.id', 'sp.cooperative_id')
    .select([
      'sp.id as positionId', 'c.id as cooperativeId', 'c.name as cooperativeName', 'c.dinas_id as dinasId',
      'sp.position', 'sp.starts_on as startsOn', 'sp.ends_on as endsOn',
    ])
    .where('sp.person_id', '=', person.id)
    .where('c.dinas_id', '=', ref.dinasId)
    .execute();
  return {
    personId: person.id,
    fullName: person.full_name,
    nik: seesFullNik(actor, { dinasId: ref.dinasId, personId: person.id }) ? person.nik : maskNik(person.nik),
    currentPositions: positions
      .filter((p) => isCurrentPosition(p, today))
      .map((p) => ({
        positionId: p.positionId,
        cooperativeId: p.cooperativeId,
        cooperativeName: p.cooperativeName,
        position: p.position,
        startsOn: p.startsOn,
        canEnd: can(actor, 'roster:manage', { dinasId: p.dinasId, cooperativeId: p.cooperativeId }),
      })),
  };
}

/** The answer of the roster form's NIK step: the known person, or what is wrong with the NIK (or that too many were looked up). */
export interface NikLookup {
  nik: string;
  known: KnownPerson | null;
  error: string[] | null;
  /** Set when the user has looked up too many NIKs: the answer is 429 with Retry-After. */
  retryAfterSeconds?: number;
}

export async function lookUpNik(db: Kysely<Database>, actor: Actor | null, input: { cooperativeId: string; nik: string }): Promise<NikLookup> {
  const parsed = NikSchema.safeParse(input.nik);
  if (!parsed.success) {
    await requireCooperative(db, actor, input.cooperativeId, 'roster:manage');
    return { nik: input.nik, known: null, error: parsed.error.issues.map((i) => i.message) };
  }
  try {
    return { nik: parsed.data, known: await findPersonByNik(db, actor, { cooperativeId: input.cooperativeId, nik: parsed.data }), error: null };
  } catch (error) {
    if (error instanceof RateLimitedError) return { nik: parsed.data, known: null, error: [error.message], retryAfterSeconds: error.retryAfterSeconds };
    throw error;
  }
}

/** The one refusal of a NIK with a name and birth date that don't fit: it never tells whether the NIK is known. */
const NOT_ADDABLE = 'cooperatives:errors.nikNotAddable';

/**
 * Puts a person on the roster: the known person when the NIK is one the Dinas knows (their
 * name is not changed here), a new person otherwise (name and birth date, which must be
 * the NIK's). A person only another Dinas knows is linked when the name and birth date
 * typed are theirs — audited in both Dinas; otherwise the answer is the same refusal as for
 * a new person's birth date that doesn't fit the NIK, and nothing is written. Positions named
 * in endPositionIds (the person's current ones, here or elsewhere) end the day before the
 * new one starts: a move.
 */
export async function addStaffPosition(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { cooperativeId: string; values: AddStaffInput },
): Promise<{ positionId: string; personId: string; fullName: string; createdPerson: boolean; linkedFromOtherDinas: boolean }> {
  await requireCooperative(db, actor, input.cooperativeId, 'roster:manage');
  await limitNikLookups(db, actor!);
  return db.transaction().execute(async (trx) => {
    const ref = await requireCooperative(trx, actor, input.cooperativeId, 'roster:manage');
    const v = parseOrThrow(AddStaffSchema, input.values);
    const today = todayIn(ref.timeZone);
    const position = cleanPosition(v.position);
    const startsOn = v.startsOn ?? today;
    const audit = { actor, entityType: 'cooperative', entityId: ref.id, dinasId: ref.dinasId } as const;

    const found = await trx.selectFrom('people').select(['id', 'full_name', 'birth_date']).where('nik', '=', v.nik).executeTakeFirst();
    const known = found && (await isKnownToDinas(trx, found.id, ref.dinasId)) ? found : null;
    let person: { id: string; full_name: string };
    let createdPerson = false;
    let linkedFromOtherDinas = false;
    if (!known) {
      // New to this Dinas: a new person, or one of another Dinas the admin proves to know.
      const missing: Record<string, string[]> = {};
      if (!v.fullName) missing.fullName = ['cooperatives:errors.fullNameRequired'];
      if (!v.birthDate) missing.birthDate = ['cooperatives:errors.birthDateRequired'];
      if (Object.keys(missing).length) throw new ValidationError(missing);
      if (found) {
        if (!provesKnowledge(found, v)) throw new ConflictError(NOT_ADDABLE);
        person = found;
        linkedFromOtherDinas = true;
        const latest = await latestDinasOf(trx, found.id);
        const dinasName = (await trx.selectFrom('institutions').select('name').where('id', '=', ref.dinasId).executeTakeFirstOrThrow()).name;
        const linked = { actor, action: 'person.linked', entityType: 'person', entityId: found.id } as const;
        await recordAudit(trx, [
          { ...linked, dinasId: ref.dinasId, after: { fullName: found.full_name, cooperativeId: ref.id, cooperative: ref.name } },
          ...(latest && latest.dinasId !== ref.dinasId
            ? [{ ...linked, dinasId: latest.dinasId, after: { fullName: found.full_name, cooperativeId: latest.cooperativeId, addedTo: ref.name, addedByDinas: dinasName } }]
            : []),
        ]);
      } else {
        const nik = checkNik(v.nik, v.birthDate!);
        if (!nik.ok) throw new ConflictError(NOT_ADDABLE);
        person = await trx
          .insertInto('people')
          .values({ nik: v.nik, full_name: v.fullName!.replace(/\s+/g, ' '), birth_date: v.birthDate!, sex: nik.sex, education: v.education ?? null })
          .returning(['id', 'full_name'])
          .executeTakeFirstOrThrow();
        createdPerson = true;
        await recordAudit(trx, {
          ...audit,
          action: 'person.created',
          entityType: 'person',
          entityId: person.id,
          after: { fullName: person.full_name, cooperativeId: ref.id, ...(v.education ? { education: v.education } : {}) },
        });
      }
    } else {
      person = known;
      const held = await trx
        .selectFrom('staff_positions')
        .select(['id', 'position', 'starts_on as startsOn', 'ends_on as endsOn'])
        .where('person_id', '=', person.id)
        .where('cooperative_id', '=', ref.id)
        .execute();
      const holdsAlready = held.some(
        (h) => isCurrentPosition(h, today) && normalizePosition(h.position) === normalizePosition(position) && !v.endPositionIds.includes(h.id),
      );
      if (holdsAlready) {
        throw new ValidationError({ position: ['cooperatives:errors.alreadyHolds'] });
      }
    }

    if (!createdPerson && v.education) await setEducation(trx, actor, { personId: person.id, dinasId: ref.dinasId, education: v.education });

    for (const oldId of v.endPositionIds) {
      const old = await trx
        .selectFrom('staff_positions as sp')
        .innerJoin('cooperatives as c', 'c.id', 'sp.cooperative_id')
        .select(['sp.id', 'sp.person_id', 'sp.position', 'sp.starts_on', 'sp.ends_on', 'c.id as cooperativeId', 'c.dinas_id as dinasId', 'c.name as cooperativeName'])
        .where('sp.id', '=', oldId)
        .executeTakeFirst();
      if (!old || old.person_id !== person.id) throw new NotFoundError('common:error.notFoundBody');
      // Another organization's position is not found; one the actor reaches but may not end is forbidden.
      requirePermission(actor, 'roster:manage', { dinasId: old.dinasId, cooperativeId: old.cooperativeId });
      const endsOn = addDays(startsOn, -1);
      if (old.starts_on && endsOn < old.starts_on) throw new ValidationError({ startsOn: ['cooperatives:errors.moveBeforeOldStart'] });
      if (old.ends_on && old.ends_on <= endsOn) continue;
      await trx.updateTable('staff_positions').set({ ends_on: endsOn, updated_at: new Date() }).where('id', '=', old.id).execute();
      await recordAudit(trx, {
        ...audit,
        action: 'staff_position.ended',
        entityId: old.cooperativeId,
        dinasId: old.dinasId,
        before: { fullName: person.full_name, position: old.position, endsOn: old.ends_on },
        after: { fullName: person.full_name, position: old.position, endsOn, movedTo: ref.name },
      });
    }

    const created = await trx
      .insertInto('staff_positions')
      .values({ person_id: person.id, cooperative_id: ref.id, position, starts_on: startsOn, ends_on: v.endsOn ?? null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      ...audit,
      action: 'staff_position.created',
      after: { fullName: person.full_name, position, startsOn, endsOn: v.endsOn ?? null },
    });
    return { positionId: created.id, personId: person.id, fullName: person.full_name, createdPerson, linkedFromOtherDinas };
  });
}

/** The position in this cooperative, once the actor may manage its roster (works on the handle or inside a transaction). */
async function requirePosition(db: Kysely<Database>, actor: Actor | null, cooperativeId: string, positionId: string) {
  const ref = await requireCooperative(db, actor, cooperativeId, 'roster:manage');
  if (!isUuid(positionId)) throw new NotFoundError('common:error.notFoundBody');
  const row = await db
    .selectFrom('staff_positions as sp')
    .innerJoin('people as p', 'p.id', 'sp.person_id')
    .select([
      'sp.id', 'sp.person_id as personId', 'p.full_name as fullName', 'p.nik', 'p.education', 'sp.position', 'sp.starts_on as startsOn', 'sp.ends_on as endsOn',
    ])
    .where('sp.id', '=', positionId)
    .where('sp.cooperative_id', '=', ref.id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('common:error.notFoundBody');
  return { ref, row };
}

/** A position as its edit page shows it, with today's date in the Dinas's zone (the end form's default). */
export async function getStaffPosition(db: Kysely<Database>, actor: Actor | null, input: { cooperativeId: string; positionId: string }) {
  const { ref, row } = await requirePosition(db, actor, input.cooperativeId, input.positionId);
  return {
    today: todayIn(ref.timeZone),
    cooperative: { id: ref.id, name: ref.name, dinasId: ref.dinasId },
    positionId: row.id,
    personId: row.personId,
    fullName: row.fullName,
    nik: seesFullNik(actor, { dinasId: ref.dinasId, personId: row.personId }) ? row.nik : maskNik(row.nik),
    education: row.education,
    position: row.position,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
  };
}

/** The position's edit page: the position and the position suggestions of its Dinas. */
export async function getStaffPositionPage(db: Kysely<Database>, actor: Actor | null, input: { cooperativeId: string; positionId: string }) {
  const position = await getStaffPosition(db, actor, input);
  return { position, suggestions: await positionSuggestions(db, position.cooperative.dinasId) };
}

export async function updateStaffPosition(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { cooperativeId: string; positionId: string; values: EditPositionInput },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { ref, row } = await requirePosition(trx, actor, input.cooperativeId, input.positionId);
    const values = parseOrThrow(EditPositionSchema, input.values);
    await setEducation(trx, actor, { personId: row.personId, dinasId: ref.dinasId, education: values.education ?? null });
    const next = { position: cleanPosition(values.position), startsOn: values.startsOn ?? null, endsOn: values.endsOn ?? null };
    const before = { position: row.position, startsOn: row.startsOn, endsOn: row.endsOn };
    if (before.position === next.position && before.startsOn === next.startsOn && before.endsOn === next.endsOn) return;
    await trx
      .updateTable('staff_positions')
      .set({ position: next.position, starts_on: next.startsOn, ends_on: next.endsOn, updated_at: new Date() })
      .where('id', '=', row.id)
      .execute();
    await recordAudit(trx, {
      actor,
      action: 'staff_position.updated',
      entityType: 'cooperative',
      entityId: ref.id,
      dinasId: ref.dinasId,
      before: { fullName: row.fullName, ...before },
      after: { fullName: row.fullName, ...next },
    });
  });
}

/** Records a person's education when it changes (audited under the person, in the Dinas that changed it). */
async function setEducation(
  trx: Transaction<Database>,
  actor: Actor | null,
  input: { personId: string; dinasId: string; education: EducationLevel | null },
): Promise<void> {
  const person = await trx.selectFrom('people').select(['full_name', 'education']).where('id', '=', input.personId).executeTakeFirstOrThrow();
  if (person.education === input.education) return;
  await trx.updateTable('people').set({ education: input.education, updated_at: new Date() }).where('id', '=', input.personId).execute();
  await recordAudit(trx, {
    actor,
    action: 'person.updated',
    entityType: 'person',
    entityId: input.personId,
    dinasId: input.dinasId,
    before: { fullName: person.full_name, education: person.education },
    after: { fullName: person.full_name, education: input.education },
  });
}

export async function endStaffPosition(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { cooperativeId: string; positionId: string; values: EndPositionInput },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { ref, row } = await requirePosition(trx, actor, input.cooperativeId, input.positionId);
    const values = parseOrThrow(EndPositionSchema, input.values);
    const endsOn = values.endsOn;
    if (row.startsOn && endsOn < row.startsOn) throw new ValidationError({ endsOn: ['cooperatives:errors.endBeforeStart'] });
    await trx.updateTable('staff_positions').set({ ends_on: endsOn, updated_at: new Date() }).where('id', '=', row.id).execute();
    await recordAudit(trx, {
      actor,
      action: 'staff_position.ended',
      entityType: 'cooperative',
      entityId: ref.id,
      dinasId: ref.dinasId,
      before: { fullName: row.fullName, position: row.position, endsOn: row.endsOn },
      after: { fullName: row.fullName, position: row.position, endsOn },
    });
  });
}
