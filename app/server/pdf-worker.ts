/**
 * A PDF worker thread (see pdf-workers.ts): draws one certificate per task, or a cohort's
 * certificates printed as one PDF (`print`), and hands the bytes back without copying them.
 * Compiled to build/server/pdf-worker.js by `npm run build`.
 */
import { once } from 'node:events';
import type { MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { CertificateRenderJob } from '~/domain/certificates/pdf-renderer.server';
import { printedCertificates, renderCertificatePdf, type PrintedCertificate, type PrintOptions } from '~/domain/certificates/render.server';

/** A print task: the options, and the port on which the server hands over each snapshot when asked. */
export interface PrintTask extends PrintOptions {
  port: MessagePort;
}

/** The server's answer to "next": a certificate, null after the last, or why it could not read one. */
export type PrintReply = PrintedCertificate | null | { failed: string };

export default async function certificate(job: CertificateRenderJob) {
  return moved(await renderCertificatePdf(job.snapshot, job.templateVersion, job.options));
}

export async function print({ port, ...options }: PrintTask) {
  try {
    return moved(await printedCertificates(asked(port), options));
  } finally {
    port.close();
  }
}

/** The snapshots, each asked for when the drawing reaches it: the server holds the rest. */
async function* asked(port: MessagePort): AsyncGenerator<PrintedCertificate> {
  for (;;) {
    const reply = once(port, 'message') as Promise<[PrintReply]>;
    port.postMessage('next');
    const [answer] = await reply;
    if (answer === null) return;
    if ('failed' in answer) throw new Error(answer.failed);
    yield answer;
  }
}

function moved(bytes: Buffer) {
  // Only memory of its own (not a slice of Node's shared buffer pool) can be moved to the caller.
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? new Uint8Array(bytes.buffer) : new Uint8Array(bytes);
  return Piscina.move(own);
}
