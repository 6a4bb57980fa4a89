/**
 * Telling people who have no e-mail address: a printable notice and a WhatsApp message
 * the coordinator sends themself. Pure and browser-safe.
 */

/**
 * An Indonesian phone number as wa.me wants it: digits only, country code 62 and no
 * leading 0 ("0812-3456-789" → "628123456789", "+62 812…" → "62812…"). Null when it is
 * not a plausible mobile number.
 */
export function whatsappNumber(phone: string | null | undefined): string | null {
  if (!phone) return null;
  let digits = phone.replace(/\D/g, '');
  if (digits.startsWith('0')) digits = `62${digits.slice(1)}`;
  else if (digits.startsWith('8')) digits = `62${digits}`;
  if (!digits.startsWith('62') || digits.length < 10 || digits.length > 15) return null;
  return digits;
}

/** A link that opens WhatsApp with the message written; to the person's number when it is known. */
export function whatsappLink(phone: string | null | undefined, text: string): string {
  const number = whatsappNumber(phone);
  return `https://wa.me/${number ?? ''}?text=${encodeURIComponent(text)}`;
}
