import { contentBox } from './document.server';
import { FONT } from './fonts.server';
import { drawImageIn } from './images.server';

/**
 * The letterhead ("kop surat") of an organization: its logo on the left, its name and
 * letterhead lines centred beside it, and the double rule under them.
 */
export interface Letterhead {
  /** The organization's name, printed bold (e.g. "Dinas Perdagangan, Koperasi, UKM Kota Pekalongan"). */
  name: string;
  /**
   * Lines printed around the name: `institutions.letterhead` split at line breaks. Lines
   * before the name in the stored text are usually "PEMERINTAH KOTA …": pass them in
   * `above`; address, telephone and e-mail go in `below`.
   */
  above?: string[];
  below?: string[];
  /** The logo (PNG or JPEG bytes), or null. */
  logo?: Buffer | null;
}

const LOGO = 62;

/** Draws the letterhead at the top of the current page and leaves `doc.y` under its rule. */
export function drawLetterhead(doc: PDFKit.PDFDocument, letterhead: Letterhead): void {
  const box = contentBox(doc);
  const top = box.top;
  const hasLogo = drawImageIn(doc, letterhead.logo, { x: box.left, y: top, width: LOGO, height: LOGO }, 'left');
  // The text is centred on the page, clear of the logo on both sides so it stays centred.
  const inset = hasLogo ? LOGO + 8 : 0;
  const textBox = { x: box.left + inset, width: box.width - 2 * inset };
  let y = top;
  const line = (text: string, font: string, size: number) => {
    doc.font(font).fontSize(size);
    doc.text(text, textBox.x, y, { width: textBox.width, align: 'center' });
    y = doc.y;
  };
  for (const text of letterhead.above ?? []) line(text, FONT.bold, 12);
  line(letterhead.name, FONT.bold, 13);
  for (const text of letterhead.below ?? []) line(text, FONT.regular, 9);
  const ruleY = Math.max(y, hasLogo ? top + LOGO : y) + 4;
  doc.save().lineWidth(2).moveTo(box.left, ruleY).lineTo(box.right, ruleY).stroke();
  doc.lineWidth(0.6).moveTo(box.left, ruleY + 3).lineTo(box.right, ruleY + 3).stroke().restore();
  doc.font(FONT.regular).fontSize(10);
  doc.x = box.left;
  doc.y = ruleY + 14;
}

/**
 * An organization's letterhead from its stored lines (printed under the name, the
 * profile page says): a line equal to the name places the lines before it above the
 * name, and so do leading lines like "PEMERINTAH KOTA …", as on a Dinas's letters.
 */
export function letterheadOf(organization: { name: string; lines: readonly string[]; logo?: Buffer | null }): Letterhead {
  const lines = organization.lines.map((l) => l.trim()).filter(Boolean);
  const logo = organization.logo ?? null;
  const nameAt = lines.findIndex((l) => l.toLocaleLowerCase('id') === organization.name.toLocaleLowerCase('id'));
  if (nameAt >= 0) return { name: lines[nameAt]!, above: lines.slice(0, nameAt), below: lines.slice(nameAt + 1), logo };
  let above = 0;
  while (above < lines.length && /^PEMERINTAH\b/.test(lines[above]!)) above++;
  return { name: organization.name, above: lines.slice(0, above), below: lines.slice(above), logo };
}
