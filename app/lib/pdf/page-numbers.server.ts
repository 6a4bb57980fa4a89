import { FONT } from './fonts.server';

/**
 * Writes a label in the bottom margin of every page ("Halaman 1 dari 3"), once the whole
 * document is laid out and the number of pages known. Needs the pages buffered
 * (`createPdfDocument` does so); call it just before `pdfBytes`.
 */
export function stampPageNumbers(doc: PDFKit.PDFDocument, label: (page: number, total: number) => string): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const { width, height, margins } = doc.page;
    const bottom = margins.bottom;
    // Writing inside the bottom margin would make pdfkit start a new page: lift the margin meanwhile.
    doc.page.margins.bottom = 0;
    doc.font(FONT.regular).fontSize(8).fillColor('#444444');
    doc.text(label(i - start + 1, count), margins.left, height - bottom / 2, { width: width - margins.left - margins.right, align: 'right', lineBreak: false });
    doc.fillColor('black');
    doc.page.margins.bottom = bottom;
  }
}
