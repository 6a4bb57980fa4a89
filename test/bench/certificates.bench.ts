/**
 * Certificate rendering benchmark (not part of `npm test`):
 *
 *   npm run bench            (= npx tsx test/bench/certificates.bench.ts [count])
 *
 * Renders `count` (default 1,000) competency certificates — A4 landscape, 2 pages, DejaVu
 * Sans regular and bold embedded as subsets, a 6-unit table, a vector QR code, two
 * signatories with signature images, a logo — through `renderCertificatePdf`, and, in the
 * same run, bare pdfkit drawing the same text, fonts, images and vector QR with each font
 * parsed once by fontkit. Prints the median ms per certificate of each and their ratio;
 * exits 1 when the certificate engine misses its goal (median ≤ 8 ms and ≤ 1.2× bare).
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { crc32, deflateSync } from 'node:zlib';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import { groupCode } from '~/domain/certificates/codes';
import { renderCertificatePdf, verifyUrlOf } from '~/domain/certificates/render.server';
import type { CertificateSnapshot } from '~/domain/certificates/snapshot';
import { TEMPLATE_VERSION } from '~/domain/certificates/template';
import { QR_QUIET_ZONE, qrShape } from '~/lib/qr.server';

const COUNT = Number(process.argv[2] ?? 1000);
const PUBLIC_URL = 'https://kompeten.example.go.id';

function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const side = 64;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 8;
  header[9] = 0;
  const rows = Buffer.alloc(side * (side + 1), 0x60);
  for (let r = 0; r < side; r++) rows[r * (side + 1)] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}
const image = { type: 'image/png' as const, data: png().toString('base64') };

const units = [
  ['K.64KSP00.010.1', 'Menyusun Rencana Kerja Bagian Pembiayaan'],
  ['K.64KSP00.011.1', 'Menganalisis Permohonan Pembiayaan'],
  ['K.64KSP00.012.1', 'Menilai Agunan Pembiayaan'],
  ['K.64KSP00.013.1', 'Memutuskan Persetujuan Pembiayaan sesuai Kewenangan'],
  ['K.64KSP00.014.1', 'Memantau Kualitas Pembiayaan'],
  ['K.64KSP00.015.1', 'Menangani Pembiayaan Bermasalah'],
] as const;

function snapshotOf(i: number): CertificateSnapshot {
  return {
    snapshotVersion: 1,
    kind: 'competency',
    number: `KABAG-PMB/KOM/2026/${String(i + 1).padStart(4, '0')}`,
    verificationCode: `7K3MQ9XD2FTB${String(i).padStart(4, '0')}`,
    issuedAt: '2026-11-29T03:00:00.000Z',
    issuedOn: '2026-11-29',
    validUntil: '2029-11-29',
    timeZone: 'Asia/Jakarta',
    place: 'Pekalongan',
    holder: { name: `Siti Nur’aini Rahmawati ${i}`, position: 'Kepala Bagian Pembiayaan' },
    cooperative: { id: 'x', name: 'KSPPS Mitra Usaha Mandiri', number: '3375010000000001', slug: 'kspps-mitra-usaha-mandiri' },
    program: {
      code: 'KABAG-PMB',
      title: 'Pelatihan dan Uji Kompetensi Kepala Bagian Pembiayaan KSP/KSPPS',
      schemeName: 'Skema Sertifikasi Kepala Bagian Pembiayaan KSP/KSPPS',
      schemeNumber: 'SKM/LSP-KJK/015/2024',
      competencyStandard: 'SKKNI Kepmenaker No. 189 Tahun 2019',
      units: units.map(([code, title]) => ({ code, title, result: 'K' as const })),
    },
    cohort: { name: 'Angkatan I 2026', startsOn: '2026-09-21', endsOn: '2026-09-24', venueName: 'Hotel Santika Pekalongan', venueAddress: null },
    examDate: '2026-09-24',
    issuers: [{ id: 'lsp', kind: 'certification_body', name: 'LSP Koperasi Jasa Keuangan Nusantara', shortName: 'LSP KJK Nusantara', licenseNumber: 'BNSP-LSP-1234-ID', city: 'Kota Semarang', logo: image }],
    signatories: [
      { id: 'a', institutionId: 'lsp', name: 'Dr. Bambang Sutrisno, M.M.', title: 'Ketua LSP', nip: null, signature: image },
      { id: 'b', institutionId: 'lsp', name: 'Ir. Sri Wahyuni', title: 'Manajer Sertifikasi', nip: null, signature: image },
    ],
  };
}

// Bare pdfkit: the same pages drawn by hand — the same text, fonts, colours, frames, images
// and vector QR, with each font parsed once — but nothing measured, cached or laid out by us.
const require = createRequire(import.meta.url);
const regular = fontkit.create(readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')));
const bold = fontkit.create(readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')));

function bare(s: CertificateSnapshot): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 56,
    lang: 'id-ID',
    font: null as unknown as string,
    subset: 'PDF/A-3b',
    pdfVersion: '1.7',
    info: { Title: `SERTIFIKAT KOMPETENSI ${s.number} — ${s.holder.name}`, Author: s.issuers[0]!.name, CreationDate: new Date(s.issuedAt) },
  });
  doc.registerFont('R', regular as unknown as Buffer);
  doc.registerFont('B', bold as unknown as Buffer);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const w = 730;
  const frame = () => {
    doc.lineWidth(4).strokeColor('#1f4e79').rect(16, 16, 810, 563).stroke();
    doc.lineWidth(1).strokeColor('#b8860b').rect(24, 24, 794, 547).stroke().strokeColor('#000');
  };
  const imageOf = (i: { data: string } | null) => Buffer.from(i!.data, 'base64');
  frame();
  doc.image(imageOf(s.issuers[0]!.logo), 356, 40, { fit: [130, 58], align: 'center', valign: 'center' });
  doc.font('B').fontSize(26).fillColor('#1f4e79').text('SERTIFIKAT KOMPETENSI', 56, 104, { width: w, align: 'center' });
  doc.font('R').fontSize(11).fillColor('#4d4d4d').text('Certificate of Competency', 56, 134, { width: w, align: 'center' });
  doc.font('B').fillColor('#1a1a1a').text(`Nomor: ${s.number}`, 56, 154, { width: w, align: 'center' });
  doc.font('R').fillColor('#4d4d4d').text('Diberikan kepada / This is to certify that', 56, 180, { width: w, align: 'center' });
  doc.font('B').fontSize(24).fillColor('#1f4e79').text(s.holder.name, 56, 196, { width: w, align: 'center' });
  doc.font('R').fontSize(11).fillColor('#1a1a1a').text(`${s.holder.position} — ${s.cooperative!.name}`, 56, 229, { width: w, align: 'center' });
  doc.text('telah dinyatakan KOMPETEN pada skema sertifikasi', 121, 254, { width: 600, align: 'center' });
  doc.font('B').fontSize(13).text(`${s.program.schemeName} (${s.program.schemeNumber})`, { width: 600, align: 'center' });
  doc.font('R').fontSize(10).fillColor('#4d4d4d').text(`berdasarkan ${s.program.competencyStandard}`, { width: 600, align: 'center' });
  doc.text('dengan unit kompetensi sebagaimana tercantum di halaman 2.', { width: 600, align: 'center' });
  doc.fillColor('#1a1a1a').text('Tanggal uji kompetensi: 24 September 2026', { width: 600, align: 'center' });
  doc.text('Diterbitkan: 29 November 2026   ·   Berlaku sampai dengan: 29 November 2029', { width: 600, align: 'center' });
  for (const [k, p] of s.signatories.entries()) {
    const x = k === 0 ? 351 : 586;
    doc.text(k === 0 ? ' ' : 'Pekalongan, 29 November 2026', x, 388, { width: 200, align: 'center' });
    doc.text(`${p.title}\nLSP KJK Nusantara`, { width: 200, align: 'center' });
    doc.image(imageOf(p.signature), x, 426, { fit: [200, 42], align: 'center', valign: 'center' });
    doc.font('B').text(p.name, x, 472, { width: 200, align: 'center', underline: true });
    doc.font('R');
  }
  const qr = qrShape(verifyUrlOf(PUBLIC_URL, s.verificationCode));
  doc.save().rect(58, 396, 88, 88).fill('#fff').translate(58, 396).scale(88 / (qr.size + 2 * QR_QUIET_ZONE)).path(qr.path).fill('#000').restore();
  doc.fontSize(7.5).fillColor('#4d4d4d').text('Periksa keaslian:', 38, 486, { width: 128, align: 'center' });
  doc.font('B').text(groupCode(s.verificationCode), 38, doc.y, { width: 128, align: 'center', lineBreak: false });
  doc.addPage();
  frame();
  doc.font('B').fontSize(16).fillColor('#1f4e79').text('DAFTAR UNIT KOMPETENSI', 56, 56, { width: w, align: 'center' });
  doc.font('R').fontSize(10).fillColor('#4d4d4d').text('List of Units of Competency', { width: w, align: 'center' });
  doc.moveDown(0.5);
  doc.fillColor('#1a1a1a').text(`Nomor: ${s.number} — ${s.holder.name}`, { width: w, align: 'center' });
  doc.text(s.program.schemeName!, { width: w, align: 'center' });
  let y = 150;
  const cells = [36, 150, 414, 130];
  for (const [n, u] of [{ code: 'Kode Unit', title: 'Judul Unit', result: 'Hasil' }, ...s.program.units.map((u) => ({ ...u, result: 'Kompeten (K)' }))].entries()) {
    let x = 56;
    doc.font(n === 0 ? 'B' : 'R');
    for (const [c, text] of [n === 0 ? 'No.' : String(n), u.code, u.title, u.result].entries()) {
      if (n === 0) doc.save().rect(x, y, cells[c]!, 20).fill('#dce6f0').restore();
      doc.save().lineWidth(0.5).rect(x, y, cells[c]!, 20).stroke().restore();
      doc.text(text, x + 4, y + 5, { width: cells[c]! - 8, align: c === 1 || c === 2 ? 'left' : 'center' });
      x += cells[c]!;
    }
    y += 20;
  }
  doc.end();
  return done;
}

/** Median and p95 of a sorted list of times. */
function stats(label: string, times: number[], bytes: number): number {
  times.sort((a, b) => a - b);
  const m = times[Math.floor(times.length / 2)]!;
  console.log(`${label.padEnd(34)} median ${m.toFixed(2)} ms   p95 ${times[Math.floor(times.length * 0.95)]!.toFixed(2)} ms   avg size ${(bytes / times.length / 1024).toFixed(1)} KiB`);
  return m;
}

/** The two renderers alternate, certificate by certificate, so a busy machine slows both alike. */
async function compare(engine: (i: number) => Promise<Buffer>, plain: (i: number) => Promise<Buffer>): Promise<[number, number]> {
  for (let i = 0; i < 20; i++) {
    await engine(i);
    await plain(i);
  }
  const times: [number[], number[]] = [[], []];
  const bytes = [0, 0];
  for (let i = 0; i < COUNT; i++) {
    for (const [k, render] of [engine, plain].entries()) {
      const start = performance.now();
      const pdf = await render(i);
      times[k]!.push(performance.now() - start);
      bytes[k]! += pdf.byteLength;
    }
  }
  return [stats('renderCertificatePdf', times[0], bytes[0]!), stats('bare pdfkit, fonts parsed once', times[1], bytes[1]!)];
}

const snapshots = Array.from({ length: COUNT + 20 }, (_v, i) => snapshotOf(i));
console.log(`Rendering ${COUNT} competency certificates (2 pages, 6 units, vector QR, 2 signatories)…`);
const [engine, plain] = await compare(
  (i) => renderCertificatePdf(snapshots[i]!, TEMPLATE_VERSION, { publicUrl: PUBLIC_URL }),
  (i) => bare(snapshots[i]!),
);
const ratio = engine / plain;
console.log(`ratio ${ratio.toFixed(2)}× (goal: median ≤ 8 ms and ≤ 1.2× bare)`);
if (engine > 8 || ratio > 1.2) process.exitCode = 1;
