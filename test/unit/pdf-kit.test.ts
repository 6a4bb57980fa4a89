import { describe, expect, it } from 'vitest';
import { alternatingSignatureCell, createPdfDocument, drawImageIn, drawLetterhead, drawSignatureBlock, drawTable, letterheadOf, pdfBytes, stampPageNumbers } from '~/lib/pdf/index.server';
import { tinyPng } from '../support/images';

/** The PDF kit's own rules; the documents themselves are read back with qpdf/poppler in test/integration/attendance-sheet.test.ts. */

function sampleDocument(createdAt: Date, rows: number) {
  const doc = createPdfDocument({ title: 'Daftar Hadir — Uji', createdAt });
  drawLetterhead(doc, { name: 'Dinas Koperasi Kota Uji', above: ['PEMERINTAH KOTA UJI'], below: ['Jl. Uji No. 1'], logo: Buffer.from([0x89, 0x50, 0x4e, 0x47]) });
  let breaks = 0;
  drawTable(doc, {
    columns: [
      { header: 'No', width: 24, text: (_r, i) => String(i + 1) },
      { header: 'Nama', text: (r: string) => r },
      { header: 'Tanda tangan', width: 110, draw: (d, box, _r, i) => alternatingSignatureCell(i + 1)(d, box) },
    ],
    rows: Array.from({ length: rows }, (_, i) => (i === 0 ? 'Siti Nur’aini' : `Peserta ${i}`)),
    minRowHeight: 28,
    onPageBreak: () => breaks++,
  });
  drawSignatureBlock(doc, { heading: ['Uji, 12 November 2026'], signer: { name: 'Dédé', title: 'Kepala Dinas', nipLine: 'NIP 19700101 199003 1 002' } });
  stampPageNumbers(doc, (page, total) => `Halaman ${page} dari ${total}`);
  return { doc, breaks: () => breaks };
}

describe('the PDF kit', () => {
  it('renders the same bytes twice from the same creation date (certificates rely on it)', async () => {
    const at = new Date('2026-11-12T01:00:00Z');
    const [a, b] = [await pdfBytes(sampleDocument(at, 5).doc), await pdfBytes(sampleDocument(at, 5).doc)];
    expect(a.subarray(0, 8).toString('latin1')).toBe('%PDF-1.3');
    expect(a.equals(b)).toBe(true);
    expect((await pdfBytes(sampleDocument(new Date('2026-11-13T01:00:00Z'), 5).doc)).equals(a)).toBe(false);
  });

  it('breaks a long table over pages, calling back before each repeated header; an unreadable logo is left out', async () => {
    const { doc, breaks } = sampleDocument(new Date(), 60);
    expect(doc.bufferedPageRange().count).toBeGreaterThanOrEqual(3);
    expect(breaks()).toBe(doc.bufferedPageRange().count - 1);
    expect((await pdfBytes(doc)).length).toBeGreaterThan(1000);
  });

  it('embeds an image once per document however often it is drawn (a cohort printed as one PDF)', async () => {
    const imagesIn = (bytes: Buffer) => bytes.toString('latin1').match(/\/Subtype \/Image/g)?.length ?? 0;
    const box = { x: 40, y: 40, width: 60, height: 60 };
    const doc = createPdfDocument({ title: 'Uji', createdAt: new Date('2026-11-12T01:00:00Z') });
    for (let page = 0; page < 3; page++) {
      if (page > 0) doc.addPage();
      // Fresh buffers each time, as each certificate's snapshot decodes its own.
      expect(drawImageIn(doc, Buffer.from(tinyPng()), box)).toBe(true);
      expect(drawImageIn(doc, Buffer.from(tinyPng(0x20)), { ...box, x: 140 })).toBe(true);
    }
    expect(drawImageIn(doc, Buffer.from('not an image'), box)).toBe(false);
    expect(imagesIn(await pdfBytes(doc))).toBe(2);
    // Another document embeds its own.
    const other = createPdfDocument({ title: 'Uji 2' });
    drawImageIn(other, tinyPng(), box);
    expect(imagesIn(await pdfBytes(other))).toBe(1);
  });

  it("places a Dinas's stored letterhead lines above and below its name", () => {
    expect(letterheadOf({ name: 'Dinas Koperasi Kota Uji', lines: ['PEMERINTAH KOTA UJI', 'Jl. Uji No. 1', 'Telp. 0285'] })).toEqual({
      name: 'Dinas Koperasi Kota Uji',
      above: ['PEMERINTAH KOTA UJI'],
      below: ['Jl. Uji No. 1', 'Telp. 0285'],
      logo: null,
    });
    // A line equal to the name (any case) splits the lines there, and is printed as stored.
    expect(letterheadOf({ name: 'Dinas Uji', lines: ['PEMKAB UJI', 'DINAS UJI', 'Jl. Uji'] })).toMatchObject({ name: 'DINAS UJI', above: ['PEMKAB UJI'], below: ['Jl. Uji'] });
    expect(letterheadOf({ name: 'Dinas Uji', lines: [] })).toMatchObject({ name: 'Dinas Uji', above: [], below: [] });
  });
});
