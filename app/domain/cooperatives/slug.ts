/**
 * A cooperative's public address is /koperasi/<slug>: lowercase ASCII words joined by
 * hyphens, kept when the name changes so printed links and QR codes stay valid. Pure.
 */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
}

/**
 * Candidate slugs for a cooperative, best first: its name, then its name with the last
 * four digits of its number, then with the whole number (unique by itself).
 */
export function slugCandidates(name: string, cooperativeNumber: string): string[] {
  const base = slugify(name) || 'koperasi';
  return [base, `${base}-${cooperativeNumber.slice(-4)}`, `${base}-${cooperativeNumber}`];
}
