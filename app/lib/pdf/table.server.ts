import { contentBox } from './document.server';
import { FONT } from './fonts.server';

/**
 * A ruled table that flows over pages: a row that does not fit starts a new page, and
 * the header row is drawn again at the top of it. Rows grow to fit their wrapped text.
 */
export interface CellBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface TableColumn<Row> {
  header: string;
  /** A fixed width in points; columns without one share what is left by `grow` (default 1). */
  width?: number;
  grow?: number;
  align?: 'left' | 'center' | 'right';
  /** The cell's text… */
  text?: (row: Row, index: number) => string;
  /** …or a drawer for anything else (a signature line, a box); called after the cell's border. */
  draw?: (doc: PDFKit.PDFDocument, box: CellBox, row: Row, index: number) => void;
}

export interface TableOptions<Row> {
  columns: TableColumn<Row>[];
  rows: readonly Row[];
  fontSize?: number;
  headerFontSize?: number;
  /** Inner padding of every cell, in points. */
  padding?: number;
  /** Rows are at least this tall (room for a signature). */
  minRowHeight?: number;
  headerFill?: string;
  /** Called on each new page the table starts, before the header row is drawn again. */
  onPageBreak?: (doc: PDFKit.PDFDocument) => void;
}

function widthsOf(columns: readonly TableColumn<unknown>[], total: number): number[] {
  const fixed = columns.reduce((sum, c) => sum + (c.width ?? 0), 0);
  const shares = columns.reduce((sum, c) => sum + (c.width === undefined ? (c.grow ?? 1) : 0), 0);
  const free = Math.max(0, total - fixed);
  return columns.map((c) => c.width ?? (shares ? (free * (c.grow ?? 1)) / shares : 0));
}

/** Draws the table from `doc.y` and leaves `doc.y` under its last row. */
export function drawTable<Row>(doc: PDFKit.PDFDocument, options: TableOptions<Row>): void {
  const { columns, rows } = options;
  const fontSize = options.fontSize ?? 9;
  const headerFontSize = options.headerFontSize ?? fontSize;
  const padding = options.padding ?? 4;
  const minRowHeight = options.minRowHeight ?? 0;
  const box = contentBox(doc);
  const widths = widthsOf(columns as TableColumn<unknown>[], box.width);
  const innerWidth = (i: number) => Math.max(1, widths[i]! - 2 * padding);

  /** The row's height and each cell's text height (measured once: drawing centres the text with it). */
  const measureRow = (texts: string[], font: string, size: number, min: number) => {
    doc.font(font).fontSize(size);
    const heights = texts.map((text, i) => (text ? doc.heightOfString(text, { width: innerWidth(i) }) : 0));
    return { height: Math.max(min, Math.max(0, ...heights) + 2 * padding), heights };
  };

  const drawRow = (y: number, { height, heights }: { height: number; heights: number[] }, texts: string[], font: string, size: number, fill: string | null, row?: { value: Row; index: number }) => {
    let x = box.left;
    for (const [i, column] of columns.entries()) {
      const width = widths[i]!;
      if (fill) doc.save().rect(x, y, width, height).fill(fill).restore();
      doc.save().lineWidth(0.5).rect(x, y, width, height).stroke().restore();
      const text = texts[i];
      if (text) {
        doc.font(font).fontSize(size);
        const top = y + (height - heights[i]!) / 2;
        doc.text(text, x + padding, top, { width: innerWidth(i), align: column.align ?? 'left' });
      }
      if (row && column.draw) column.draw(doc, { x, y, width, height }, row.value, row.index);
      x += width;
    }
  };

  const headers = columns.map((c) => c.header);
  const header = measureRow(headers, FONT.bold, headerFontSize, 0);
  // doc.text moves doc.y: the table keeps its own position.
  let y = doc.y;
  const drawHeader = () => {
    drawRow(y, header, headers, FONT.bold, headerFontSize, options.headerFill ?? '#e6e6e6');
    y += header.height;
  };

  drawHeader();
  for (const [index, value] of rows.entries()) {
    const texts = columns.map((c) => c.text?.(value, index) ?? '');
    const measured = measureRow(texts, FONT.regular, fontSize, minRowHeight);
    if (y + measured.height > contentBox(doc).bottom) {
      doc.addPage();
      options.onPageBreak?.(doc);
      y = doc.y;
      drawHeader();
    }
    drawRow(y, measured, texts, FONT.regular, fontSize, null, { value, index });
    y += measured.height;
  }
  doc.font(FONT.regular).fontSize(10);
  doc.x = box.left;
  doc.y = y;
}

/**
 * The signature cell of an Indonesian attendance list: the row's number followed by a
 * dotted line, on the left for odd numbers and on the right for even ones, so that
 * neighbours sign in a zigzag and have room for a wide signature.
 */
export function alternatingSignatureCell(number: number) {
  return (doc: PDFKit.PDFDocument, box: CellBox): void => {
    const half = box.width / 2;
    const x = number % 2 === 1 ? box.x + 4 : box.x + half + 2;
    const baseline = box.y + box.height - 6;
    doc.font(FONT.regular).fontSize(8);
    const label = `${number}.`;
    doc.text(label, x, baseline - doc.currentLineHeight(), { lineBreak: false });
    const lineStart = x + doc.widthOfString(label) + 3;
    const lineEnd = x + half - 8;
    if (lineEnd > lineStart) doc.save().lineWidth(0.5).dash(1, { space: 2 }).moveTo(lineStart, baseline).lineTo(lineEnd, baseline).stroke().undash().restore();
  };
}
