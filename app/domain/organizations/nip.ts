/**
 * A civil servant's NIP (Nomor Induk Pegawai) has 18 digits: birth date (8), appointment
 * month (6), sex (1) and a serial (3). Signatories who are not civil servants carry other
 * numbers, so a different form is only a warning. Pure.
 */
export function normalizeNip(value: string): string {
  return value.replace(/[\s.-]/g, '');
}

/** How a NIP is stored: 18 digits without the spaces people type between its parts; any other number as typed. */
export function storedNip(value: string): string {
  const digits = normalizeNip(value);
  return /^\d{18}$/.test(digits) ? digits : value.trim();
}

/** True when the value looks like a civil servant's NIP: 18 digits, a plausible birth date and sex digit. */
export function looksLikeNip(value: string): boolean {
  const nip = normalizeNip(value);
  if (!/^\d{18}$/.test(nip)) return false;
  const month = Number(nip.slice(4, 6));
  const day = Number(nip.slice(6, 8));
  const sex = nip[14];
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && (sex === '1' || sex === '2');
}

/** A NIP as printed under a signature: "19700101 199003 1 002" (its parts); any other number as stored. */
export function formatNip(value: string): string {
  const nip = normalizeNip(value);
  return /^\d{18}$/.test(nip) ? `${nip.slice(0, 8)} ${nip.slice(8, 14)} ${nip.slice(14, 15)} ${nip.slice(15)}` : value;
}
