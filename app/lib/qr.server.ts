import QRCode from 'qrcode';

/**
 * A QR code as vector shapes: its size in modules and one SVG path of its dark modules
 * (one unit square each), to draw in a `viewBox` with a quiet zone around it. Vector, so
 * it stays sharp on a projector as on a printed certificate.
 */
export interface QrShape {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** SVG path data: dark modules as unit squares, runs of a row merged. */
  path: string;
}

/** The quiet zone the QR specification asks for around the code, in modules. */
export const QR_QUIET_ZONE = 4;

export function qrShape(text: string, errorCorrectionLevel: 'L' | 'M' | 'Q' | 'H' = 'M'): QrShape {
  const { modules } = QRCode.create(text, { errorCorrectionLevel });
  const size = modules.size;
  let path = '';
  for (let y = 0; y < size; y++) {
    let x = 0;
    while (x < size) {
      if (!modules.get(y, x)) {
        x++;
        continue;
      }
      const start = x;
      while (x < size && modules.get(y, x)) x++;
      path += `M${start + QR_QUIET_ZONE} ${y + QR_QUIET_ZONE}h${x - start}v1h-${x - start}z`;
    }
  }
  return { size, path };
}
