import { singleton } from '~/lib/singleton.server';
import { printedCertificates, renderCertificatePdf, type PrintedCertificate, type PrintOptions } from './render.server';
import type { CertificateSnapshot } from './snapshot';

/**
 * Where a certificate's PDF is drawn. Drawing one takes several milliseconds of CPU
 * (text layout, the QR code, the font subsets, compression), and a cohort's ZIP draws a
 * thousand: on the request's thread that would hold up every other request of the
 * process. The portal's process hands the work to its PDF workers (`app/server/pdf-workers.ts`,
 * worker threads), registered here at start; without them (tests, scripts, the mail
 * worker process) it is drawn in this thread. Either way the bytes are the same, as
 * rendering is a pure function of the snapshot. A cohort's certificates printed as one PDF
 * go to one worker the same way, their snapshots handed to it one by one as it asks.
 */
export interface CertificateRenderJob {
  snapshot: CertificateSnapshot;
  templateVersion: string;
  options: Parameters<typeof renderCertificatePdf>[2];
}

export interface CertificateRenderer {
  render(job: CertificateRenderJob): Promise<Uint8Array>;
  /** `printedCertificates`: the snapshots are read as the drawing reaches them. */
  print(certificates: AsyncIterable<PrintedCertificate>, options: PrintOptions): Promise<Uint8Array>;
  /** How many it draws at once. */
  parallelism: number;
}

const slot = () => singleton('certificate-renderer', () => ({ renderer: null as CertificateRenderer | null }));

/** Registers the process's renderer (null: draw in this thread again). */
export function renderCertificatesWith(renderer: CertificateRenderer | null): void {
  slot().renderer = renderer;
}

/**
 * How many PDFs a cohort's ZIP keeps in the making: one at a time in this thread; with
 * workers, twice as many as they draw at once, so none waits for its next snapshot.
 */
export function certificatesDrawnAhead(): number {
  const renderer = slot().renderer;
  return renderer ? 2 * renderer.parallelism : 1;
}

/** A certificate's PDF (see `renderCertificatePdf`), drawn by the process's renderer. */
export async function certificatePdf(
  snapshot: CertificateSnapshot,
  templateVersion: string,
  options: CertificateRenderJob['options'],
): Promise<Buffer> {
  const renderer = slot().renderer;
  if (!renderer) return renderCertificatePdf(snapshot, templateVersion, options);
  return asBuffer(await renderer.render({ snapshot, templateVersion, options }));
}

/** A cohort's certificates one after another in one PDF (`printedCertificates`), drawn by the process's renderer. */
export async function printedCertificatesPdf(certificates: AsyncIterable<PrintedCertificate>, options: PrintOptions): Promise<Buffer> {
  const renderer = slot().renderer;
  if (!renderer) return printedCertificates(certificates, options);
  return asBuffer(await renderer.print(certificates, options));
}

/** The bytes a worker moved over, as a Buffer over the same memory (no copy). */
const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
