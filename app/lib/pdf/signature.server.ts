import { contentBox, ensureSpace } from './document.server';
import { FONT } from './fonts.server';
import { drawImageIn } from './images.server';

/**
 * The signature block at the foot of a letter, sheet or certificate: place and date, the
 * signer's title, room for the signature (the stored image when there is one), the name
 * underlined and the NIP.
 */
export interface Signer {
  name: string;
  /** The office signing, e.g. "Kepala Dinas" (may span lines). */
  title: string;
  /** Already formatted (e.g. "NIP 19700101 199003 1 002"), or null. */
  nipLine?: string | null;
  /** A PNG or JPEG of the signature, or null to leave the space for a wet signature. */
  signatureImage?: Buffer | null;
}

export interface SignatureBlockOptions {
  signer: Signer;
  /** Lines above the title, e.g. "Pekalongan, 12 November 2026". */
  heading?: string[];
  /** Where on the line the block sits; a certificate with two signers draws two blocks side by side via `x`. */
  align?: 'left' | 'center' | 'right';
  /** Explicit left edge (overrides `align`). */
  x?: number;
  width?: number;
  /** Height left for the signature, in points. */
  signatureHeight?: number;
}

/** Draws the block from `doc.y` (starting a new page if it does not fit) and leaves `doc.y` under it. */
export function drawSignatureBlock(doc: PDFKit.PDFDocument, options: SignatureBlockOptions): void {
  const width = options.width ?? 220;
  const signatureHeight = options.signatureHeight ?? 56;
  const { signer } = options;
  const lines = [...(options.heading ?? []), signer.title];
  doc.font(FONT.regular).fontSize(10);
  const textHeight = lines.reduce((sum, l) => sum + doc.heightOfString(l, { width }), 0);
  doc.font(FONT.bold);
  const nameHeight = doc.heightOfString(signer.name, { width });
  ensureSpace(doc, textHeight + signatureHeight + nameHeight + 2 * doc.currentLineHeight(true) + 8);
  const box = contentBox(doc);
  const x = options.x ?? (options.align === 'left' ? box.left : options.align === 'center' ? box.left + (box.width - width) / 2 : box.right - width);

  doc.font(FONT.regular).fontSize(10);
  let y = doc.y;
  for (const line of lines) {
    doc.text(line, x, y, { width, align: 'center' });
    y = doc.y;
  }
  drawImageIn(doc, signer.signatureImage, { x, y: y + 2, width, height: signatureHeight - 4 });
  y += signatureHeight;
  doc.font(FONT.bold).text(signer.name, x, y, { width, align: 'center', underline: true });
  y = doc.y;
  if (signer.nipLine) {
    doc.font(FONT.regular).text(signer.nipLine, x, y, { width, align: 'center' });
    y = doc.y;
  }
  doc.font(FONT.regular);
  doc.x = box.left;
  doc.y = y;
}
