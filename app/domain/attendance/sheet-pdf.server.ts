import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { formatDate, formatDateRange, formatDateWithWeekday, formatShortDate, formatTimeRange } from '~/lib/dates';
import type { Locale } from '~/lib/i18n';
import { translatorFor } from '~/lib/meta';
import type { Actor } from '~/lib/permissions';
import {
  alternatingSignatureCell,
  contentBox,
  createPdfDocument,
  drawLetterhead,
  drawSignatureBlock,
  drawTable,
  FONT,
  letterheadOf,
  pdfBytes,
  stampPageNumbers,
  type TableColumn,
} from '~/lib/pdf/index.server';
import { letterheadLines } from '~/domain/organizations/schemas';
import { formatNip } from '~/domain/organizations/nip';
import { attendanceSheetData, statusKey, type AttendanceSheetData, type SheetParticipant, type SheetSession } from './sheet.server';

/**
 * The attendance sheets ("daftar hadir") printed for participants to sign: one per
 * session (portrait, a zigzag signature column) and one per cohort (a signature box per
 * training session; landscape beyond three of them). In the reader's language, Indonesian
 * by default; dates and times in the cohort's zone.
 */
export interface SheetFile {
  fileName: string;
  bytes: Buffer;
}

/** Landscape when a portrait page would leave signature boxes too narrow. */
const PORTRAIT_MAX_DAYS = 3;

type T = ReturnType<typeof translatorFor>;

/** "Pekalongan" from "Kota Pekalongan": letters are dated with the town's name alone. */
function placeName(city: string | null): string | null {
  if (!city) return null;
  return city.replace(/^(Kota|Kabupaten|Kab\.)\s+/i, '').trim() || null;
}

function venueOf(data: AttendanceSheetData, session?: SheetSession): string {
  const name = session?.venueName ?? data.cohort.venueName;
  return [name, data.cohort.venueAddress].filter(Boolean).join(', ');
}

/** The heading under the letterhead: "DAFTAR HADIR", then label : value lines. */
function drawHeading(doc: PDFKit.PDFDocument, t: T, facts: [string, string][]): void {
  const box = contentBox(doc);
  doc.font(FONT.bold).fontSize(14).text(t('documents:attendanceSheet.heading'), box.left, doc.y, { width: box.width, align: 'center' });
  doc.moveDown(0.6);
  doc.fontSize(10);
  const labelWidth = facts.reduce((max, [label]) => Math.max(max, doc.font(FONT.regular).widthOfString(label)), 0) + 6;
  for (const [label, value] of facts) {
    const y = doc.y;
    doc.font(FONT.regular).text(label, box.left, y, { width: labelWidth, lineBreak: false });
    doc.text(':', box.left + labelWidth, y, { width: 8, lineBreak: false });
    doc.text(value || '–', box.left + labelWidth + 10, y, { width: box.width - labelWidth - 10 });
  }
  doc.moveDown(0.8);
}

/** On each page after the first, a short line above the repeated header row. */
function continuedLine(t: T, data: AttendanceSheetData) {
  return (doc: PDFKit.PDFDocument) => {
    const box = contentBox(doc);
    doc.font(FONT.regular).fontSize(9).fillColor('#444444').text(t('documents:attendanceSheet.continued', { cohort: data.cohort.name }), box.left, box.top, { width: box.width });
    doc.fillColor('black');
    doc.moveDown(0.4);
  };
}

function drawSignatory(doc: PDFKit.PDFDocument, t: T, data: AttendanceSheetData, day: string): void {
  const signatory = data.dinas.signatory;
  if (!signatory) return;
  const place = placeName(data.dinas.city);
  doc.moveDown(1.2);
  drawSignatureBlock(doc, {
    heading: [place ? `${place}, ${day}` : day, t('documents:attendanceSheet.acknowledged')],
    signer: {
      name: signatory.name,
      title: signatory.title,
      nipLine: signatory.nip ? t('documents:attendanceSheet.nip', { nip: formatNip(signatory.nip) }) : null,
      signatureImage: signatory.signatureImage,
    },
  });
}

function baseColumns(t: T): TableColumn<SheetParticipant>[] {
  return [
    { header: t('documents:attendanceSheet.no'), width: 26, align: 'center', text: (_p, i) => String(i + 1) },
    { header: t('documents:attendanceSheet.name'), grow: 3, text: (p) => p.name },
    { header: t('documents:attendanceSheet.cooperative'), grow: 3, text: (p) => p.cooperativeName ?? '–' },
    { header: t('documents:attendanceSheet.position'), grow: 2.5, text: (p) => p.position ?? '–' },
  ];
}

function newDocument(title: string, locale: Locale, orientation: 'portrait' | 'landscape', data: AttendanceSheetData) {
  return createPdfDocument({ title, author: data.dinas.name, lang: locale === 'en' ? 'en-GB' : 'id-ID', orientation });
}

function drawLetterheadOf(doc: PDFKit.PDFDocument, data: AttendanceSheetData) {
  drawLetterhead(doc, letterheadOf({ name: data.dinas.name, lines: letterheadLines(data.dinas.letterhead), logo: data.dinas.logo }));
}

async function finish(doc: PDFKit.PDFDocument, t: T): Promise<Buffer> {
  stampPageNumbers(doc, (page, total) => t('documents:attendanceSheet.page', { page, total }));
  return pdfBytes(doc);
}

/** The sheet of one session: No, name, cooperative, position, the recorded status if any, and a signature. */
export async function sessionAttendanceSheet(db: Kysely<Database>, actor: Actor | null, cohortId: string, sessionId: string, locale: Locale): Promise<SheetFile> {
  const data = await attendanceSheetData(db, actor, cohortId, sessionId);
  const session = data.sessions[0]!;
  const t = translatorFor(locale);
  const zone = data.cohort.timeZone;
  const values = { program: data.program.title, cohort: data.cohort.name, position: session.position };
  const doc = newDocument(t('documents:attendanceSheet.sessionDocTitle', values), locale, 'portrait', data);
  drawLetterheadOf(doc, data);
  drawHeading(doc, t, [
    [t('documents:attendanceSheet.program'), data.program.title],
    [t('documents:attendanceSheet.cohort'), data.cohort.name],
    [
      t('documents:attendanceSheet.session'),
      t('documents:attendanceSheet.sessionValue', { position: session.position, kind: t(`common:cohort.sessionKind.${session.kind}`), title: session.title }),
    ],
    [t('documents:attendanceSheet.day'), formatDateWithWeekday(session.startsAt, zone, locale)],
    [t('documents:attendanceSheet.time'), formatTimeRange(session.startsAt, session.endsAt, zone, locale)],
    [t('documents:attendanceSheet.venue'), venueOf(data, session)],
  ]);

  const recorded = data.participants.some((p) => data.statuses.has(statusKey(p.enrollmentId, session.id)));
  const columns = baseColumns(t);
  if (recorded) {
    columns.push({
      header: t('documents:attendanceSheet.status'),
      width: 54,
      align: 'center',
      text: (p) => {
        const status = data.statuses.get(statusKey(p.enrollmentId, session.id));
        return status ? t(`documents:attendanceSheet.statuses.${status}`) : '';
      },
    });
  }
  columns.push({ header: t('documents:attendanceSheet.signature'), width: 112, align: 'center', draw: (d, box, _p, i) => alternatingSignatureCell(i + 1)(d, box) });
  drawTable(doc, { columns, rows: data.participants, fontSize: 8.5, minRowHeight: 30, onPageBreak: continuedLine(t, data) });
  if (data.participants.length === 0) doc.moveDown(0.5).font(FONT.regular).fontSize(10).text(t('documents:attendanceSheet.noParticipants'));
  drawSignatory(doc, t, data, formatDate(session.startsAt, zone, locale));
  return { fileName: t('documents:attendanceSheet.sessionFileName', values), bytes: await finish(doc, t) };
}

/** The sheet of the whole cohort: one signature box per training session (day), with any recorded status in it. */
export async function cohortAttendanceSheet(db: Kysely<Database>, actor: Actor | null, cohortId: string, locale: Locale): Promise<SheetFile> {
  const data = await attendanceSheetData(db, actor, cohortId);
  const t = translatorFor(locale);
  const zone = data.cohort.timeZone;
  const days = data.sessions.filter((s) => s.kind === 'training');
  const values = { program: data.program.title, cohort: data.cohort.name };
  const doc = newDocument(t('documents:attendanceSheet.docTitle', values), locale, days.length > PORTRAIT_MAX_DAYS ? 'landscape' : 'portrait', data);
  drawLetterheadOf(doc, data);
  const hours = [...new Set(days.map((s) => formatTimeRange(s.startsAt, s.endsAt, zone, locale)))];
  drawHeading(doc, t, [
    [t('documents:attendanceSheet.program'), data.program.title],
    [t('documents:attendanceSheet.cohort'), data.cohort.name],
    [t('documents:attendanceSheet.dates'), formatDateRange(data.cohort.startsOn, data.cohort.endsOn, locale)],
    [t('documents:attendanceSheet.trainingDays'), days.map((s) => formatDate(s.startsAt, zone, locale)).join('; ')],
    [t('documents:attendanceSheet.time'), hours.join('; ')],
    [t('documents:attendanceSheet.venue'), venueOf(data)],
  ]);

  const columns = baseColumns(t);
  for (const day of days) {
    columns.push({
      header: `${t('documents:attendanceSheet.sessionColumn', { position: day.position })}\n${formatShortDate(day.startsAt, zone, locale)}`,
      width: days.length > 8 ? 48 : days.length > 6 ? 60 : 72,
      align: 'center',
      draw: (d, box, p) => {
        const status = data.statuses.get(statusKey(p.enrollmentId, day.id));
        if (!status) return;
        d.font(FONT.regular).fontSize(6.5).fillColor('#555555').text(t(`documents:attendanceSheet.statuses.${status}`), box.x + 2, box.y + 2, { width: box.width - 4, lineBreak: false });
        d.fillColor('black');
      },
    });
  }
  drawTable(doc, { columns, rows: data.participants, fontSize: 8.5, headerFontSize: 8, minRowHeight: 28, onPageBreak: continuedLine(t, data) });
  if (data.participants.length === 0) doc.moveDown(0.5).font(FONT.regular).fontSize(10).text(t('documents:attendanceSheet.noParticipants'));
  if (days.length === 0) doc.moveDown(0.5).font(FONT.regular).fontSize(10).text(t('documents:attendanceSheet.noTrainingSessions'));
  drawSignatory(doc, t, data, formatDate(data.cohort.endsOn, zone, locale));
  return { fileName: t('documents:attendanceSheet.fileName', values), bytes: await finish(doc, t) };
}
