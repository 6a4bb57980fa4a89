import type { CertificateKind, CohortStatus } from '~db/schema';
import type { IndonesianTimeZone } from '~/lib/dates';
import type { DashboardPeriod, PeriodProblem } from './period';

/** The dashboard's data as the page receives it (browser-safe types; the queries are in `*.server.ts`). */

export interface Figures {
  cohorts: number;
  participants: number;
  attended: number;
  expected: number;
  attendanceRate: number | null;
  examined: number;
  competent: number;
  competentRate: number | null;
  competencyCertificates: number;
  trainingCertificates: number;
}

export interface GroupFigures extends Figures {
  /** The program, institute or body (null: cohorts without one). */
  id: string | null;
  name: string | null;
}

export interface CohortFigures extends Figures {
  id: string;
  name: string;
  programCode: string;
  programTitle: string;
  startsOn: string;
  endsOn: string;
  status: CohortStatus;
}

export interface MonthFigures {
  /** 'YYYY-MM' */
  month: string;
  participants: number;
  examined: number;
  competent: number;
  competentRate: number | null;
}

export interface PeriodFigures {
  totals: Figures;
  cohorts: CohortFigures[];
  programs: GroupFigures[];
  institutes: GroupFigures[];
  bodies: GroupFigures[];
  months: MonthFigures[];
}

export interface UpcomingCohort {
  id: string;
  name: string;
  programCode: string;
  programTitle: string;
  startsOn: string;
  endsOn: string;
  status: CohortStatus;
  capacity: number;
  confirmed: number;
  waitlisted: number;
  pending: number;
  /** Confirmed over capacity, in percent with one decimal. */
  fillRate: number | null;
}

export interface ExpiringCertificate {
  id: string;
  number: string;
  kind: CertificateKind;
  validUntil: string;
  holder: string;
  cooperative: string | null;
  program: string;
  cohort: string;
}

export interface Dashboard {
  scope: { dinasName: string; timeZone: IndonesianTimeZone; today: string };
  period: DashboardPeriod;
  periodProblems: PeriodProblem[];
  periodInput: { from: string; to: string };
  figures: PeriodFigures;
  upcoming: UpcomingCohort[];
  expiring: { total: number; items: ExpiringCertificate[] };
  /** Only when asked for (`withNeighbours`): the export of that table; the page is /dashboard/neighbours. */
  neighbours: Neighbours | null;
}


/** One Dinas's figures for a period, beside the others' (the province view, issue #15 part 6). Aggregates only. */
export interface DinasFigures extends Figures {
  dinasId: string;
  /** A Dinas is a public office: its name is shown to the other Dinas of its province. */
  name: string;
  shortName: string | null;
  regencyCode: string | null;
  /** Active cooperatives the Dinas supervises, and those with staff holding a valid competency certificate. */
  activeCooperatives: number;
  certifiedCooperatives: number;
  certifiedShare: number | null;
  certificates: number;
}

/** Where a Dinas stands among those compared: 1 is the highest; null when it has no value. */
export interface DinasRanks {
  participants: number | null;
  attendanceRate: number | null;
  competentRate: number | null;
  certificates: number | null;
}

export interface RankedDinasFigures extends DinasFigures {
  ranks: DinasRanks;
}

/** The coordinator's own Dinas beside the other Dinas of its province. */
export interface Neighbours {
  provinceCode: string | null;
  provinceName: string | null;
  /** How many Dinas are compared (the own one included): the "of N" of a rank. */
  count: number;
  /** All of them, the own one marked by `ownId`, by competent rate (highest first). */
  rows: RankedDinasFigures[];
  ownId: string;
}
