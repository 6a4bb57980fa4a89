/**
 * Staff positions (jabatan): free text, with the usual ones offered as suggestions and
 * used to order a roster from the chair down. Pure; the one home of "same position" and
 * "current position" (enrollment's eligibility rule uses these too).
 */
export const POSITION_SUGGESTIONS = [
  'Ketua',
  'Wakil Ketua',
  'Sekretaris',
  'Bendahara',
  'Ketua Pengawas',
  'Pengawas',
  'Dewan Pengawas Syariah',
  'Manajer',
  'Kepala Bagian Pembiayaan',
  'Kepala Bagian Operasional',
  'Kepala Bagian Pemasaran',
  'Account Officer',
  'Kasir',
  'Teller',
  'Staf Administrasi',
] as const;

/** Same position whatever the case and spacing: "kepala  bagian pembiayaan" = "Kepala Bagian Pembiayaan". */
export function normalizePosition(position: string): string {
  return position.trim().replace(/\s+/g, ' ').toLocaleLowerCase('id-ID');
}

/** Tidies what someone typed: trimmed, single spaces. */
export function cleanPosition(position: string): string {
  return position.trim().replace(/\s+/g, ' ');
}

const rank = new Map<string, number>(POSITION_SUGGESTIONS.map((p, i) => [normalizePosition(p), i]));

/** Ranks of positions as typed, kept as they are asked for (a roster repeats a few); bounded. */
const rankOf = new Map<string, number>();

/** Sort key: known positions in the order above, any other after them. */
export function positionRank(position: string): number {
  let known = rankOf.get(position);
  if (known === undefined) {
    known = rank.get(normalizePosition(position)) ?? POSITION_SUGGESTIONS.length;
    if (rankOf.size >= 10_000) rankOf.clear();
    rankOf.set(position, known);
  }
  return known;
}

/** Indonesian collation, made once (a locale argument to localeCompare looks it up on every call). */
const collator = new Intl.Collator('id');

export function comparePositions(a: { position: string; name: string }, b: { position: string; name: string }): number {
  return positionRank(a.position) - positionRank(b.position) || collator.compare(a.position, b.position) || collator.compare(a.name, b.name);
}

/** A position is current on a day ('YYYY-MM-DD') when it has started (or has no start) and not ended. */
export function isCurrentPosition(p: { startsOn: string | null; endsOn: string | null }, today: string): boolean {
  return (p.startsOn === null || p.startsOn <= today) && (p.endsOn === null || p.endsOn >= today);
}
