import { writeFile } from 'node:fs/promises';
import { printedCertificates } from '~/domain/certificates/render.server';
import { TEMPLATE_VERSION } from '~/domain/certificates/template';
import { competencySnapshot as snapshotOf } from './certificate-snapshots';

/**
 * Prints `count` competency certificates as one PDF in a process of its own (started with a
 * small heap by the test), each snapshot made when its turn comes, as the cohort's
 * "print all" reads them. Every certificate carries the same logo and signature image.
 * Usage: node --max-old-space-size=128 --import tsx test/support/print-certificates-worker.ts <file> <count>
 */
const [file, countText] = process.argv.slice(2) as [string, string];
const count = Number(countText);
async function* snapshots() {
  for (let n = 1; n <= count; n++) yield { snapshot: snapshotOf(n), templateVersion: TEMPLATE_VERSION };
}

const started = performance.now();
const body = await printedCertificates(snapshots(), { title: 'Sertifikat — Angkatan Besar 2026', createdAt: new Date('2026-11-20T03:00:00Z'), publicUrl: 'https://kompeten.example.go.id' });
await writeFile(file, body);
process.stdout.write(JSON.stringify({ bytes: body.length, ms: Math.round(performance.now() - started), heapMb: Math.round(process.memoryUsage().heapUsed / 1024 / 1024) }));
