import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { recordAudit } from '~/domain/audit/record.server';
import { cohortColumns, cohortScope } from '~/domain/cohorts/access.server';
import { educationLabel } from '~/domain/cooperatives/education';
import { dateText } from '~/lib/date-input';
import { todayIn } from '~/lib/dates';
import { NotFoundError } from '~/lib/errors';
import { isUuid } from '~/lib/ids';
import { can, type Actor } from '~/lib/permissions';
import { escapeCsvCell, writeXlsx } from '~/lib/spreadsheet.server';
import { finalizationOf } from './queries.server';

/**
 * The candidates' list an LSP uploads to BNSP: every confirmed participant of the cohort
 * with their identity (NIK, place and date of birth, sex, education), employer, scheme,
 * recommendation, assessor and exam. It carries NIKs: only the cohort's certification body
 * and its Dinas's coordinator download it — anyone else is told the cohort does not exist —
 * and every download is audited.
 *
 * The headers are BNSP's, in Indonesian whatever the page's language (the file goes to
 * BNSP's system, not to a reader of the portal).
 */
export const BNSP_HEADERS = [
  'No',
  'Nama',
  'NIK',
  'Tempat Lahir',
  'Tanggal Lahir',
  'Jenis Kelamin',
  'Pendidikan',
  'Koperasi',
  'Alamat Koperasi',
  'Skema',
  'Nomor Skema',
  'Rekomendasi',
  'Asesor',
  'No. Reg. Asesor',
  'Tanggal Uji',
  'TUK',
] as const;

const RECOMMENDATION = { competent: 'K', not_yet_competent: 'BK', did_not_attend: 'Tidak hadir' } as const;

export async function exportBnsp(db: Kysely<Database>, actor: Actor | null, input: { cohortId: string }, now = new Date()) {
  if (!isUuid(input.cohortId)) throw new NotFoundError('common:error.notFoundBody');
  const cohort = await db.selectFrom('cohorts as c').select(cohortColumns()).where('c.id', '=', input.cohortId).executeTakeFirst();
  if (!cohort || !can(actor, 'assessment:export', cohortScope(cohort))) throw new NotFoundError('common:error.notFoundBody');
  const [program, finalization, rows] = await Promise.all([
    db.selectFrom('programs').select(['code', 'title', 'scheme_name', 'scheme_number']).where('id', '=', cohort.programId).executeTakeFirstOrThrow(),
    finalizationOf(db, cohort.id),
    db
      .selectFrom('enrollments as e')
      .innerJoin('people as p', 'p.id', 'e.person_id')
      .leftJoin('cooperatives as k', 'k.id', 'e.cooperative_id')
      .leftJoin('assessments as x', 'x.enrollment_id', 'e.id')
      .leftJoin('users as u', 'u.id', 'x.assessor_user_id')
      .select([
        'p.full_name', 'p.nik', 'p.birth_place', 'p.birth_date', 'p.sex', 'p.education',
        'k.name as cooperative', 'k.street', 'k.village', 'k.district', 'k.regency', 'k.postal_code',
        'x.recommendation', 'u.display_name as assessor', 'x.assessor_registration_number', 'x.assessed_on', 'x.exam_venue',
      ])
      .where('e.cohort_id', '=', cohort.id)
      .where('e.status', '=', 'confirmed')
      .orderBy('p.full_name')
      .orderBy('e.id')
      .execute(),
  ]);
  const values = rows.map((r, i) =>
    [
      i + 1,
      r.full_name,
      r.nik,
      r.birth_place,
      dateText(r.birth_date) ?? null,
      r.sex === 'M' ? 'L' : r.sex === 'F' ? 'P' : null,
      educationLabel(r.education),
      r.cooperative,
      [r.street, r.village, r.district, r.regency, r.postal_code].filter(Boolean).join(', ') || null,
      program.scheme_name ?? program.title,
      program.scheme_number,
      r.recommendation ? RECOMMENDATION[r.recommendation] : null,
      r.assessor,
      r.assessor_registration_number,
      dateText(r.assessed_on) ?? null,
      r.exam_venue,
    ].map((c) => (typeof c === 'string' ? escapeCsvCell(c) : c)),
  );
  const widths = [5, 30, 20, 18, 14, 8, 14, 30, 40, 40, 22, 12, 26, 22, 14, 26];
  const body = await writeXlsx(
    'BNSP',
    BNSP_HEADERS.map((header, index) => ({ header, width: widths[index], text: header === 'NIK' })),
    values,
  );
  await db.transaction().execute((trx) =>
    recordAudit(trx, {
      actor,
      action: 'assessment.bnspExported',
      entityType: 'cohort',
      entityId: cohort.id,
      dinasId: cohort.dinasId,
      after: { candidates: rows.length, finalized: !!finalization },
    }),
  );
  const safeName = cohort.name.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').toLowerCase() || 'angkatan';
  return {
    fileName: `bnsp-${program.code.toLowerCase()}-${safeName}-${todayIn(cohort.timeZone, now)}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body,
  };
}
