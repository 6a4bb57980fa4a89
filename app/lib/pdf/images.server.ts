/**
 * Draws a stored image (a logo, a signature) fitted in a box. The portal checks uploads
 * are PNG or JPEG by their first bytes, but a damaged file must not cost the whole
 * document: an image pdfkit cannot read is left out and the box stays blank.
 */
export function drawImageIn(doc: PDFKit.PDFDocument, bytes: Buffer | null | undefined, box: { x: number; y: number; width: number; height: number }, align: 'left' | 'center' | 'right' = 'center'): boolean {
  if (!bytes || bytes.byteLength === 0) return false;
  try {
    doc.image(bytes, box.x, box.y, { fit: [box.width, box.height], ...(align === 'left' ? {} : { align }), valign: 'center' });
    return true;
  } catch {
    return false;
  }
}
