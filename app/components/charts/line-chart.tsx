import { CHART_COLORS, ChartFrame, chartWidth, Grid, MARGIN, PLOT_HEIGHT, SLOT, type ChartPoint } from './chart-frame';

/** Percentages (0–100) as a line with a marked, labelled point per value; months without one leave a gap. */
export function PercentLineChart({ title, description, points, formatTick }: { title: string; description: string; points: ChartPoint[]; formatTick: (v: number) => string }) {
  const width = chartWidth(points.length);
  const height = MARGIN.top + PLOT_HEIGHT + MARGIN.bottom;
  const xOf = (i: number) => MARGIN.left + i * SLOT + SLOT / 2;
  const yOf = (v: number) => MARGIN.top + PLOT_HEIGHT - (Math.min(100, Math.max(0, v)) / 100) * PLOT_HEIGHT;
  // One path segment per run of consecutive values.
  const path = points
    .map((p, i) => (p.value === null ? null : `${i > 0 && points[i - 1]!.value !== null ? 'L' : 'M'}${xOf(i).toFixed(1)},${yOf(p.value).toFixed(1)}`))
    .filter(Boolean)
    .join(' ');
  return (
    <ChartFrame title={title} description={description} width={width} height={height} className="line-chart">
      <Grid ticks={[0, 50, 100]} max={100} width={width} format={formatTick} />
      {path ? <path d={path} fill="none" stroke={CHART_COLORS.line} strokeWidth={2.5} /> : null}
      {points.map((point, i) => (
        <g key={`${point.label}-${i}`}>
          {point.value !== null ? (
            <>
              <circle cx={xOf(i)} cy={yOf(point.value)} r={4} fill={CHART_COLORS.line} />
              <text x={xOf(i)} y={yOf(point.value) - 8} textAnchor="middle" fontSize={11} fill={CHART_COLORS.ink}>
                {point.text}
              </text>
            </>
          ) : null}
          <text x={xOf(i)} y={MARGIN.top + PLOT_HEIGHT + 17} textAnchor="middle" fontSize={11} fill={CHART_COLORS.ink}>
            {point.label}
          </text>
        </g>
      ))}
    </ChartFrame>
  );
}
