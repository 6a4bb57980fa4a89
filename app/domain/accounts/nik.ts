/**
 * The KTP's NIK (Nomor Induk Kependudukan): 16 digits —
 *   PPKKCC DDMMYY SSSS
 *   PP province, KK regency/city, CC district (Kemendagri codes of the place of issue),
 *   DDMMYY date of birth, with 40 added to the day for women,
 *   SSSS a serial number, never 0000.
 * Pure: the sign-up form and the tests use it; the database only checks the 16 digits.
 */

/** Kemendagri province codes (Sumatra 11–21, Java–Bali 31–51, Nusa Tenggara, Kalimantan, Sulawesi, Maluku, Papua). */
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15', '16', '17', '18', '19', '21',
  '31', '32', '33', '34', '35', '36',
  '51', '52', '53',
  '61', '62', '63', '64', '65',
  '71', '72', '73', '74', '75', '76',
  '81', '82',
  '91', '92', '93', '94', '95', '96',
]);

export type NikProblem =
  | 'format' // not exactly 16 digits
  | 'zeros' // all zeros, or a zero serial
  | 'region' // province not a real code, or regency/district 00
  | 'birthDate' // the DDMMYY part is not a real date
  | 'birthDateMismatch'; // it is not the birth date given

/** The sign-up form's message (an i18n key) for each problem. */
export const NIK_ERRORS: Record<NikProblem, string> = {
  format: 'accounts:signUp.nikFormat',
  zeros: 'accounts:signUp.nikZeros',
  region: 'accounts:signUp.nikRegion',
  birthDate: 'accounts:signUp.nikBirthDate',
  birthDateMismatch: 'accounts:signUp.nikBirthDateMismatch',
};

export interface ParsedNik {
  provinceCode: string;
  regencyCode: string;
  districtCode: string;
  sex: 'M' | 'F';
  /** Day and month of birth, and the two-digit year: the century is not in the NIK. */
  birthDay: number;
  birthMonth: number;
  birthYear2: number;
  serial: string;
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Splits a NIK into its parts, or names the first thing wrong with it. */
export function parseNik(nik: string): { ok: true; value: ParsedNik } | { ok: false; problem: NikProblem } {
  if (!/^[0-9]{16}$/.test(nik)) return { ok: false, problem: 'format' };
  if (/^0+$/.test(nik) || nik.slice(12) === '0000') return { ok: false, problem: 'zeros' };
  const provinceCode = nik.slice(0, 2);
  const regencyCode = nik.slice(2, 4);
  const districtCode = nik.slice(4, 6);
  if (!PROVINCE_CODES.has(provinceCode) || regencyCode === '00' || districtCode === '00') {
    return { ok: false, problem: 'region' };
  }
  const rawDay = Number(nik.slice(6, 8));
  const birthMonth = Number(nik.slice(8, 10));
  const birthYear2 = Number(nik.slice(10, 12));
  const sex = rawDay > 40 ? 'F' : 'M';
  const birthDay = sex === 'F' ? rawDay - 40 : rawDay;
  // 2000 is a leap year and 1900 is not; a 29 February in a NIK is accepted when either century allows it.
  if (!isRealDate(2000 + birthYear2, birthMonth, birthDay) && !isRealDate(1900 + birthYear2, birthMonth, birthDay)) {
    return { ok: false, problem: 'birthDate' };
  }
  return {
    ok: true,
    value: { provinceCode, regencyCode, districtCode, sex, birthDay, birthMonth, birthYear2, serial: nik.slice(12) },
  };
}

/**
 * Checks a NIK against the birth date a person gives ('YYYY-MM-DD'); returns the sex the
 * NIK encodes, or the problem.
 */
export function checkNik(nik: string, birthDate: string): { ok: true; sex: 'M' | 'F' } | { ok: false; problem: NikProblem } {
  const parsed = parseNik(nik);
  if (!parsed.ok) return parsed;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!match) return { ok: false, problem: 'birthDateMismatch' };
  const [, y, m, d] = match;
  const { birthDay, birthMonth, birthYear2, sex } = parsed.value;
  if (Number(d) !== birthDay || Number(m) !== birthMonth || Number(y) % 100 !== birthYear2) {
    return { ok: false, problem: 'birthDateMismatch' };
  }
  return { ok: true, sex };
}

/** "3375********0002": what the portal shows of a NIK to anyone but the person and the coordinator. */
export function maskNik(nik: string): string {
  if (nik.length !== 16) return '*'.repeat(nik.length);
  return `${nik.slice(0, 4)}${'*'.repeat(8)}${nik.slice(12)}`;
}
