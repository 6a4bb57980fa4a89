import type { AssessmentOutcome, UnitResult } from '~db/schema';

/**
 * The exam's pure rules: the overall recommendation from the unit results, the soft check
 * of an assessor's registration number, and whether an entered row changes a stored one.
 */

/** 'competent' only when every unit of the program is K; null while a unit is still open. */
export function recommendationOf(results: (UnitResult | null | undefined)[], unitCount: number, absent: boolean): AssessmentOutcome | null {
  if (absent) return 'did_not_attend';
  const given = results.filter((r): r is UnitResult => r === 'K' || r === 'BK');
  if (given.some((r) => r === 'BK')) return given.length === unitCount ? 'not_yet_competent' : null;
  return given.length === unitCount && unitCount > 0 ? 'competent' : null;
}

/** BNSP's shape of an assessor's registration number: "MET.000.004772 2024". Checked softly: a warning only. */
const REGISTRATION_NUMBER = /^MET\.\d{3}\.\d{6} \d{4}$/;

export function registrationNumberLooksRight(value: string | null | undefined): boolean {
  return !!value && REGISTRATION_NUMBER.test(value.trim());
}

/** One participant's entry as stored and as compared: unit results keyed by unit id. */
export interface ResultRow {
  absent: boolean;
  assessorUserId: string | null;
  examDate: string | null;
  venue: string | null;
  note: string | null;
  units: Record<string, UnitResult>;
}

export function sameResult(a: ResultRow, b: ResultRow): boolean {
  const keys = new Set([...Object.keys(a.units), ...Object.keys(b.units)]);
  for (const key of keys) if (a.units[key] !== b.units[key]) return false;
  return a.absent === b.absent && a.assessorUserId === b.assessorUserId && a.examDate === b.examDate && a.venue === b.venue && a.note === b.note;
}

/** Nothing entered for the participant yet (no row is written for them). */
export function isBlankResult(row: ResultRow): boolean {
  return !row.absent && Object.keys(row.units).length === 0 && !row.note;
}
