import type { Kysely } from 'kysely';
import type { Database } from '~db/schema';
import { formatDate, formatDateRange } from '~/lib/dates';
import type { Locale } from '~/lib/i18n';
import { translatorFor } from '~/lib/meta';
import type { Actor } from '~/lib/permissions';
import { contentBox, createPdfDocument, drawLetterhead, drawTable, FONT, letterheadOf, pdfBytes, stampPageNumbers, type TableColumn } from '~/lib/pdf/index.server';
import { letterheadLines } from '~/domain/organizations/schemas';
import { cohortSummaryData, type CohortSummaryParticipant } from './cohort-summary.server';

/**
 * The one-page summary of a cohort (A4 portrait, the Dinas's letterhead): its facts, its
 * figures, and its participants with attendance, result and certificate numbers. Up to
 * `MAX_ROWS` participants fit the page; beyond that a line says how many more there are.
 */
const MAX_ROWS = 30;

type T = ReturnType<typeof translatorFor>;

function percent(value: number | null, locale: Locale): string {
  if (value === null) return '–';
  return `${new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: 1 }).format(value)} %`;
}

function drawFacts(doc: PDFKit.PDFDocument, facts: [string, string][]): void {
  const box = contentBox(doc);
  doc.fontSize(9.5);
  const labelWidth = facts.reduce((max, [label]) => Math.max(max, doc.font(FONT.regular).widthOfString(label)), 0) + 6;
  for (const [label, value] of facts) {
    const y = doc.y;
    doc.font(FONT.regular).text(label, box.left, y, { width: labelWidth, lineBreak: false });
    doc.text(':', box.left + labelWidth, y, { width: 8, lineBreak: false });
    doc.font(FONT.bold).text(value || '–', box.left + labelWidth + 10, y, { width: box.width - labelWidth - 10 });
  }
}

function heading(doc: PDFKit.PDFDocument, text: string): void {
  const box = contentBox(doc);
  doc.moveDown(0.5).font(FONT.bold).fontSize(11).text(text, box.left, doc.y, { width: box.width });
  doc.moveDown(0.2);
}

export async function cohortSummaryPdf(db: Kysely<Database>, actor: Actor | null, cohortId: string, locale: Locale, now = new Date()): Promise<{ fileName: string; bytes: Buffer }> {
  const data = await cohortSummaryData(db, actor, cohortId, now);
  const t: T = translatorFor(locale);
  const { cohort, figures } = data;
  const values = { program: cohort.programTitle, cohort: cohort.name };
  const doc = createPdfDocument({ title: t('dashboard:cohortSummary.docTitle', values), author: data.dinas.name, lang: locale === 'en' ? 'en-GB' : 'id-ID' });
  drawLetterhead(doc, letterheadOf({ name: data.dinas.name, lines: letterheadLines(data.dinas.letterhead), logo: data.dinas.logo }));
  const box = contentBox(doc);
  doc.font(FONT.bold).fontSize(13).text(t('dashboard:cohortSummary.heading'), box.left, doc.y, { width: box.width, align: 'center' });
  doc.moveDown(0.5);
  const n = (v: number) => new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'id-ID').format(v);
  drawFacts(doc, [
    [t('dashboard:cohortSummary.program'), `${cohort.programTitle} (${cohort.programCode})`],
    [t('dashboard:cohortSummary.cohort'), cohort.name],
    [t('dashboard:cohortSummary.dates'), formatDateRange(cohort.startsOn, cohort.endsOn, locale)],
    [t('dashboard:cohortSummary.venue'), [cohort.venueName, cohort.venueAddress].filter(Boolean).join(', ')],
    [t('dashboard:cohortSummary.institute'), cohort.institute ?? '–'],
    [t('dashboard:cohortSummary.body'), cohort.body ?? '–'],
    [t('dashboard:cohortSummary.status'), t(`common:cohort.status.${cohort.status}`)],
  ]);
  heading(doc, t('dashboard:cohortSummary.figures'));
  const withoutResult = Math.max(0, figures.participants - figures.competent - figures.notYetCompetent - figures.absent);
  drawFacts(doc, [
    [t('dashboard:cohortSummary.participants'), n(figures.participants)],
    [
      t('dashboard:cohortSummary.attendance'),
      t('dashboard:cohortSummary.attendanceValue', { rate: percent(figures.attendanceRate, locale), attended: n(figures.attended), expected: n(figures.expected) }),
    ],
    [
      t('dashboard:cohortSummary.results'),
      t('dashboard:cohortSummary.resultsValue', { competent: n(figures.competent), notYet: n(figures.notYetCompetent), absent: n(figures.absent), none: n(withoutResult) }),
    ],
    [t('dashboard:cohortSummary.competentRate'), percent(figures.competentRate, locale)],
    [t('dashboard:cohortSummary.certificates'), t('dashboard:cohortSummary.certificatesValue', { competency: n(figures.competencyCertificates), training: n(figures.trainingCertificates) })],
  ]);

  heading(doc, t('dashboard:cohortSummary.participantsTable'));
  const shown = data.participants.slice(0, MAX_ROWS);
  const columns: TableColumn<CohortSummaryParticipant>[] = [
    { header: t('dashboard:cohortSummary.no'), width: 24, align: 'center', text: (_p, i) => String(i + 1) },
    { header: t('dashboard:cohortSummary.name'), grow: 2.2, text: (p) => p.name },
    { header: t('dashboard:cohortSummary.cooperative'), grow: 2.2, text: (p) => p.cooperative ?? '–' },
    { header: t('dashboard:cohortSummary.attended'), width: 44, align: 'center', text: (p) => `${p.attended}/${figures.trainingSessions}` },
    { header: t('dashboard:cohortSummary.result'), width: 50, align: 'center', text: (p) => t(`dashboard:cohortSummary.outcome.${p.outcome ?? 'none'}`) },
    { header: t('dashboard:cohortSummary.certificate'), grow: 2.4, text: (p) => p.certificates ?? '–' },
  ];
  drawTable(doc, { columns, rows: shown, fontSize: 7.5, headerFontSize: 7.5, padding: 2.5 });
  if (data.participants.length > MAX_ROWS) {
    doc.moveDown(0.3).font(FONT.regular).fontSize(8.5).text(t('dashboard:cohortSummary.more', { count: data.participants.length - MAX_ROWS }), box.left, doc.y, { width: box.width });
  }
  doc.moveDown(0.5).font(FONT.regular).fontSize(7.5).fillColor('#444444')
    .text(t('dashboard:cohortSummary.generated', { date: formatDate(now, data.dinas.timeZone, locale) }), box.left, doc.y, { width: box.width });
  doc.fillColor('black');
  stampPageNumbers(doc, (page, total) => t('dashboard:cohortSummary.page', { page, total }));
  return { fileName: t('dashboard:cohortSummary.fileName', { cohort: cohort.name }), bytes: await pdfBytes(doc) };
}
