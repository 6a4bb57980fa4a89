import type { CertificateKind, ImageType, InstitutionKind, TimeZone, UnitResult } from '~db/schema';

/**
 * What a certificate says, frozen when it is issued: the PDF and the verification page are
 * drawn from this alone, so a certificate reads the same in ten years whatever changes in
 * the registry since. Images (logos, signatures) are embedded as base64, so the PDF renders
 * the same bytes even after an organization uploads a new logo.
 *
 * Nothing personal beyond the holder's name and the position held: no NIK, birth date,
 * phone or e-mail.
 */
export const SNAPSHOT_VERSION = 1;

export interface SnapshotImage {
  type: ImageType;
  /** base64 of the bytes. */
  data: string;
}

export interface SnapshotIssuer {
  /** The institution's id when issued (for reference; the snapshot does not depend on it). */
  id: string;
  kind: InstitutionKind;
  name: string;
  shortName: string | null;
  licenseNumber: string | null;
  city: string | null;
  logo: SnapshotImage | null;
}

export interface SnapshotSignatory {
  id: string;
  institutionId: string;
  name: string;
  title: string;
  nip: string | null;
  signature: SnapshotImage | null;
}

export interface CertificateSnapshot {
  snapshotVersion: typeof SNAPSHOT_VERSION;
  kind: CertificateKind;
  number: string;
  verificationCode: string;
  /** ISO instant. */
  issuedAt: string;
  /** The issue day in the cohort's zone, YYYY-MM-DD. */
  issuedOn: string;
  validUntil: string | null;
  timeZone: TimeZone;
  /** Where it is signed ("Pekalongan"). */
  place: string | null;
  holder: { name: string; position: string | null };
  cooperative: { id: string; name: string; number: string | null; slug: string } | null;
  program: {
    code: string;
    title: string;
    schemeName: string | null;
    schemeNumber: string | null;
    competencyStandard: string | null;
    units: { code: string; title: string; result: UnitResult | null }[];
  };
  cohort: { name: string; startsOn: string; endsOn: string; venueName: string | null; venueAddress: string | null };
  examDate: string | null;
  /** The main issuer first (the certification body, or the training institute), then the Dinas. */
  issuers: SnapshotIssuer[];
  signatories: SnapshotSignatory[];
}
