/**
 * A PDF worker thread (see pdf-workers.ts): draws one certificate per task and hands its
 * bytes back without copying them. Compiled to build/server/pdf-worker.js by `npm run build`.
 */
import { Piscina } from 'piscina';
import type { CertificateRenderJob } from '~/domain/certificates/pdf-renderer.server';
import { renderCertificatePdf } from '~/domain/certificates/render.server';

export default async function certificate(job: CertificateRenderJob) {
  const bytes = await renderCertificatePdf(job.snapshot, job.templateVersion, job.options);
  // Only memory of its own (not a slice of Node's shared buffer pool) can be moved to the caller.
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? new Uint8Array(bytes.buffer) : new Uint8Array(bytes);
  return Piscina.move(own);
}
