import { SNAPSHOT_VERSION, type CertificateSnapshot } from '~/domain/certificates/snapshot';
import { tinyPng } from './images';

const logo = { type: 'image/png' as const, data: tinyPng().toString('base64') };
const signature = { type: 'image/png' as const, data: tinyPng(0x20).toString('base64') };

/** Competency certificate n of a large cohort, with a logo and a signature image (the same in each). */
export function competencySnapshot(n: number): CertificateSnapshot {
  return {
    snapshotVersion: SNAPSHOT_VERSION,
    kind: 'competency',
    number: `KABAG-PMB/KOM/2026/${String(n).padStart(4, '0')}`,
    verificationCode: `C${String(n).padStart(15, '0')}`,
    issuedAt: '2026-11-20T03:00:00.000Z',
    issuedOn: '2026-11-20',
    validUntil: '2029-11-20',
    timeZone: 'Asia/Jakarta',
    place: 'Pekalongan',
    holder: { name: `Siti Nur’aini Peserta ${n}`, position: 'Kepala Bagian Pembiayaan' },
    cooperative: { id: 'koperasi', name: 'KSPPS Bina Usaha Bersama', number: null, slug: 'kspps-bina-usaha-bersama' },
    program: {
      code: 'KABAG-PMB',
      title: 'Pelatihan Kepala Bagian Pembiayaan',
      schemeName: 'Skema Kepala Bagian Pembiayaan',
      schemeNumber: 'SKM-01',
      competencyStandard: 'SKKNI 2021',
      units: Array.from({ length: 6 }, (_, u) => ({ code: `K.64KOP00.00${u + 1}.1`, title: `Unit kompetensi ${u + 1}`, result: 'K' as const })),
    },
    cohort: { name: 'Angkatan Besar 2026', startsOn: '2026-11-16', endsOn: '2026-11-19', venueName: 'Gedung Serbaguna', venueAddress: null },
    examDate: '2026-11-19',
    issuers: [{ id: 'lsp', kind: 'certification_body', name: 'LSP Koperasi Jasa Keuangan', shortName: 'LSP KJK', licenseNumber: null, city: 'Jakarta', logo }],
    signatories: [{ id: 'ttd', institutionId: 'lsp', name: 'Dédé Sutisna', title: 'Ketua', nip: null, signature }],
  };
}
