import type { CertificateKind } from '~db/schema';

/**
 * Certificate numbers and verification codes (pure; also used by the lookup form).
 *
 * Verification code: 16 characters of Crockford's base32 (0-9, A-Z without I, L, O, U),
 * 80 random bits, shown in groups of four ("7K3M-Q9XD-2FTB-HW4N"). Read back forgivingly:
 * case, dashes and spaces do not matter, and O/I/L are taken as 0/1/1.
 *
 * Number: the program's pattern with `{program}` (program code), `{kind}` (KOM for
 * competency, PEL for training), `{year}` (the issue year in the cohort's zone),
 * `{month}` (two digits), `{cohort}` (the cohort's name, letters and digits only),
 * `{seq}` / `{seq:4}` / `{seq:04}` (the running number, zero-padded to the width) and
 * `{institution}` (the main issuer's short name, letters and digits only). The running number
 * is gapless per program and year, shared by both kinds (see the migration).
 */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 16;

export function randomVerificationCode(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const bytes = random(new Uint8Array(10)); // 80 bits → 16 × 5 bits
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += CODE_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

/** "7K3MQ9XD2FTBHW4N" → "7K3M-Q9XD-2FTB-HW4N". */
export function groupCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

/** What someone typed or scanned → the stored code, or null when it cannot be one. */
export function normalizeCode(input: string): string | null {
  const code = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (code.length !== CODE_LENGTH) return null;
  for (const ch of code) if (!CODE_ALPHABET.includes(ch)) return null;
  return code;
}

export const KIND_ABBREVIATION: Record<CertificateKind, string> = { competency: 'KOM', training: 'PEL' };

export interface NumberParts {
  programCode: string;
  kind: CertificateKind;
  year: number;
  /** 1–12, the issue month in the cohort's zone. */
  month: number;
  cohort: string;
  seq: number;
  institution: string;
}

/** The program's pattern filled in; unknown placeholders stay as written. */
export function formatCertificateNumber(pattern: string, parts: NumberParts): string {
  return pattern.replace(/\{(program|kind|year|month|cohort|institution|seq)(?::(\d{1,2}))?\}/g, (_m, name: string, width?: string) => {
    switch (name) {
      case 'program':
        return parts.programCode;
      case 'kind':
        return KIND_ABBREVIATION[parts.kind];
      case 'year':
        return String(parts.year);
      case 'month':
        return String(parts.month).padStart(2, '0');
      case 'cohort':
        return parts.cohort.toUpperCase().replace(/[^A-Z0-9]/g, '');
      case 'institution':
        return parts.institution.toUpperCase().replace(/[^A-Z0-9]/g, '');
      default:
        return String(parts.seq).padStart(width ? Number(width) : 1, '0');
    }
  });
}
