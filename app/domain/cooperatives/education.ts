import { EDUCATION_LEVELS, type EducationLevel } from '~db/schema';

/**
 * A person's highest education ("pendidikan terakhir"), as BNSP's candidate list asks for it.
 * Stored as a stable code; shown and exported as the label BNSP's files use ("SMA/SMK", "S1").
 * Files spell it many ways ("S-1", "Sarjana", "SLTA", "D-III", "S1 Akuntansi"): `educationOf`
 * reads them. Pure.
 */
export { EDUCATION_LEVELS, type EducationLevel };

/** How the level is written in files (BNSP's list, the roster export). */
export const EDUCATION_LABELS: Record<EducationLevel, string> = {
  SD: 'SD',
  SMP: 'SMP',
  SMA: 'SMA/SMK',
  D1: 'D1',
  D2: 'D2',
  D3: 'D3',
  D4: 'D4',
  S1: 'S1',
  S2: 'S2',
  S3: 'S3',
};

export function isEducationLevel(value: unknown): value is EducationLevel {
  return typeof value === 'string' && (EDUCATION_LEVELS as readonly string[]).includes(value);
}

/** The label of a stored value (null for none; an unexpected value as it is). */
export function educationLabel(value: string | null | undefined): string | null {
  if (!value) return null;
  return isEducationLevel(value) ? EDUCATION_LABELS[value] : value;
}

const key = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

const WRITTEN: [EducationLevel, string[]][] = [
  ['SD', ['sd', 'mi', 'sdmi', 'sdsederajat', 'sekolahdasar', 'paketa']],
  ['SMP', ['smp', 'mts', 'sltp', 'smpmts', 'smpsederajat', 'sekolahmenengahpertama', 'paketb']],
  ['SMA', ['sma', 'smk', 'ma', 'mak', 'slta', 'smu', 'stm', 'smea', 'smasmk', 'smasmkma', 'smamasmk', 'smasederajat', 'sltasederajat', 'sekolahmenengahatas', 'sekolahmenengahkejuruan', 'paketc']],
  ['D1', ['d1', 'di', 'diploma1', 'diplomai', 'diplomasatu']],
  ['D2', ['d2', 'dii', 'diploma2', 'diplomaii', 'diplomadua']],
  ['D3', ['d3', 'diii', 'diploma3', 'diplomaiii', 'diplomatiga', 'ahlimadya']],
  ['D4', ['d4', 'div', 'diploma4', 'diplomaiv', 'diplomaempat', 'sarjanaterapan', 'strataterapan']],
  ['S1', ['s1', 'si', 'strata1', 'stratai', 'stratasatu', 'sarjana', 'bachelor', 'sarjanastrata1']],
  ['S2', ['s2', 'sii', 'strata2', 'strataii', 'stratadua', 'magister', 'master', 'masters', 'pascasarjana']],
  ['S3', ['s3', 'siii', 'strata3', 'strataiii', 'stratatiga', 'doktor', 'doctor', 'doctorate', 'phd']],
];
const LOOKUP = new Map<string, EducationLevel>(WRITTEN.flatMap(([level, names]) => names.map((n) => [n, level] as const)));

/**
 * The level a file's cell names, or null when it names none the portal knows. The whole
 * text is tried first, then its first word or two ("S1 Akuntansi", "D-III Perbankan",
 * "Sarjana Ekonomi", "SMK Negeri 1").
 */
export function educationOf(text: string): EducationLevel | null {
  const whole = LOOKUP.get(key(text));
  if (whole) return whole;
  const words = text.trim().split(/\s+/);
  for (const n of [2, 1]) {
    if (words.length > n) {
      const found = LOOKUP.get(key(words.slice(0, n).join(' ')));
      if (found) return found;
    }
  }
  return null;
}
