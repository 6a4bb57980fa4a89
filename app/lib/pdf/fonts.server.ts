import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

/**
 * The portal's PDF fonts: DejaVu Sans, regular and bold, embedded (as subsets) in every
 * document, so Indonesian names ("Siti Nur’aini", "Dédé") print exactly on any reader.
 *
 * Each TTF is read and parsed by fontkit once per process and the parsed font handed to
 * pdfkit: given the file instead, pdfkit decodes the font tables again for every
 * document, which is most of the time a small document takes (STACK-NOTES.md).
 */
export const FONT = { regular: 'Sans', bold: 'Sans-Bold' } as const;
export type FontName = (typeof FONT)[keyof typeof FONT];

const FILES: Record<FontName, string> = {
  [FONT.regular]: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  [FONT.bold]: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
};

let parsed: Map<FontName, fontkit.Font> | null = null;

function parsedFonts(): Map<FontName, fontkit.Font> {
  if (parsed) return parsed;
  const require = createRequire(import.meta.url);
  const fonts = new Map<FontName, fontkit.Font>();
  for (const [name, file] of Object.entries(FILES) as [FontName, string][]) {
    const font = fontkit.create(readFileSync(require.resolve(file)));
    if (!('layout' in font)) throw new Error(`${file} is a font collection, not one font`);
    fonts.set(name, font);
  }
  parsed = fonts;
  return fonts;
}

/** Registers the fonts under FONT's names and selects the regular one. */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  for (const [name, font] of parsedFonts()) {
    // pdfkit 0.20 takes a parsed fontkit font (anything with `layout()`); its types know only paths and buffers.
    doc.registerFont(name, font as unknown as Buffer);
  }
  doc.font(FONT.regular);
}
