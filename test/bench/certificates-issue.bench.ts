/**
 * Issuing a 1,000-participant cohort on PostgreSQL (not part of `npm test`):
 *
 *   npm run bench:issue      (= npx tsx test/bench/certificates-issue.bench.ts [participants] [pdf-workers])
 *
 * Creates a fresh database on BENCH_DATABASE_URL's server (default
 * postgres://postgres@127.0.0.1:5432/postgres), migrates it, loads the demo data and adds
 * a completed cohort of the demo program with `participants` (default 1,000) confirmed
 * participants whose finalized exam results are all K (bulk SQL; a training day without
 * attendance marks, so each earns the certificate of competency only). Then:
 *   1. times `issueCohortCertificates` (the rows: numbers, snapshots, audit, the holders'
 *      e-mails queued);
 *   2. streams the cohort's ZIP (`cohortCertificatesZip`, which renders every PDF as the
 *      archive nears it) into a sink that counts bytes, sampling the process's memory. The
 *      PDFs are drawn by the server's PDF workers (`pdf-workers`; as many as PDF_WORKERS's
 *      default, one per core up to 4, unless given; 0 draws them in this thread). The
 *      workers' start (with the first PDFs, as after a quiet minute) is timed and counted
 *      in the total; the memory they take is printed apart from the ZIP's growth;
 *   3. prints all of them as one PDF (`cohortCertificatesPdf`), for the record: time, size, memory,
 *      and how long the event loop (every other request of the process) waited meanwhile;
 *   4. fails (exit 1) when rows + PDFs take 10 s or more, or the memory grows by 100 MB or more
 *      while the ZIP streams.
 * Drops the database at the end, whatever happened.
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import pg from 'pg';
import { migrateToLatest } from '~db/migrate';
import { seedDemoData } from '~/server/demo-seed';
import { cohortCertificatesPdf, cohortCertificatesZip } from '~/domain/certificates/bulk.server';
import { certificatePdf } from '~/domain/certificates/pdf-renderer.server';
import type { CertificateSnapshot } from '~/domain/certificates/snapshot';
import { issueCohortCertificates } from '~/domain/certificates/issue.server';
import { openPostgres } from '~/lib/db.server';
import { addDays, dateInZone } from '~/lib/dates';
import type { Actor } from '~/lib/permissions';
import { startPdfWorkers } from '~/server/pdf-workers';
import { dropWhenIdle } from './bench-database';

const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PARTICIPANTS = Number(process.argv[2] ?? 1000);
const PDF_WORKERS = Number(process.argv[3] ?? Math.min(4, availableParallelism()));
const TOTAL_LIMIT_MS = 10_000;
const MEMORY_LIMIT_MB = 100;
const PUBLIC_URL = 'https://kompeten.example.go.id';

const mb = (bytes: number) => bytes / (1024 * 1024);

async function main() {
  const name = `kompeten_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openPostgres(url.toString());
  const db = handle.db;
  let failed = false;
  const pdfWorkers = PDF_WORKERS > 0 ? startPdfWorkers(PDF_WORKERS) : null;
  try {
    console.log(`database ${name} on ${url.host}`);
    await migrateToLatest(db);
    const today = dateInZone(new Date(), 'Asia/Jakarta');
    await seedDemoData(db, { today });
    const user = await db.selectFrom('users').selectAll().where('email', '=', 'koordinator@kompeten.test').executeTakeFirstOrThrow();
    const roles = await db.selectFrom('user_roles').select(['role', 'institution_id', 'cooperative_id']).where('user_id', '=', user.id).execute();
    const actor: Actor = {
      userId: user.id,
      email: user.email,
      displayName: user.display_name,
      personId: user.person_id,
      locale: user.locale,
      roles: roles.map((r) => ({ role: r.role, institutionId: r.institution_id, cooperativeId: r.cooperative_id })),
      ip: '127.0.0.1',
    };
    const dinasId = roles.find((r) => r.role === 'coordinator')?.institution_id ?? roles[0]!.institution_id!;
    const program = await db.selectFrom('programs').select('id').where('code', '=', 'KABAG-PMB').executeTakeFirstOrThrow();
    const lsp = await db.selectFrom('institutions').select('id').where('kind', '=', 'certification_body').orderBy('created_at').executeTakeFirstOrThrow();
    const institute = await db.selectFrom('institutions').select('id').where('kind', '=', 'training_institute').orderBy('created_at').executeTakeFirstOrThrow();
    const assessor = await db.selectFrom('users').select('id').where('email', '=', 'asesor1@kompeten.test').executeTakeFirstOrThrow();
    const units = await db.selectFrom('competency_units').select('id').where('program_id', '=', program.id).orderBy('position').execute();

    // The cohort, in bulk.
    const startsOn = addDays(today, -20);
    const cohort = await db
      .insertInto('cohorts')
      .values({
        program_id: program.id, dinas_id: dinasId, name: 'Angkatan Besar 2026', status: 'completed', venue_name: 'Gedung Serbaguna',
        capacity: PARTICIPANTS, starts_on: startsOn, ends_on: addDays(startsOn, 3), training_institute_id: institute.id, certification_body_id: lsp.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // One training day nobody's attendance was taken for: no one earns the training certificate.
    await db
      .insertInto('cohort_sessions')
      .values({ cohort_id: cohort.id, position: 1, kind: 'training', title: 'Hari 1', starts_at: new Date(`${startsOn}T01:00:00Z`), ends_at: new Date(`${startsOn}T09:00:00Z`) })
      .execute();
    const cooperative = await db.insertInto('cooperatives').values({ dinas_id: dinasId, name: 'KSPPS Bina Usaha Bersama', slug: 'kspps-bina-usaha-bersama-bench', type: 'KSPPS' }).returning('id').executeTakeFirstOrThrow();
    const chunks = <T>(rows: T[], size = 500) => Array.from({ length: Math.ceil(rows.length / size) }, (_v, i) => rows.slice(i * size, (i + 1) * size));
    const personIds: string[] = [];
    for (const part of chunks(Array.from({ length: PARTICIPANTS }, (_v, i) => i))) {
      const people = await db
        .insertInto('people')
        .values(part.map((i) => ({ nik: `3375${String(900000000000 + i).slice(-12)}`, full_name: `Siti Nur’aini Rahmawati ${i + 1}`, email: `peserta${i + 1}@contoh.test` })))
        .returning('id')
        .execute();
      personIds.push(...people.map((p) => p.id));
    }
    for (const part of chunks(personIds)) {
      await db.insertInto('staff_positions').values(part.map((id) => ({ person_id: id, cooperative_id: cooperative.id, position: 'Kepala Bagian Pembiayaan', starts_on: '2020-01-02' }))).execute();
    }
    const enrollmentIds: string[] = [];
    for (const part of chunks(personIds)) {
      const rows = await db
        .insertInto('enrollments')
        .values(part.map((id) => ({ cohort_id: cohort.id, person_id: id, cooperative_id: cooperative.id, status: 'confirmed' as const, source: 'coordinator' as const })))
        .returning('id')
        .execute();
      enrollmentIds.push(...rows.map((r) => r.id));
    }
    for (const part of chunks(enrollmentIds)) {
      const assessments = await db
        .insertInto('assessments')
        .values(part.map((id) => ({ enrollment_id: id, assessor_user_id: assessor.id, status: 'final' as const, recommendation: 'competent' as const, assessed_on: addDays(startsOn, 3), finalized_at: new Date() })))
        .returning('id')
        .execute();
      await db.insertInto('assessment_unit_results').values(assessments.flatMap((a) => units.map((u) => ({ assessment_id: a.id, competency_unit_id: u.id, result: 'K' as const })))).execute();
    }
    await db.insertInto('cohort_result_finalizations').values({ cohort_id: cohort.id, finalized_by_user_id: user.id }).execute();
    console.log(`cohort of ${PARTICIPANTS} participants with final K results (${units.length} units)`);

    // 1. The rows.
    let start = performance.now();
    const issued = await issueCohortCertificates(db, actor, cohort.id);
    const issueMs = performance.now() - start;
    console.log(`issueCohortCertificates: ${issued.competency} competency, ${issued.training} training in ${issueMs.toFixed(0)} ms (${(issueMs / Math.max(1, issued.competency + issued.training)).toFixed(2)} ms each)`);

    // 2. The ZIP, rendered and streamed into a byte counter while memory is sampled.
    // Worker threads start with the first PDFs after a quiet minute: that start is timed
    // (and counted in the total) and its memory reported on its own, before the ZIP's.
    let warmMs = 0;
    if (PDF_WORKERS > 0) {
      const rssAtRest = process.memoryUsage().rss;
      start = performance.now();
      const first = await db.selectFrom('certificates').select(['snapshot', 'template_version']).where('enrollment_id', '=', enrollmentIds[0]!).executeTakeFirstOrThrow();
      await Promise.all(
        Array.from({ length: 2 * PDF_WORKERS }, () => certificatePdf(first.snapshot as unknown as CertificateSnapshot, first.template_version, { publicUrl: PUBLIC_URL })),
      );
      warmMs = performance.now() - start;
      console.log(`${PDF_WORKERS} PDF worker thread(s) started in ${warmMs.toFixed(0)} ms; RSS +${mb(process.memoryUsage().rss - rssAtRest).toFixed(1)} MB`);
    } else {
      console.log('PDFs drawn in this thread (no PDF workers)');
    }
    global.gc?.();
    const before = process.memoryUsage();
    let peakRss = before.rss;
    let peakHeap = before.heapUsed;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 20);
    start = performance.now();
    const zip = await cohortCertificatesZip(db, actor, { cohortId: cohort.id, publicUrl: PUBLIC_URL });
    let bytes = 0;
    await pipeline(
      Readable.fromWeb(zip!.body as WebReadableStream<Uint8Array>),
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          bytes += chunk.byteLength;
          done();
        },
      }),
    );
    const zipMs = performance.now() - start;
    clearInterval(sampler);
    const rssGrowth = mb(peakRss - before.rss);
    const heapGrowth = mb(peakHeap - before.heapUsed);
    console.log(`ZIP of ${issued.competency + issued.training} PDFs: ${mb(bytes).toFixed(1)} MiB streamed in ${zipMs.toFixed(0)} ms (${(zipMs / Math.max(1, issued.competency + issued.training)).toFixed(2)} ms per certificate)`);
    console.log(`memory while streaming: RSS +${rssGrowth.toFixed(1)} MB (peak ${mb(peakRss).toFixed(0)} MB), heap +${heapGrowth.toFixed(1)} MB (limit +${MEMORY_LIMIT_MB} MB)`);
    const total = issueMs + warmMs + zipMs;
    console.log(`rows + ${warmMs > 0 ? 'workers + ' : ''}PDFs: ${total.toFixed(0)} ms (limit ${TOTAL_LIMIT_MS} ms)`);
    failed = total >= TOTAL_LIMIT_MS || rssGrowth >= MEMORY_LIMIT_MB || issued.competency !== PARTICIPANTS || issued.training !== 0;

    // 3. For the record (no goal): all of them printed as one PDF.
    global.gc?.();
    const beforePrint = process.memoryUsage();
    let printPeak = beforePrint.rss;
    const printSampler = setInterval(() => (printPeak = Math.max(printPeak, process.memoryUsage().rss)), 20);
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    start = performance.now();
    const printed = await cohortCertificatesPdf(db, actor, { cohortId: cohort.id, publicUrl: PUBLIC_URL });
    const printMs = performance.now() - start;
    loopDelay.disable();
    clearInterval(printSampler);
    const delayMs = (ns: number) => (ns / 1e6).toFixed(1);
    console.log(`one PDF of all ${issued.competency + issued.training}: ${mb(printed!.body.byteLength).toFixed(1)} MiB in ${printMs.toFixed(0)} ms; RSS +${mb(printPeak - beforePrint.rss).toFixed(1)} MB at the peak`);
    console.log(`  the event loop meanwhile: delay p50 ${delayMs(loopDelay.percentile(50))} ms, p99 ${delayMs(loopDelay.percentile(99))} ms, max ${delayMs(loopDelay.max)} ms`);
  } finally {
    await pdfWorkers?.stop();
    await handle.close();
    await dropWhenIdle(admin, name);
    await admin.end();
  }
  console.log(failed ? '\nover the goal' : '\nwithin the goal');
  process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
