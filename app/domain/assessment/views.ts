import type { AssessmentOutcome, UnitResult } from '~db/schema';

/** What the exam's read operations hand to pages (browser-safe: components import these types). */

export interface ExamSummary {
  finalized: boolean;
  entered: number;
  competent: number;
  notYetCompetent: number;
  absent: number;
  units: { id: string; code: string; title: string; competent: number; notYetCompetent: number }[];
  /** The actor works on the results (a user of the cohort's certification body). */
  canEnter: boolean;
  /** The actor may download the BNSP candidates' file (the body, the Dinas's coordinator). */
  canExport: boolean;
}

export interface OwnExamResult {
  enrollmentId: string;
  outcome: AssessmentOutcome;
  examDate: string | null;
  units: { code: string; title: string; result: UnitResult | null }[];
}

