// The measurement chart's geometry, pure (no DOM): which values are numbers, where each point goes, and the
// threshold a simple condition names. The page draws it as inline SVG (render/analysis.ts).
import type { MeasurementData } from './protocol';

/**
 * A measurement value as one number, or undefined. Providers record `0.97` (scalar), `[0.97]` (a one-element vector,
 * Prometheus), or `[0.97 0.95]`/JSON/text, which are not one number and are listed instead of charted.
 */
export function numericValue(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*\[?\s*(-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*\]?\s*$/.exec(value);
  if (!m) return undefined;
  const n = Number(m[1]);
  return Number.isFinite(n) ? n : undefined;
}

/** `result[0] >= 0.95`, `result < 100`, `result == 1` (alone): the number the measurements are held against. */
export function conditionThreshold(condition: string | undefined): number | undefined {
  if (!condition) return undefined;
  const m = /^\s*(?:result|asFloat\(result(?:\[0\])?\))(?:\[0\])?\s*(?:>=|<=|>|<|==)\s*(-?(?:\d+\.?\d*|\.\d+))\s*$/.exec(condition);
  return m ? Number(m[1]) : undefined;
}

export interface ChartPoint {
  x: number;
  y: number;
  value: number;
  phase: string;
  /** finishedAt, else startedAt. */
  at?: string;
}

export interface ChartModel {
  width: number;
  height: number;
  points: ChartPoint[];
  /** Measurements whose value is not one number (or missing), in order. */
  other: MeasurementData[];
  min: number;
  max: number;
  /** The y of the condition's threshold, when the condition names one. */
  threshold?: { value: number; y: number };
  /** Whether x is time (all points have a timestamp) or the measurement's position. */
  xIsTime: boolean;
}

export const CHART = { width: 280, height: 72, pad: 8 } as const;

export function chartModel(measurements: readonly MeasurementData[], condition?: string): ChartModel {
  const { width, height, pad } = CHART;
  const numeric: Array<{ m: MeasurementData; value: number; t: number }> = [];
  const other: MeasurementData[] = [];
  for (const m of measurements) {
    const value = numericValue(m.value);
    const t = Date.parse(m.finishedAt ?? m.startedAt ?? '');
    if (value === undefined) other.push(m);
    else numeric.push({ m, value, t });
  }
  const threshold = conditionThreshold(condition);
  const values = numeric.map((p) => p.value);
  if (threshold !== undefined && values.length) values.push(threshold);
  let min = values.length ? Math.min(...values) : 0;
  let max = values.length ? Math.max(...values) : 1;
  if (min === max) {
    const d = Math.abs(min) > 0 ? Math.abs(min) * 0.1 : 1;
    min -= d;
    max += d;
  }
  const xIsTime = numeric.length > 1 && numeric.every((p) => Number.isFinite(p.t)) && numeric.some((p) => p.t !== numeric[0].t);
  const t0 = xIsTime ? Math.min(...numeric.map((p) => p.t)) : 0;
  const t1 = xIsTime ? Math.max(...numeric.map((p) => p.t)) : 0;
  const xOf = (p: { t: number }, i: number) =>
    numeric.length === 1 ? width / 2 : pad + ((xIsTime ? (p.t - t0) / (t1 - t0) : i / (numeric.length - 1)) * (width - 2 * pad));
  const yOf = (v: number) => pad + (1 - (v - min) / (max - min)) * (height - 2 * pad);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    width,
    height,
    points: numeric.map((p, i) => ({
      x: round(xOf(p, i)),
      y: round(yOf(p.value)),
      value: p.value,
      phase: p.m.phase,
      ...(p.m.finishedAt || p.m.startedAt ? { at: p.m.finishedAt ?? p.m.startedAt } : {}),
    })),
    other,
    min,
    max,
    ...(threshold !== undefined && numeric.length ? { threshold: { value: threshold, y: round(yOf(threshold)) } } : {}),
    xIsTime,
  };
}
