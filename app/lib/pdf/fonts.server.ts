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
 *
 * What pdfkit would otherwise redo for every document is kept for the process too, as
 * both are pure functions of the font: the shaping of a word (fontkit's `layout`, which
 * pdfkit calls word by word and caches only per document) and the decoded outline of a
 * glyph (read again by every subset that embeds it). The bytes of a document do not change.
 */
export const FONT = { regular: 'Sans', bold: 'Sans-Bold' } as const;
export type FontName = (typeof FONT)[keyof typeof FONT];

const FILES: Record<FontName, string> = {
  [FONT.regular]: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  [FONT.bold]: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
};

/** Words shaped per font and process; past this many the cache starts over (names come and go). */
const MAX_CACHED_WORDS = 20_000;

/** A glyph's position as fontkit gives it (one shape for all, so pdfkit's loop over its keys stays fast). */
class Position {
  constructor(
    public xAdvance: number,
    public yAdvance: number,
    public xOffset: number,
    public yOffset: number,
  ) {}
}

/**
 * A shaped word handed to pdfkit: the glyphs (shared, pdfkit only reads them) and fresh
 * positions, which pdfkit scales in place to its 1000-unit em.
 */
class ShapedWord {
  constructor(
    readonly glyphs: fontkit.Glyph[],
    readonly positions: Position[],
  ) {}

  get advanceWidth(): number {
    let width = 0;
    for (const p of this.positions) width += p.xAdvance;
    return width;
  }
}

type Layout = fontkit.Font['layout'];

function keepShapedWords(font: fontkit.Font): void {
  const layout: Layout = font.layout.bind(font);
  const words = new Map<string, { glyphs: fontkit.Glyph[]; positions: Position[] }>();
  const cached = (text: string, features?: Parameters<Layout>[1], ...rest: unknown[]) => {
    // Only pdfkit's own call (text and maybe features) is kept; anything else goes straight through.
    if (rest.some((r) => r !== undefined)) return (layout as (...args: unknown[]) => fontkit.GlyphRun)(text, features, ...rest);
    const key = features ? `${JSON.stringify(features)}\u0000${text}` : text;
    let word = words.get(key);
    if (!word) {
      const run = layout(text, features);
      word = { glyphs: run.glyphs, positions: run.positions.map((p) => new Position(p.xAdvance, p.yAdvance, p.xOffset, p.yOffset)) };
      if (words.size >= MAX_CACHED_WORDS) words.clear();
      words.set(key, word);
    }
    return new ShapedWord(word.glyphs, word.positions.map((p) => new Position(p.xAdvance, p.yAdvance, p.xOffset, p.yOffset))) as unknown as fontkit.GlyphRun;
  };
  Object.defineProperty(font, 'layout', { value: cached });
}

/** fontkit's TrueType glyph decodes its outline from the file at every call; a subset asks once per document. */
interface DecodingGlyph {
  _decode(): unknown;
}

function keepDecodedGlyphs(font: fontkit.Font): void {
  const getGlyph = font.getGlyph.bind(font);
  const kept = new WeakSet<object>();
  const cached = (id: number, codePoints?: number[]) => {
    const glyph = getGlyph(id, codePoints);
    if (glyph && !kept.has(glyph) && typeof (glyph as unknown as DecodingGlyph)._decode === 'function') {
      const decoding = glyph as unknown as DecodingGlyph;
      const decoded = decoding._decode();
      Object.defineProperty(glyph, '_decode', { value: () => decoded });
      kept.add(glyph);
    }
    return glyph;
  };
  Object.defineProperty(font, 'getGlyph', { value: cached });
}

let parsed: Map<FontName, fontkit.Font> | null = null;

function parsedFonts(): Map<FontName, fontkit.Font> {
  if (parsed) return parsed;
  const require = createRequire(import.meta.url);
  const fonts = new Map<FontName, fontkit.Font>();
  for (const [name, file] of Object.entries(FILES) as [FontName, string][]) {
    const font = fontkit.create(readFileSync(require.resolve(file)));
    if (!('layout' in font)) throw new Error(`${file} is a font collection, not one font`);
    // Static fonts only: a variable font's outlines and advances depend on its axes.
    if (Object.keys(font.variationAxes).length > 0) throw new Error(`${file} is a variable font`);
    keepShapedWords(font);
    keepDecodedGlyphs(font);
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
