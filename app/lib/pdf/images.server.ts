import { createHash } from 'node:crypto';

/**
 * pdfkit embeds an image given as bytes anew at every call (it keeps only images given by
 * file path). A cohort's certificates printed as one document draw the same logos and
 * signatures on every certificate: each distinct image is opened once per document here
 * and drawn again by reference, so the file holds it once.
 */
interface OpenedImage {
  width: number;
  height: number;
}

type OpeningDocument = PDFKit.PDFDocument & { openImage(src: Buffer): OpenedImage };

const openedPerDocument = new WeakMap<PDFKit.PDFDocument, Map<string, OpenedImage>>();

function openedImage(doc: PDFKit.PDFDocument, bytes: Buffer): OpenedImage {
  let opened = openedPerDocument.get(doc);
  if (!opened) {
    opened = new Map();
    openedPerDocument.set(doc, opened);
  }
  const key = createHash('sha256').update(bytes).digest('base64');
  let image = opened.get(key);
  if (!image) {
    image = (doc as OpeningDocument).openImage(bytes);
    opened.set(key, image);
  }
  return image;
}

/**
 * Draws a stored image (a logo, a signature) fitted in a box. The portal checks uploads
 * are PNG or JPEG by their first bytes, but a damaged file must not cost the whole
 * document: an image pdfkit cannot read is left out and the box stays blank.
 */
export function drawImageIn(doc: PDFKit.PDFDocument, bytes: Buffer | null | undefined, box: { x: number; y: number; width: number; height: number }, align: 'left' | 'center' | 'right' = 'center'): boolean {
  if (!bytes || bytes.byteLength === 0) return false;
  try {
    // pdfkit draws an opened image (anything with width and height) as it is; its types know only bytes and paths.
    doc.image(openedImage(doc, bytes) as unknown as Buffer, box.x, box.y, { fit: [box.width, box.height], ...(align === 'left' ? {} : { align }), valign: 'center' });
    return true;
  } catch {
    return false;
  }
}
