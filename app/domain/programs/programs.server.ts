import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, SessionKind } from '~db/schema';
import { NotFoundError, ValidationError } from '~/lib/errors';
import { isUuid } from '~/lib/ids';
import { pageOf, type ListParams, type Page } from '~/lib/list-params';
import { institutionsFor, requirePermission, type Actor } from '~/lib/permissions';
import { parseOrThrow } from '~/lib/validation';
import { recordAudit } from '~/domain/audit/record.server';
import { requirePartner } from './partners.server';
import { ProgramSchema, type ProgramInput, type ProgramValues } from './schemas';

/** Programs: reusable definitions a Dinas schedules cohorts from. */

export const PROGRAM_SORTS = ['code', 'title', 'cohorts'] as const;
export type ProgramSort = (typeof PROGRAM_SORTS)[number];

export interface ProgramListItem {
  id: string;
  code: string;
  title: string;
  status: 'active' | 'archived';
  unitCount: number;
  dayCount: number;
  cohortCount: number;
}

/** The Dinas a coordinator acts for (the first, when they coordinate several). */
export function coordinatorDinas(actor: Actor | null): string {
  const dinasId = institutionsFor(actor, 'coordinator')[0];
  requirePermission(actor, 'program:manage', { dinasId: dinasId ?? null });
  return dinasId!;
}

export async function listPrograms(
  db: Kysely<Database>,
  actor: Actor | null,
  params: ListParams<ProgramSort> & { q?: string },
): Promise<Page<ProgramListItem>> {
  const dinasIds = institutionsFor(actor, 'coordinator');
  requirePermission(actor, 'program:manage', { dinasId: dinasIds[0] ?? null });
  let query = db.selectFrom('programs as p').where('p.dinas_id', 'in', dinasIds);
  if (params.q) {
    const like = `%${params.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('p.code', 'ilike', like), eb('p.title', 'ilike', like)]));
  }
  const total = await query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  const cohortCount = sql<number>`(select count(*)::int from cohorts c where c.program_id = p.id)`;
  const orderColumn = params.sort === 'title' ? sql`p.title` : params.sort === 'cohorts' ? cohortCount : sql`p.code`;
  const rows = await query
    .select([
      'p.id', 'p.code', 'p.title', 'p.status',
      sql<number>`(select count(*)::int from competency_units u where u.program_id = p.id)`.as('unitCount'),
      sql<number>`(select count(*)::int from program_days d where d.program_id = p.id)`.as('dayCount'),
      cohortCount.as('cohortCount'),
    ])
    .orderBy(sql`${orderColumn} ${sql.raw(params.dir)}`)
    .orderBy('p.code')
    .limit(params.pageSize)
    .offset(params.offset)
    .execute();
  return pageOf(rows, total.n, params);
}

export interface ProgramDetail {
  id: string;
  dinasId: string;
  code: string;
  title: string;
  description: string | null;
  schemeName: string | null;
  schemeNumber: string | null;
  competencyStandard: string | null;
  attendanceMinPercent: number;
  attendanceCountsExcused: boolean;
  lateGraceMinutes: number;
  checkInOpensMinutes: number;
  attendanceCorrectionHours: number;
  targetPositions: string[];
  competencyValidityMonths: number;
  trainingValidityMonths: number | null;
  certificateNumberPattern: string;
  defaultInstituteId: string | null;
  defaultInstituteName: string | null;
  defaultCertificationBodyId: string | null;
  defaultCertificationBodyName: string | null;
  status: 'active' | 'archived';
  units: { id: string; position: number; code: string; title: string }[];
  days: { dayNumber: number; kind: SessionKind; title: string; topics: string | null; startsAtTime: string; endsAtTime: string }[];
}

/** A program of the actor's Dinas with its units and day plan; another Dinas's answers "not found". */
export async function getProgram(db: Kysely<Database>, actor: Actor | null, programId: string): Promise<ProgramDetail> {
  if (!isUuid(programId)) throw new NotFoundError('common:error.notFoundBody');
  const program = await db
    .selectFrom('programs as p')
    .leftJoin('institutions as ti', 'ti.id', 'p.default_institute_id')
    .leftJoin('institutions as cb', 'cb.id', 'p.default_certification_body_id')
    .select([
      'p.id', 'p.dinas_id as dinasId', 'p.code', 'p.title', 'p.description', 'p.scheme_name as schemeName',
      'p.scheme_number as schemeNumber', 'p.competency_standard as competencyStandard',
      'p.attendance_min_percent as attendanceMinPercent', 'p.attendance_counts_excused as attendanceCountsExcused',
      'p.late_grace_minutes as lateGraceMinutes', 'p.check_in_opens_minutes as checkInOpensMinutes',
      'p.attendance_correction_hours as attendanceCorrectionHours', 'p.target_positions as targetPositions',
      'p.competency_validity_months as competencyValidityMonths', 'p.training_validity_months as trainingValidityMonths',
      'p.certificate_number_pattern as certificateNumberPattern', 'p.default_institute_id as defaultInstituteId',
      'ti.name as defaultInstituteName', 'p.default_certification_body_id as defaultCertificationBodyId',
      'cb.name as defaultCertificationBodyName', 'p.status',
    ])
    .where('p.id', '=', programId)
    .executeTakeFirst();
  if (!program) throw new NotFoundError('common:error.notFoundBody');
  requirePermission(actor, 'program:manage', { dinasId: program.dinasId });
  const [units, days] = await Promise.all([
    db.selectFrom('competency_units').select(['id', 'position', 'code', 'title']).where('program_id', '=', programId).orderBy('position').execute(),
    db
      .selectFrom('program_days')
      .select(['day_number as dayNumber', 'kind', 'title', 'topics', 'starts_at_time as startsAtTime', 'ends_at_time as endsAtTime'])
      .where('program_id', '=', programId)
      .orderBy('day_number')
      .execute(),
  ]);
  return {
    ...program,
    units,
    days: days.map((d) => ({ ...d, startsAtTime: d.startsAtTime.slice(0, 5), endsAtTime: d.endsAtTime.slice(0, 5) })),
  };
}

function programRow(values: ProgramValues) {
  return {
    code: values.code,
    title: values.title,
    description: values.description ?? null,
    scheme_name: values.schemeName ?? null,
    scheme_number: values.schemeNumber ?? null,
    competency_standard: values.competencyStandard ?? null,
    attendance_min_percent: values.attendanceMinPercent,
    attendance_counts_excused: values.attendanceCountsExcused,
    late_grace_minutes: values.lateGraceMinutes,
    check_in_opens_minutes: values.checkInOpensMinutes,
    attendance_correction_hours: values.attendanceCorrectionHours,
    target_positions: values.targetPositions,
    competency_validity_months: values.competencyValidityMonths,
    training_validity_months: values.trainingValidityMonths ?? null,
    certificate_number_pattern: values.certificateNumberPattern,
    default_institute_id: values.defaultInstituteId ?? null,
    default_certification_body_id: values.defaultCertificationBodyId ?? null,
  };
}

async function checkReferences(trx: Transaction<Database>, dinasId: string, values: ProgramValues, programId: string | null) {
  await requirePartner(trx, dinasId, values.defaultInstituteId, 'training_institute', 'defaultInstituteId');
  await requirePartner(trx, dinasId, values.defaultCertificationBodyId, 'certification_body', 'defaultCertificationBodyId');
  let clash = trx.selectFrom('programs').select('id').where('dinas_id', '=', dinasId).where(sql`lower(code)`, '=', values.code.toLowerCase());
  if (programId) clash = clash.where('id', '<>', programId);
  if (await clash.executeTakeFirst()) throw new ValidationError({ code: ['programs:errors.codeTaken'] });
}

async function writeDays(trx: Kysely<Database>, programId: string, values: ProgramValues) {
  await trx.deleteFrom('program_days').where('program_id', '=', programId).execute();
  await trx
    .insertInto('program_days')
    .values(
      values.days.map((day, index) => ({
        program_id: programId,
        day_number: index + 1,
        kind: day.kind,
        title: day.title,
        topics: day.topics ?? null,
        starts_at_time: day.startsAtTime,
        ends_at_time: day.endsAtTime,
      })),
    )
    .execute();
}

export async function createProgram(db: Kysely<Database>, actor: Actor | null, input: ProgramInput): Promise<{ id: string }> {
  const dinasId = coordinatorDinas(actor);
  const values = parseOrThrow(ProgramSchema, input);
  return db.transaction().execute(async (trx) => {
    await checkReferences(trx, dinasId, values, null);
    const program = await trx
      .insertInto('programs')
      .values({ dinas_id: dinasId, ...programRow(values) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('competency_units')
      .values(values.units.map((unit, index) => ({ program_id: program.id, position: index + 1, code: unit.code, title: unit.title })))
      .execute();
    await writeDays(trx, program.id, values);
    await recordAudit(trx, { actor, action: 'program.created', entityType: 'program', entityId: program.id, dinasId, after: values });
    return program;
  });
}

/**
 * Saves a program. Units keep their ids (exam results point at them): changed ones are
 * updated in place, new ones added, removed ones deleted unless results already use them.
 */
export async function updateProgram(
  db: Kysely<Database>,
  actor: Actor | null,
  programId: string,
  input: ProgramInput,
): Promise<void> {
  const before = await getProgram(db, actor, programId);
  const values = parseOrThrow(ProgramSchema, input);
  await db.transaction().execute(async (trx) => {
    await checkReferences(trx, before.dinasId, values, programId);
    await trx.updateTable('programs').set({ ...programRow(values), updated_at: new Date() }).where('id', '=', programId).execute();

    const keptIds = new Set(values.units.map((u) => u.id).filter((id): id is string => !!id && before.units.some((b) => b.id === id)));
    const removed = before.units.filter((u) => !keptIds.has(u.id)).map((u) => u.id);
    if (removed.length > 0) {
      const used = await trx
        .selectFrom('assessment_unit_results')
        .select('competency_unit_id')
        .where('competency_unit_id', 'in', removed)
        .limit(1)
        .executeTakeFirst();
      if (used) throw new ValidationError({ units: ['programs:errors.unitInUse'] });
      await trx.deleteFrom('competency_units').where('id', 'in', removed).execute();
    }
    // Codes are unique per program: park kept units on temporary codes before renaming them.
    for (const id of keptIds) {
      await trx.updateTable('competency_units').set({ code: `~${id}` }).where('id', '=', id).execute();
    }
    for (const [index, unit] of values.units.entries()) {
      if (unit.id && keptIds.has(unit.id)) {
        await trx.updateTable('competency_units').set({ position: index + 1, code: unit.code, title: unit.title }).where('id', '=', unit.id).execute();
      } else {
        await trx.insertInto('competency_units').values({ program_id: programId, position: index + 1, code: unit.code, title: unit.title }).execute();
      }
    }
    await writeDays(trx, programId, values);
    const { units, days, ...rest } = before;
    await recordAudit(trx, {
      actor,
      action: 'program.updated',
      entityType: 'program',
      entityId: programId,
      dinasId: before.dinasId,
      before: { ...rest, units: units.map((u) => ({ code: u.code, title: u.title })), days },
      after: values,
    });
  });
}

/** Programs a coordinator can schedule from (for the new-cohort form). */
export async function programChoices(db: Kysely<Database>, actor: Actor | null): Promise<{ id: string; code: string; title: string }[]> {
  const dinasIds = institutionsFor(actor, 'coordinator');
  requirePermission(actor, 'cohort:manage', { dinasId: dinasIds[0] ?? null });
  return db
    .selectFrom('programs')
    .select(['id', 'code', 'title'])
    .where('dinas_id', 'in', dinasIds)
    .where('status', '=', 'active')
    .orderBy('code')
    .execute();
}
