/**
 * Horizontal bars of a share per group (coverage by kecamatan), drawn on the server as SVG:
 * nothing needs JavaScript to show. The picture is one image for a screen reader
 * (`role="img"` named by its <title> and <desc>); the page puts the same numbers in a table
 * beside it, which is what a screen reader and a spreadsheet user read.
 */
export interface CoverageBar {
  label: string;
  part: number;
  total: number;
}

const ROW = 28;
const LABEL_WIDTH = 190;
const BAR_WIDTH = 360;
const VALUE_WIDTH = 130;
const WIDTH = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH;

export function percentOf(part: number, total: number): number {
  return total === 0 ? 0 : Math.round((part * 1000) / total) / 10;
}

export function CoverageBars({ id, title, description, bars, valueText }: {
  id: string;
  title: string;
  description: string;
  bars: readonly CoverageBar[];
  /** The text after a bar, e.g. "3/8 (37,5 %)". */
  valueText: (bar: CoverageBar) => string;
}) {
  const height = Math.max(1, bars.length) * ROW + 8;
  return (
    <svg
      className="coverage-bars"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {bars.map((bar, i) => {
        const y = i * ROW + 4;
        const share = bar.total === 0 ? 0 : bar.part / bar.total;
        return (
          <g key={`${bar.label}-${i}`}>
            <text x={LABEL_WIDTH - 8} y={y + ROW / 2} textAnchor="end" dominantBaseline="middle" fontSize="13" fill="currentColor">
              {bar.label.length > 26 ? `${bar.label.slice(0, 25)}…` : bar.label}
            </text>
            <rect x={LABEL_WIDTH} y={y + 4} width={BAR_WIDTH} height={ROW - 10} fill="#e5e7eb" />
            <rect x={LABEL_WIDTH} y={y + 4} width={Math.round(BAR_WIDTH * share)} height={ROW - 10} fill="#1d6b4f" />
            <text x={LABEL_WIDTH + BAR_WIDTH + 8} y={y + ROW / 2} dominantBaseline="middle" fontSize="13" fill="currentColor">
              {valueText(bar)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
