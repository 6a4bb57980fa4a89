/**
 * The portal's PDF kit, shared by attendance sheets and certificates. No domain here:
 * callers pass plain text, images as bytes and labels already translated.
 *
 * - `createPdfDocument` — A4, embedded DejaVu fonts (parsed once), metadata, language.
 * - `drawLetterhead` / `letterheadOf` — the organization's "kop surat".
 * - `drawTable` — ruled table over pages, header repeated; `alternatingSignatureCell`.
 * - `drawSignatureBlock` — place and date, title, signature image, name, NIP.
 * - `stampPageNumbers` — "Halaman 1 dari 3" on every page, at the end.
 * - `pdfBytes` — end the document and get its bytes.
 * Dates: format with `~/lib/dates` (formatDate, formatTimeRange, …) in the record's zone.
 */
export { CM, contentBox, createPdfDocument, ensureSpace, pdfBytes, type PdfDocumentOptions } from './document.server';
export { FONT } from './fonts.server';
export { drawImageIn } from './images.server';
export { drawLetterhead, letterheadOf, type Letterhead } from './letterhead.server';
export { stampPageNumbers } from './page-numbers.server';
export { drawSignatureBlock, type SignatureBlockOptions, type Signer } from './signature.server';
export { alternatingSignatureCell, drawTable, type CellBox, type TableColumn, type TableOptions } from './table.server';
