// The charts' numbers from the aggregates, pure (no uPlot, no DOM): the same arrays feed the canvas
// and the table a screen reader reads instead.
import type { UsageAggregates } from '../../core/usage/aggregate';

/** Models drawn on their own in the cost chart; the rest are summed as one. */
export const MAX_STACKED_MODELS = 7;
/** Models in the latency charts (by cost, like the by-model table). */
export const MAX_LATENCY_MODELS = 12;

export interface Stack {
  /** Local midnight of each day, unix seconds (uPlot's time axis). */
  x: number[];
  /** Series names, bottom first; the last may be "other models" (`otherLabel`). */
  names: string[];
  /** Each series' own values per day (what the table shows). */
  values: number[][];
  /** Running sums, bottom first: what the stacked bars draw. */
  stacked: number[][];
}

export const dayStart = (day: string): number => new Date(`${day}T00:00:00`).getTime() / 1000;

export function costStack(a: UsageAggregates, otherLabel: string): Stack {
  const x = a.days.map(dayStart);
  const names = a.models.slice(0, MAX_STACKED_MODELS);
  const values = a.costByDayModel.slice(0, MAX_STACKED_MODELS).map((row) => [...row]);
  if (a.models.length > MAX_STACKED_MODELS) {
    names.push(otherLabel);
    values.push(a.days.map((_, d) => a.costByDayModel.slice(MAX_STACKED_MODELS).reduce((sum, row) => sum + row[d], 0)));
  }
  const stacked: number[][] = [];
  values.forEach((row, i) => stacked.push(row.map((v, d) => v + (i > 0 ? stacked[i - 1][d] : 0))));
  return { x, names, values, stacked };
}

export interface Latency {
  models: string[];
  firstTokenP50: number[];
  firstTokenP95: number[];
  durationP50: number[];
  durationP95: number[];
}

/** Models with at least one timing; a missing percentile is null (no bar), not 0. */
export function latencyBars(a: UsageAggregates): Latency {
  const rows = a.latency.filter((l) => l.firstTokenP50 >= 0 || l.durationP50 >= 0).slice(0, MAX_LATENCY_MODELS);
  const v = (n: number): number => (n < 0 ? NaN : n);
  return {
    models: rows.map((l) => l.model),
    firstTokenP50: rows.map((l) => v(l.firstTokenP50)),
    firstTokenP95: rows.map((l) => v(l.firstTokenP95)),
    durationP50: rows.map((l) => v(l.durationP50)),
    durationP95: rows.map((l) => v(l.durationP95)),
  };
}
