import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { renderCertificatesWith, type CertificateRenderJob } from '~/domain/certificates/pdf-renderer.server';
import { renderCertificatePdf } from '~/domain/certificates/render.server';
import { errorFields, log } from '~/lib/log.server';

const pdfLog = log('pdf');

/**
 * The process's PDF workers: `count` worker threads (PDF_WORKERS) that draw certificates
 * off the event loop, so a cohort's ZIP of a thousand PDFs neither holds up the other
 * requests nor uses only one core. Started with no thread; a thread starts with the first
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
  const pool = new Piscina<CertificateRenderJob, Uint8Array>({
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
  // After a failure the renderer is unregistered, so only the jobs already waiting get here.
  renderCertificatesWith({
    parallelism: count,
    render: (job) =>
      new Promise<Uint8Array>((resolve, reject) => {
        const drawHere = () => void renderCertificatePdf(job.snapshot, job.templateVersion, job.options).then(resolve, reject);
        waiting.add(drawHere);
        pool
          .run(job)
          .then(resolve, reject)
          .finally(() => waiting.delete(drawHere));
      }),
  });
  return {
    drawn: () => pool.completed,
    async stop() {
      renderCertificatesWith(null);
      await pool.close();
    },
  };
}
