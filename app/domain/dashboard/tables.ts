import type { Dashboard, DinasFigures, Figures } from './types';

/**
 * Every table of the dashboard as data: its columns (header as a `dashboard:` key, the
 * value of a row) and where its rows come from. The page links each to its CSV and XLSX
 * export (`/dashboard/export/<table>.csv|.xlsx`), which writes exactly these columns.
 */
export type Value = string | number | null;

export interface TableColumn<Row> {
  header: string;
  value: (row: Row) => Value;
  /** Written as a text cell (dates stay 'YYYY-MM-DD'). */
  text?: boolean;
}

export interface TableSpec<Row, Source = Dashboard> {
  /** The sheet's and file's name, a `dashboard:` key. */
  title: string;
  columns: TableColumn<Row>[];
  rows: (source: Source) => Row[];
}

export const figureColumns = <R extends Figures>(): TableColumn<R>[] => [
  { header: 'dashboard:figures.cohorts', value: (r) => r.cohorts },
  { header: 'dashboard:figures.participants', value: (r) => r.participants },
  { header: 'dashboard:figures.attendanceRate', value: (r) => r.attendanceRate },
  { header: 'dashboard:figures.examined', value: (r) => r.examined },
  { header: 'dashboard:figures.competent', value: (r) => r.competent },
  { header: 'dashboard:figures.competentRate', value: (r) => r.competentRate },
  { header: 'dashboard:figures.competencyCertificates', value: (r) => r.competencyCertificates },
  { header: 'dashboard:figures.trainingCertificates', value: (r) => r.trainingCertificates },
];

function groupTable(title: string, nameHeader: string, pick: (d: Dashboard) => Dashboard['figures']['programs']): TableSpec<Dashboard['figures']['programs'][number]> {
  return { title, columns: [{ header: nameHeader, value: (r) => r.name }, ...figureColumns()], rows: pick };
}

export const DASHBOARD_TABLES = {
  summary: {
    title: 'dashboard:tables.summary',
    columns: [{ header: 'dashboard:period.from', value: (r) => r.from, text: true }, { header: 'dashboard:period.to', value: (r) => r.to, text: true }, ...figureColumns()],
    rows: (d) => [{ ...d.figures.totals, from: d.period.from, to: d.period.to }],
  } satisfies TableSpec<Figures & { from: string; to: string }>,
  cohorts: {
    title: 'dashboard:tables.cohorts',
    columns: [
      { header: 'dashboard:columns.cohort', value: (r) => r.name },
      { header: 'dashboard:columns.programCode', value: (r) => r.programCode },
      { header: 'dashboard:columns.program', value: (r) => r.programTitle },
      { header: 'dashboard:columns.startsOn', value: (r) => r.startsOn, text: true },
      { header: 'dashboard:columns.endsOn', value: (r) => r.endsOn, text: true },
      ...figureColumns().filter((c) => c.header !== 'dashboard:figures.cohorts'),
    ],
    rows: (d) => d.figures.cohorts,
  } satisfies TableSpec<Dashboard['figures']['cohorts'][number]>,
  programs: groupTable('dashboard:tables.programs', 'dashboard:columns.program', (d) => d.figures.programs),
  institutes: groupTable('dashboard:tables.institutes', 'dashboard:columns.institute', (d) => d.figures.institutes),
  bodies: groupTable('dashboard:tables.bodies', 'dashboard:columns.body', (d) => d.figures.bodies),
  months: {
    title: 'dashboard:tables.months',
    columns: [
      { header: 'dashboard:columns.month', value: (r) => r.month, text: true },
      { header: 'dashboard:figures.participants', value: (r) => r.participants },
      { header: 'dashboard:figures.examined', value: (r) => r.examined },
      { header: 'dashboard:figures.competent', value: (r) => r.competent },
      { header: 'dashboard:figures.competentRate', value: (r) => r.competentRate },
    ],
    rows: (d) => d.figures.months,
  } satisfies TableSpec<Dashboard['figures']['months'][number]>,
  upcoming: {
    title: 'dashboard:tables.upcoming',
    columns: [
      { header: 'dashboard:columns.cohort', value: (r) => r.name },
      { header: 'dashboard:columns.program', value: (r) => r.programTitle },
      { header: 'dashboard:columns.startsOn', value: (r) => r.startsOn, text: true },
      { header: 'dashboard:columns.endsOn', value: (r) => r.endsOn, text: true },
      { header: 'dashboard:columns.capacity', value: (r) => r.capacity },
      { header: 'dashboard:columns.confirmed', value: (r) => r.confirmed },
      { header: 'dashboard:columns.waitlisted', value: (r) => r.waitlisted },
      { header: 'dashboard:columns.pending', value: (r) => r.pending },
      { header: 'dashboard:columns.fillRate', value: (r) => r.fillRate },
    ],
    rows: (d) => d.upcoming,
  } satisfies TableSpec<Dashboard['upcoming'][number]>,
  expiring: {
    title: 'dashboard:tables.expiring',
    columns: [
      { header: 'dashboard:columns.validUntil', value: (r) => r.validUntil, text: true },
      { header: 'dashboard:columns.holder', value: (r) => r.holder },
      { header: 'dashboard:columns.cooperative', value: (r) => r.cooperative },
      { header: 'dashboard:columns.number', value: (r) => r.number, text: true },
      { header: 'dashboard:columns.kind', value: (r) => `dashboard:kind.${r.kind}` },
      { header: 'dashboard:columns.program', value: (r) => r.program },
      { header: 'dashboard:columns.cohort', value: (r) => r.cohort },
    ],
    rows: (d) => d.expiring.items,
  } satisfies TableSpec<Dashboard['expiring']['items'][number]>,
  neighbours: {
    title: 'dashboard:tables.neighbours',
    columns: [
      { header: 'dashboard:province.columns.dinas', value: (r) => r.name },
      ...dinasColumns(),
      { header: 'dashboard:province.columns.rankCompetentRate', value: (r) => r.ranks.competentRate },
      { header: 'dashboard:province.columns.rankParticipants', value: (r) => r.ranks.participants },
    ],
    rows: (d) => d.neighbours?.rows ?? [],
  } satisfies TableSpec<NonNullable<Dashboard['neighbours']>['rows'][number]>,
} as const;

/** The columns of a Dinas beside others (the province view and "among neighbours"), after its name. */
export function dinasColumns<R extends Omit<DinasFigures, 'name'>>(): TableColumn<R>[] {
  return [
    { header: 'dashboard:province.columns.regency', value: (r) => r.regencyCode, text: true },
    ...figureColumns<R>(),
    { header: 'dashboard:province.columns.activeCooperatives', value: (r) => r.activeCooperatives },
    { header: 'dashboard:province.columns.certifiedCooperatives', value: (r) => r.certifiedCooperatives },
    { header: 'dashboard:province.columns.certifiedShare', value: (r) => r.certifiedShare },
  ];
}

/** The platform operator's table of every Dinas, with the total last (its name a key, translated in the file). */
export const PROVINCE_TABLE = {
  title: 'dashboard:province.tableTitle',
  columns: [{ header: 'dashboard:province.columns.dinas', value: (r) => r.name ?? PROVINCE_TOTAL_KEY }, ...dinasColumns()],
  rows: (v) => [...v.rows, { ...v.total, name: null }],
} satisfies TableSpec<Omit<DinasFigures, 'name'> & { name: string | null }, { rows: DinasFigures[]; total: DinasFigures }>;

export const PROVINCE_TOTAL_KEY = 'dashboard:province.total';

export type DashboardTable = keyof typeof DASHBOARD_TABLES;
export const DASHBOARD_TABLE_KEYS = Object.keys(DASHBOARD_TABLES) as DashboardTable[];

export function isDashboardTable(value: string): value is DashboardTable {
  return (DASHBOARD_TABLE_KEYS as string[]).includes(value);
}
