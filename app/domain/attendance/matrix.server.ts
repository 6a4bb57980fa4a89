import type { Kysely } from 'kysely';
import type { AttendanceStatus, Database } from '~db/schema';
import { formatDateTime, todayIn } from '~/lib/dates';
import type { Locale } from '~/lib/i18n';
import { pageOf, type ListParams, type Page } from '~/lib/list-params';
import { translatorFor } from '~/lib/meta';
import type { Actor } from '~/lib/permissions';
import { writeCsv, writeXlsx } from '~/lib/spreadsheet.server';
import { cohortEligibility, type CohortAttendance, type CohortSession, type ParticipantAttendance } from './eligibility.server';
import type { Eligibility } from './eligibility';

/**
 * The attendance matrix: a cohort's confirmed participants × its sessions, on screen (one
 * page, sorted) and as a CSV or XLSX file (everyone). A cohort holds at most a few hundred
 * participants, so the rows are sorted and paged in memory, after the rule has run.
 */

export const MATRIX_SORTS = ['name', 'cooperative', 'rate'] as const;
export type MatrixSort = (typeof MATRIX_SORTS)[number];

export interface MatrixRow {
  enrollmentId: string;
  /** Place in the whole sorted list (1-based), the "No" column. */
  number: number;
  name: string;
  cooperativeName: string | null;
  /** One per session, in the order of `sessions`; null: no mark. */
  cells: (AttendanceStatus | null)[];
  eligibility: Eligibility;
}

const collator = new Intl.Collator('id', { sensitivity: 'base', numeric: true });

function compare(sort: MatrixSort) {
  return (a: ParticipantAttendance, b: ParticipantAttendance): number => {
    if (sort === 'cooperative') return collator.compare(a.cooperativeName ?? '', b.cooperativeName ?? '');
    if (sort === 'rate') return (a.eligibility.percent ?? -1) - (b.eligibility.percent ?? -1) || a.eligibility.attended - b.eligibility.attended;
    return 0;
  };
}

function sortedRows(attendance: CohortAttendance, sort: MatrixSort, dir: 'asc' | 'desc'): MatrixRow[] {
  const byName = (a: ParticipantAttendance, b: ParticipantAttendance) => collator.compare(a.name, b.name) || a.enrollmentId.localeCompare(b.enrollmentId);
  const sign = dir === 'asc' ? 1 : -1;
  const ordered = [...attendance.participants].sort((a, b) => sign * compare(sort)(a, b) || sign * (sort === 'name' ? byName(a, b) : 0) || byName(a, b));
  return ordered.map((p, index) => ({
    enrollmentId: p.enrollmentId,
    number: index + 1,
    name: p.name,
    cooperativeName: p.cooperativeName,
    cells: attendance.sessions.map((s) => p.marks.get(s.id) ?? null),
    eligibility: p.eligibility,
  }));
}

export interface AttendanceMatrix extends Omit<CohortAttendance, 'participants'> {
  page: Page<MatrixRow>;
}

/** One page of the matrix; for anyone who may read the cohort (others: 404). */
export async function attendanceMatrix(
  db: Kysely<Database>,
  actor: Actor | null,
  cohortId: string,
  params: ListParams<MatrixSort>,
  now = new Date(),
): Promise<AttendanceMatrix> {
  const attendance = await cohortEligibility(db, actor, cohortId, now);
  const rows = sortedRows(attendance, params.sort, params.dir);
  const { participants: _participants, ...rest } = attendance;
  return { ...rest, page: pageOf(rows.slice(params.offset, params.offset + params.pageSize), rows.length, params) };
}

export interface MatrixFile {
  fileName: string;
  contentType: string;
  body: string | Buffer;
}

/** "12 November 2026, 08.00 WITA · Pembukaan": a session's column header, in the cohort's zone. */
export function sessionHeading(session: CohortSession, timeZone: CohortAttendance['cohort']['timeZone'], locale: Locale): string {
  return `${formatDateTime(session.startsAt, timeZone, locale)} · ${session.title}`;
}

/**
 * The whole matrix as a file: No, Nama, Koperasi, one column per session (its date, time
 * and title in the cohort's zone), then attended, rate and eligibility. Cells that start
 * like a formula (a participant named "=…") are written as text by the spreadsheet writer.
 */
export async function exportAttendanceMatrix(
  db: Kysely<Database>,
  actor: Actor | null,
  input: { cohortId: string; format: 'csv' | 'xlsx'; sort: MatrixSort; dir: 'asc' | 'desc'; locale: Locale },
  now = new Date(),
): Promise<MatrixFile> {
  const attendance = await cohortEligibility(db, actor, input.cohortId, now);
  const t = translatorFor(input.locale);
  const { cohort, sessions } = attendance;
  const rows = sortedRows(attendance, input.sort, input.dir);
  const headers = [
    t('eligibility:export.number'),
    t('eligibility:export.name'),
    t('eligibility:export.cooperative'),
    ...sessions.map((s) => sessionHeading(s, cohort.timeZone, input.locale) + (s.kind === 'exam' ? ` (${t('eligibility:matrix.examSession')})` : '')),
    t('eligibility:export.attended'),
    t('eligibility:export.rate'),
    t('eligibility:export.eligible'),
  ];
  const values = rows.map((r) => [
    r.number,
    r.name,
    r.cooperativeName,
    ...r.cells.map((c) => (c ? t(`eligibility:symbol.${c}`) : null)),
    `${r.eligibility.attended}/${r.eligibility.total}`,
    r.eligibility.percent,
    t(`eligibility:state.${r.eligibility.state}`),
  ]);
  const safeName = cohort.name.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').toLowerCase() || 'angkatan';
  const name = `${t('eligibility:export.filePrefix')}-${safeName}-${todayIn(cohort.timeZone, now)}`;
  if (input.format === 'csv') return { fileName: `${name}.csv`, contentType: 'text/csv; charset=utf-8', body: writeCsv(headers, values) };
  const body = await writeXlsx(
    t('eligibility:export.sheet'),
    headers.map((header, index) => ({ header, width: index === 0 ? 6 : index === 1 || index === 2 ? 30 : index < 3 + sessions.length ? 16 : 14 })),
    values,
  );
  return { fileName: `${name}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body };
}
