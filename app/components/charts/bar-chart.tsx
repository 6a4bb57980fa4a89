import { CHART_COLORS, ChartFrame, chartWidth, Grid, MARGIN, niceMax, PLOT_HEIGHT, SLOT, type ChartPoint } from './chart-frame';

/** Counts as bars (participants by month), each with its number above it. */
export function BarChart({ title, description, points, formatTick }: { title: string; description: string; points: ChartPoint[]; formatTick: (v: number) => string }) {
  const width = chartWidth(points.length);
  const height = MARGIN.top + PLOT_HEIGHT + MARGIN.bottom;
  const max = niceMax(Math.max(0, ...points.map((p) => p.value ?? 0)));
  const barWidth = SLOT * 0.6;
  return (
    <ChartFrame title={title} description={description} width={width} height={height} className="bar-chart">
      <Grid ticks={[0, max / 2, max]} max={max} width={width} format={formatTick} />
      {points.map((point, i) => {
        const x = MARGIN.left + i * SLOT + (SLOT - barWidth) / 2;
        const barHeight = ((point.value ?? 0) / max) * PLOT_HEIGHT;
        const y = MARGIN.top + PLOT_HEIGHT - barHeight;
        return (
          <g key={`${point.label}-${i}`}>
            {barHeight > 0 ? <rect x={x} y={y} width={barWidth} height={barHeight} fill={CHART_COLORS.bar} /> : null}
            <text x={x + barWidth / 2} y={y - 5} textAnchor="middle" fontSize={11} fill={CHART_COLORS.ink}>
              {point.text}
            </text>
            <text x={x + barWidth / 2} y={MARGIN.top + PLOT_HEIGHT + 17} textAnchor="middle" fontSize={11} fill={CHART_COLORS.ink}>
              {point.label}
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}
