import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { renderCertificatesWith, type CertificateRenderJob } from '~/domain/certificates/pdf-renderer.server';
import { printedCertificates, renderCertificatePdf, type PrintedCertificate } from '~/domain/certificates/render.server';
import { errorFields, log } from '~/lib/log.server';
import type { PrintReply, PrintTask } from './pdf-worker';

const pdfLog = log('pdf');

/**
 * The process's PDF workers: `count` worker threads (PDF_WORKERS) that draw certificates
 * off the event loop, so a cohort's ZIP of a thousand PDFs neither holds up the other
 * requests nor uses only one core, and its "print all" (one PDF) takes one thread's time,
 * not the server's. Started with no thread; a thread starts with the first
 * PDF and ends after a minute without one, so a process that draws none keeps no memory for them.
 *
 * The worker is build/server/pdf-worker.js beside the compiled server, or its TypeScript
 * source when the server runs from source (`npm run dev`, tests), loaded through tsx.
 */
export interface PdfWorkers {
  /** How many PDFs the workers have drawn. */
  drawn(): number;
  stop(): Promise<void>;
}

const PDF_WORKER_IDLE_MS = 60_000;
/** Each thread's heap: a certificate needs a few MB; the parsed fonts and word shapes stay. */
const WORKER_HEAP_MB = 128;

/**
 * The worker's file, and its Node options when they must differ from this thread's
 * (undefined: the same); null when neither the compiled worker nor its source is there.
 */
function workerFile(): { filename: string; execArgv: string[] | undefined } | null {
  const built = new URL('./pdf-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return { filename: built.href, execArgv: undefined };
  const source = new URL('./pdf-worker.ts', import.meta.url);
  if (!existsSync(fileURLToPath(source))) return null;
  if (process.execArgv.some((arg) => /\btsx\b/.test(arg))) return { filename: source.href, execArgv: undefined };
  // A thread refuses V8's heap flags in its options (its heap is resourceLimits below).
  return { filename: source.href, execArgv: [...process.execArgv.filter((arg) => !arg.startsWith('--max-old-space-size')), '--import', 'tsx'] };
}

/**
 * Starts the workers and registers them as the process's certificate renderer. Should a
 * worker fail outside a task (its file cannot load), the process logs it and draws in its
 * own thread from then on, the PDFs then waiting included: piscina would leave them waiting.
 */
export function startPdfWorkers(count: number, options: { workerFile?: string } = {}): PdfWorkers {
  const file = options.workerFile ? { filename: options.workerFile, execArgv: undefined } : workerFile();
  if (!file) {
    pdfLog.warn('no PDF worker file beside the server (build/server/pdf-worker.js): certificates are drawn in the server thread');
    return { drawn: () => 0, stop: async () => undefined };
  }
  const pool = new Piscina<unknown, Uint8Array>({
    filename: file.filename,
    execArgv: file.execArgv,
    minThreads: 0,
    maxThreads: count,
    idleTimeout: PDF_WORKER_IDLE_MS,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
  const waiting = new Set<() => void>();
  let failed = false;
  pool.on('error', (error: unknown) => {
    if (failed) return;
    failed = true;
    pdfLog.error('a PDF worker failed: certificates are drawn in the server thread from now on', errorFields(error));
    renderCertificatesWith(null);
    for (const drawHere of waiting) drawHere();
    waiting.clear();
  });
  /** Runs a task on the workers, or `drawHere` should they fail to start while it waits. */
  const run = (task: unknown, options: { name?: string; transferList?: MessagePort[] }, drawHere: () => Promise<Uint8Array>) =>
    new Promise<Uint8Array>((resolve, reject) => {
      const fallBack = () => void drawHere().then(resolve, reject);
      waiting.add(fallBack);
      pool
        .run(task, options)
        .then(resolve, reject)
        .finally(() => waiting.delete(fallBack));
    });
  // After a failure the renderer is unregistered, so only the jobs already waiting get here.
  renderCertificatesWith({
    parallelism: count,
    render: (job: CertificateRenderJob) => run(job, {}, () => renderCertificatePdf(job.snapshot, job.templateVersion, job.options)),
    print: async (certificates, options) => {
      // The worker asks for each snapshot as it reaches it ("next"); the reading stays here.
      const iterator = certificates[Symbol.asyncIterator]();
      const { port1, port2 } = new MessageChannel();
      port1.on('message', () => {
        iterator.next().then(
          (read) => port1.postMessage((read.done ? null : read.value) satisfies PrintReply),
          (error: unknown) => port1.postMessage({ failed: error instanceof Error ? error.message : String(error) } satisfies PrintReply),
        );
      });
      // A worker that never started asked for nothing: this thread prints them all.
      const rest: AsyncIterable<PrintedCertificate> = { [Symbol.asyncIterator]: () => iterator };
      try {
        return await run({ port: port2, ...options } satisfies PrintTask, { name: 'print', transferList: [port2] }, () =>
          printedCertificates(rest, options),
        );
      } finally {
        port1.close();
        await iterator.return?.();
      }
    },
  });
  return {
    drawn: () => pool.completed,
    async stop() {
      renderCertificatesWith(null);
      await pool.close();
    },
  };
}
