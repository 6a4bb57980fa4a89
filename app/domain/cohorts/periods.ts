/** The coordinator's cohort list tabs; shared by the loader and the page (not server-only). */
export const COHORT_PERIODS = ['upcoming', 'running', 'past', 'all'] as const;
export type CohortPeriod = (typeof COHORT_PERIODS)[number];
