import PDFDocument from 'pdfkit';
import { FONT, registerFonts } from './fonts.server';

/**
 * The portal's PDF documents (attendance sheets, certificates): A4, DejaVu fonts embedded,
 * title and language in the metadata, pages kept in memory (unless `keepPages: false`) so
 * page numbers can be stamped at the end ("Halaman 1 dari 3").
 *
 *   const doc = createPdfDocument({ title: 'Daftar Hadir …', orientation: 'landscape' });
 *   drawLetterhead(doc, …); drawTable(doc, …); drawSignatureBlock(doc, …);
 *   stampPageNumbers(doc, (page, total) => `Halaman ${page} dari ${total}`);
 *   const bytes = await pdfBytes(doc);
 */
export interface PdfDocumentOptions {
  /** The document's title (shown by readers instead of the file name). */
  title: string;
  author?: string;
  subject?: string;
  /** BCP 47 language of the text; 'id-ID' unless the document is in English. */
  lang?: string;
  orientation?: 'portrait' | 'landscape';
  /** Margins in points (1 cm ≈ 28.35 pt); 2 cm by default. */
  margin?: number;
  /**
   * The creation date written in the metadata, from which pdfkit also derives the file
   * ID: pass a stored date (a certificate's issue date) to render the same bytes twice.
   */
  createdAt?: Date;
  /** Extra pdfkit options (e.g. `subset: 'PDF/A-3b'`, `pdfVersion: '1.7'` for certificates). */
  pdfkit?: Pick<PDFKit.PDFDocumentOptions, 'subset' | 'pdfVersion' | 'tagged'>;
  /**
   * false: each page is written out when the next begins, and no earlier page can be drawn
   * on again (no page numbers stamped at the end). For long documents: kept, a page's
   * drawing operations stay in memory to the end — a cohort of 1,000 certificates printed
   * as one PDF (2,000 pages) ran out of a 512 MB heap.
   */
  keepPages?: boolean;
}

/** Points per centimetre. */
export const CM = 72 / 2.54;

export function createPdfDocument(options: PdfDocumentOptions): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4',
    layout: options.orientation ?? 'portrait',
    margin: options.margin ?? 2 * CM,
    bufferPages: options.keepPages ?? true,
    lang: options.lang ?? 'id-ID',
    displayTitle: true,
    // No default font: pdfkit would otherwise set up Helvetica, which cannot be embedded.
    font: null as unknown as string,
    info: {
      Title: options.title,
      ...(options.author ? { Author: options.author } : {}),
      ...(options.subject ? { Subject: options.subject } : {}),
      Creator: 'Kompeten',
      Producer: 'Kompeten (PDFKit)',
      CreationDate: options.createdAt ?? new Date(),
    },
    ...options.pdfkit,
  });
  registerFonts(doc);
  doc.font(FONT.regular).fontSize(10).fillColor('black');
  return doc;
}

/** The printable area of the current page, in points. */
export function contentBox(doc: PDFKit.PDFDocument): { left: number; right: number; top: number; bottom: number; width: number } {
  const { width, height, margins } = doc.page;
  return { left: margins.left, right: width - margins.right, top: margins.top, bottom: height - margins.bottom, width: width - margins.left - margins.right };
}

/** Starts a new page when fewer than `height` points are left on this one; true when it did. */
export function ensureSpace(doc: PDFKit.PDFDocument, height: number): boolean {
  if (doc.y + height <= contentBox(doc).bottom) return false;
  doc.addPage();
  return true;
}

/** Ends the document and resolves with its bytes. */
export function pdfBytes(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
