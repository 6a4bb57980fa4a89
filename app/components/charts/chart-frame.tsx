import { useId, type ReactNode } from 'react';

/**
 * The frame every chart shares: an <svg role="img"> named by its <title> and described by
 * its <desc> (the figures in words), drawn on the server, so it shows without JavaScript.
 * Colours meet WCAG AA contrast on white; every value is also written as text.
 */
export const CHART_COLORS = { ink: '#1b1f24', muted: '#4a5360', grid: '#d0d6de', bar: '#0b5c8a', line: '#1d6b34' } as const;

export interface ChartPoint {
  /** The axis label under the point ("Jan"). */
  label: string;
  /** The value, or null when there is none (no bar, a gap in the line). */
  value: number | null;
  /** The value as written on the chart ("86,7 %"). */
  text: string;
}

export function ChartFrame({ title, description, width, height, className, children }: {
  title: string;
  description: string;
  width: number;
  height: number;
  className?: string;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <svg
      className={className ? `chart ${className}` : 'chart'}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {children}
    </svg>
  );
}

/** Room around the plot: left for the axis' numbers, below for the labels. */
export const MARGIN = { top: 22, right: 12, bottom: 28, left: 40 } as const;
export const SLOT = 44;
export const PLOT_HEIGHT = 160;

export function chartWidth(points: number): number {
  return MARGIN.left + MARGIN.right + Math.max(points, 6) * SLOT;
}

/** Horizontal grid lines with their values at the left. */
export function Grid({ ticks, max, width, format }: { ticks: number[]; max: number; width: number; format: (v: number) => string }) {
  return (
    <g aria-hidden="true">
      {ticks.map((tick) => {
        const y = MARGIN.top + PLOT_HEIGHT - (tick / max) * PLOT_HEIGHT;
        return (
          <g key={tick}>
            <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y} y2={y} stroke={CHART_COLORS.grid} strokeWidth={1} />
            <text x={MARGIN.left - 6} y={y + 4} textAnchor="end" fontSize={11} fill={CHART_COLORS.muted}>
              {format(tick)}
            </text>
          </g>
        );
      })}
    </g>
  );
}

/** A round upper bound for counts: 1, 2, 5 × 10ⁿ. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].map((m) => m * power).find((m) => m >= value) ?? 10 * power);
}
