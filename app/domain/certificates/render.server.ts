import { setImmediate } from 'node:timers/promises';
import { formatDate, formatDateRange } from '~/lib/dates';
import { contentBox, createPdfDocument, drawImageIn, drawSignatureBlock, drawTable, FONT, pdfBytes } from '~/lib/pdf/index.server';
import { QR_QUIET_ZONE, qrShape } from '~/lib/qr.server';
import { formatNip } from '~/domain/organizations/nip';
import { groupCode } from './codes';
import type { CertificateSnapshot, SnapshotImage } from './snapshot';
import { layoutOf, TEMPLATE_VERSION, type CertificateLayout } from './template';

/**
 * A certificate's PDF: a pure function of its snapshot and template version (and the
 * portal's public address, which the QR code carries). Rendering twice gives the same
 * bytes: the document date and file ID come from the snapshot's issue instant, images
 * from the snapshot's embedded bytes.
 *
 * A4 landscape, DejaVu Sans embedded, PDF/A-3b, language id-ID; the QR code is drawn as
 * vectors and holds the absolute verification URL; a competency certificate's page 2
 * lists the units with their codes and results.
 */
export function verifyUrlOf(publicUrl: string, code: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/verify/${code}`;
}

const bytesOf = (image: SnapshotImage | null | undefined) => (image ? Buffer.from(image.data, 'base64') : null);

export async function renderCertificatePdf(
  snapshot: CertificateSnapshot,
  templateVersion: string,
  options: {
    publicUrl: string;
    /** Without a competency certificate's units page (a settings preview). */
    firstPageOnly?: boolean;
    /** Printed large across page 1 (a settings preview's "CONTOH / SAMPLE"). */
    watermark?: string;
  },
): Promise<Buffer> {
  const layout = layoutOf(templateVersion);
  const texts = snapshot.kind === 'competency' ? layout.texts.competency : layout.texts.training;
  const doc = createCertificateDocument({
    title: `${texts.title} ${snapshot.number} — ${snapshot.holder.name}`,
    author: snapshot.issuers.map((i) => i.name).join('; ') || 'Kompeten',
    subject: snapshot.program.title,
    templateVersion,
    createdAt: new Date(snapshot.issuedAt),
  });
  drawCertificate(doc, snapshot, templateVersion, options.publicUrl, { unitsPage: !options.firstPageOnly });
  if (options.watermark) drawWatermark(doc, layout, options.watermark);
  return pdfBytes(doc);
}

/**
 * A document for certificates: A4 landscape, Indonesian, PDF/A-3b, the template's margins.
 * One certificate, or a cohort's printed one after another (`keepPages: false`, see
 * `createPdfDocument`).
 */
export function createCertificateDocument(options: {
  title: string;
  author: string;
  subject?: string;
  templateVersion: string;
  createdAt: Date;
  keepPages?: boolean;
}): PDFKit.PDFDocument {
  return createPdfDocument({
    title: options.title,
    author: options.author,
    subject: options.subject,
    lang: 'id-ID',
    orientation: 'landscape',
    margin: layoutOf(options.templateVersion).page.margin,
    createdAt: options.createdAt,
    pdfkit: { subset: 'PDF/A-3b', pdfVersion: '1.7' },
    keepPages: options.keepPages,
  });
}

/** A certificate as it is printed: its snapshot and the template version it was issued with. */
export interface PrintedCertificate {
  snapshot: CertificateSnapshot;
  templateVersion: string;
}

export interface PrintOptions {
  title: string;
  createdAt: Date;
  publicUrl: string;
}

/**
 * Certificates one after another in one PDF (a cohort's "print all"), each read when its
 * turn comes. Each page is written out as the next begins, so memory holds one
 * certificate, not all: kept to the end, 1,000 certificates (2,000 pages) ran out of the
 * server's 512 MB heap. Between certificates the thread turns to other work (a request,
 * when it is the server's). The same snapshots and options give the same bytes.
 */
export async function printedCertificates(snapshots: AsyncIterable<PrintedCertificate>, options: PrintOptions): Promise<Buffer> {
  const doc = createCertificateDocument({ title: options.title, author: 'Kompeten', templateVersion: TEMPLATE_VERSION, createdAt: options.createdAt, keepPages: false });
  let first = true;
  for await (const { snapshot, templateVersion } of snapshots) {
    if (!first) doc.addPage();
    first = false;
    drawCertificate(doc, snapshot, templateVersion, options.publicUrl);
    // Drawn in a server's own thread, the other requests get their turn between certificates.
    await setImmediate();
  }
  return pdfBytes(doc);
}

/** Large light text across the first page, over everything (a sample is never taken for a certificate). */
function drawWatermark(doc: PDFKit.PDFDocument, layout: CertificateLayout, text: string): void {
  doc.switchToPage(0);
  const { width, height } = doc.page;
  doc.save();
  doc.rotate(-24, { origin: [width / 2, height / 2] });
  doc.font(FONT.bold).fontSize(72).fillColor(layout.colours.accent).fillOpacity(0.25);
  doc.text(text, 0, height / 2 - 40, { width, align: 'center', lineBreak: false });
  doc.restore();
}

/**
 * Draws one certificate from the current page on (its units page after it): the single
 * PDF above, and a cohort's certificates printed as one document (`bulk.server.ts`),
 * which adds a page before each certificate but the first.
 */
export function drawCertificate(
  doc: PDFKit.PDFDocument,
  snapshot: CertificateSnapshot,
  templateVersion: string,
  publicUrl: string,
  options: { unitsPage: boolean } = { unitsPage: true },
): void {
  const layout = layoutOf(templateVersion);
  const texts = snapshot.kind === 'competency' ? layout.texts.competency : layout.texts.training;
  const { colours } = layout;
  drawFrame(doc, layout);
  drawLogos(doc, layout, snapshot);

  const box = contentBox(doc);
  const centred = (text: string, y: number, size: number, font: string = FONT.regular, colour: string = colours.text, width = box.width) => {
    doc.font(font).fontSize(size).fillColor(colour).text(text, box.left + (box.width - width) / 2, y, { width, align: 'center' });
    return doc.y;
  };
  centred(texts.title, layout.title.y, layout.title.size, FONT.bold, colours.primary);
  centred(texts.subtitle, layout.subtitle.y, layout.subtitle.size, FONT.regular, colours.muted);
  centred(`${layout.texts.number}: ${snapshot.number}`, layout.number.y, layout.number.size, FONT.bold);
  centred(texts.intro, layout.intro.y, layout.intro.size, FONT.regular, colours.muted);
  centred(snapshot.holder.name, layout.holder.y, layout.holder.size, FONT.bold, colours.primary);
  const affiliation = [snapshot.holder.position, snapshot.cooperative?.name].filter(Boolean).join(' — ');
  if (affiliation) centred(affiliation, layout.affiliation.y, layout.affiliation.size);

  const bodyWidth = layout.body.width;
  let y = centred(texts.body, layout.body.y, layout.body.size, FONT.regular, colours.text, bodyWidth);
  if (snapshot.kind === 'competency') {
    const t = layout.texts.competency;
    const scheme = [snapshot.program.schemeName ?? snapshot.program.title, snapshot.program.schemeNumber ? `(${snapshot.program.schemeNumber})` : null].filter(Boolean).join(' ');
    y = centred(scheme, y + 2, 13, FONT.bold, colours.text, bodyWidth);
    if (snapshot.program.competencyStandard) y = centred(`${t.standard} ${snapshot.program.competencyStandard}`, y + 2, 10, FONT.regular, colours.muted, bodyWidth);
    y = centred(t.unitsNote, y + 2, 10, FONT.regular, colours.muted, bodyWidth);
    if (snapshot.examDate) y = centred(`${t.examDate}: ${formatDate(snapshot.examDate, snapshot.timeZone)}`, y + 2, 10, FONT.regular, colours.text, bodyWidth);
  } else {
    const t = layout.texts.training;
    y = centred(snapshot.program.title, y + 2, 13, FONT.bold, colours.text, bodyWidth);
    const venue = [snapshot.cohort.venueName, snapshot.cohort.venueAddress].filter(Boolean).join(', ');
    y = centred(`${t.held} ${formatDateRange(snapshot.cohort.startsOn, snapshot.cohort.endsOn)}${venue ? ` — ${venue}` : ''}`, y + 2, 10, FONT.regular, colours.muted, bodyWidth);
  }
  const dates = [
    `${layout.texts.issuedOn}: ${formatDate(snapshot.issuedOn, snapshot.timeZone)}`,
    snapshot.validUntil ? `${layout.texts.validUntil}: ${formatDate(snapshot.validUntil, snapshot.timeZone)}` : null,
  ].filter(Boolean);
  centred(dates.join('   ·   '), y + 6, 10, FONT.regular, colours.text, bodyWidth);

  drawSigners(doc, layout, snapshot);
  drawQr(doc, layout, verifyUrlOf(publicUrl, snapshot.verificationCode), snapshot.verificationCode);

  if (snapshot.kind === 'competency' && options.unitsPage) drawUnitsPage(doc, layout, snapshot);
}

function drawFrame(doc: PDFKit.PDFDocument, layout: CertificateLayout): void {
  const { width, height } = doc.page;
  const { border, colours } = layout;
  doc.save();
  doc.lineWidth(border.outerWidth).strokeColor(colours.primary);
  doc.rect(border.outerInset, border.outerInset, width - 2 * border.outerInset, height - 2 * border.outerInset).stroke();
  doc.lineWidth(border.innerWidth).strokeColor(colours.accent);
  doc.rect(border.innerInset, border.innerInset, width - 2 * border.innerInset, height - 2 * border.innerInset).stroke();
  doc.restore();
}

function drawLogos(doc: PDFKit.PDFDocument, layout: CertificateLayout, snapshot: CertificateSnapshot): void {
  const logos = snapshot.issuers.map((i) => bytesOf(i.logo)).filter((b) => b !== null);
  if (logos.length === 0) return;
  const { maxWidth, height, gap, y } = layout.logos;
  const total = logos.length * maxWidth + (logos.length - 1) * gap;
  let x = (doc.page.width - total) / 2;
  for (const logo of logos) {
    drawImageIn(doc, logo, { x, y, width: maxWidth, height });
    x += maxWidth + gap;
  }
}

function drawSigners(doc: PDFKit.PDFDocument, layout: CertificateLayout, snapshot: CertificateSnapshot): void {
  const signers = snapshot.signatories;
  if (signers.length === 0) return;
  const { width, height, y } = layout.signatures;
  const box = contentBox(doc);
  const heading = `${snapshot.place ? `${snapshot.place}, ` : ''}${formatDate(snapshot.issuedOn, snapshot.timeZone)}`;
  // One signer: at the right; two: the right half split in two (the QR code holds the left).
  const slots = signers.length === 1 ? [box.right - width] : [box.left + box.width / 2 - width / 2 + 20, box.right - width];
  signers.forEach((s, i) => {
    const institution = snapshot.issuers.find((x) => x.id === s.institutionId);
    doc.x = box.left;
    doc.y = y;
    doc.fillColor(layout.colours.text);
    drawSignatureBlock(doc, {
      signer: {
        name: s.name,
        title: [s.title, institution?.shortName ?? institution?.name].filter(Boolean).join('\n'),
        nipLine: s.nip ? `${layout.texts.nip} ${formatNip(s.nip)}` : null,
        signatureImage: bytesOf(s.signature),
      },
      heading: i === signers.length - 1 ? [heading] : [' '],
      x: slots[i] ?? box.right - width,
      width,
      signatureHeight: height,
    });
  });
}

function drawQr(doc: PDFKit.PDFDocument, layout: CertificateLayout, url: string, code: string): void {
  const qr = qrShape(url, 'M');
  const modules = qr.size + 2 * QR_QUIET_ZONE;
  const { x, y, size, captionSize } = layout.qr;
  const scale = size / modules;
  doc.save();
  doc.rect(x, y, size, size).fill('#ffffff');
  doc.translate(x, y).scale(scale).path(qr.path).fill('#000000');
  doc.restore();
  doc.font(FONT.regular).fontSize(captionSize).fillColor(layout.colours.muted);
  const width = size + 40;
  doc.text(layout.texts.verify, x - 20, y + size + 2, { width, align: 'center' });
  doc.font(FONT.bold).text(groupCode(code), x - 20, doc.y, { width, align: 'center', lineBreak: false });
  doc.fillColor(layout.colours.text);
}

function drawUnitsPage(doc: PDFKit.PDFDocument, layout: CertificateLayout, snapshot: CertificateSnapshot): void {
  const t = layout.texts.competency;
  doc.addPage();
  drawFrame(doc, layout);
  const box = contentBox(doc);
  doc.font(FONT.bold).fontSize(layout.unitsPage.titleSize).fillColor(layout.colours.primary).text(t.unitsTitle, box.left, box.top, { width: box.width, align: 'center' });
  doc.font(FONT.regular).fontSize(10).fillColor(layout.colours.muted).text(t.unitsSubtitle, { width: box.width, align: 'center' });
  doc.moveDown(0.5);
  doc.fillColor(layout.colours.text).text(`${layout.texts.number}: ${snapshot.number} — ${snapshot.holder.name}`, { width: box.width, align: 'center' });
  doc.text(snapshot.program.schemeName ?? snapshot.program.title, { width: box.width, align: 'center' });
  doc.moveDown(0.8);
  const labels = layout.texts.resultLabels;
  drawTable(doc, {
    columns: [
      { header: t.unitNo, width: 36, align: 'center', text: (_u, i) => String(i + 1) },
      { header: t.unitCode, width: 150, text: (u) => u.code },
      { header: t.unitTitle, grow: 1, text: (u) => u.title },
      { header: t.unitResult, width: 130, align: 'center', text: (u) => (u.result ? labels[u.result] : '—') },
    ],
    rows: snapshot.program.units,
    fontSize: layout.unitsPage.tableFontSize,
    headerFill: layout.colours.tableHeader,
  });
}
