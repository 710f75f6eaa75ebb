/**
 * The ledger's figures from its entries: totals (today, 7 days, 30 days, all, by model), cost per
 * day by model, requests and tokens per day, and time to first token and duration (p50/p95) per
 * model. Pure: the view computes them from the rows it holds, the doctor from one answer. Money in
 * the site's display unit (core/gatewayAccount/units.ts); cost is net of refunds.
 */
import type { DisplayUnit } from '../gatewayAccount/types';
import { quotaToDisplay } from '../gatewayAccount/units';
import { LOG_TYPE, type UsageEntry } from './types';

export interface UsageTotals {
  /** Consume rows. */
  requests: number;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  /** In the display unit, net of refunds. */
  cost: number;
  errors: number;
  refunds: number;
  /** Consume rows the extension's own chat sent. */
  vscodeChat: number;
}

export interface ModelLatency {
  model: string;
  /** Rows with a time to first token / a duration. ms; -1 when none. */
  firstTokenP50: number;
  firstTokenP95: number;
  durationP50: number;
  durationP95: number;
}

export interface UsageAggregates {
  /** Days with rows, oldest first (YYYY-MM-DD). */
  days: string[];
  /** Models by cost, highest first. */
  models: string[];
  /** [model][day], display units. */
  costByDayModel: number[][];
  /** Per day, display units, net of refunds. */
  costByDay: number[];
  requestsByDay: number[];
  promptByDay: number[];
  completionByDay: number[];
  cachedByDay: number[];
  latency: ModelLatency[];
  today: UsageTotals;
  last7: UsageTotals;
  last30: UsageTotals;
  all: UsageTotals;
  byModel: Array<UsageTotals & { model: string }>;
}

/** A day's key in UTC (the doctor's dates). */
export const utcDay = (unixSeconds: number): string => new Date(unixSeconds * 1000).toISOString().slice(0, 10);

/** A day's key in the local time zone (the view). */
export function localDay(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export const emptyTotals = (): UsageTotals => ({
  requests: 0,
  promptTokens: 0,
  completionTokens: 0,
  cachedTokens: 0,
  cost: 0,
  errors: 0,
  refunds: 0,
  vscodeChat: 0,
});

/** Adds one entry; `cost` stays in raw quota until `finish`. */
function add(t: UsageTotals, e: UsageEntry): void {
  if (e.type === LOG_TYPE.error) {
    t.errors++;
    return;
  }
  if (e.type === LOG_TYPE.refund) {
    t.refunds++;
    t.cost -= e.quota;
    return;
  }
  t.requests++;
  t.promptTokens += e.promptTokens;
  t.completionTokens += e.completionTokens;
  t.cachedTokens += e.cachedTokens;
  t.cost += e.quota;
  if (e.vscodeChat) t.vscodeChat++;
}

const finish = (t: UsageTotals, display: DisplayUnit): UsageTotals => ({ ...t, cost: quotaToDisplay(t.cost, display) });

/** Nearest-rank percentile of sorted values; -1 for none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return -1;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

function latencyOf(entries: readonly UsageEntry[], models: readonly string[]): ModelLatency[] {
  const frt = new Map<string, number[]>();
  const dur = new Map<string, number[]>();
  for (const e of entries) {
    if (e.type !== LOG_TYPE.consume) continue;
    if (e.firstTokenMs > 0) (frt.get(e.model) ?? frt.set(e.model, []).get(e.model))!.push(e.firstTokenMs);
    if (e.useTimeS > 0) (dur.get(e.model) ?? dur.set(e.model, []).get(e.model))!.push(e.useTimeS * 1000);
  }
  return models.map((model) => {
    const f = (frt.get(model) ?? []).sort((a, b) => a - b);
    const d = (dur.get(model) ?? []).sort((a, b) => a - b);
    return {
      model,
      firstTokenP50: percentile(f, 50),
      firstTokenP95: percentile(f, 95),
      durationP50: percentile(d, 50),
      durationP95: percentile(d, 95),
    };
  });
}

/** Periods end at `nowS` (unix seconds); "today" is `dayOf(nowS)`. */
export function aggregate(
  entries: readonly UsageEntry[],
  display: DisplayUnit,
  nowS: number,
  dayOf: (s: number) => string = localDay,
): UsageAggregates {
  const today = dayOf(nowS);
  const periods = { today: emptyTotals(), last7: emptyTotals(), last30: emptyTotals(), all: emptyTotals() };
  const byModel = new Map<string, UsageTotals>();
  const byDay = new Map<string, { totals: UsageTotals; cost: Map<string, number> }>();
  for (const e of entries) {
    const age = nowS - e.time;
    add(periods.all, e);
    if (age < 30 * 86_400) add(periods.last30, e);
    if (age < 7 * 86_400) add(periods.last7, e);
    const day = dayOf(e.time);
    if (day === today) add(periods.today, e);
    const model = byModel.get(e.model) ?? byModel.set(e.model, emptyTotals()).get(e.model)!;
    add(model, e);
    const d = byDay.get(day) ?? byDay.set(day, { totals: emptyTotals(), cost: new Map() }).get(day)!;
    add(d.totals, e);
    const sign = e.type === LOG_TYPE.refund ? -1 : e.type === LOG_TYPE.consume ? 1 : 0;
    if (sign !== 0) d.cost.set(e.model, (d.cost.get(e.model) ?? 0) + sign * e.quota);
  }
  const models = [...byModel.entries()].sort((a, b) => b[1].cost - a[1].cost || a[0].localeCompare(b[0])).map(([m]) => m);
  const days = [...byDay.keys()].sort();
  const col = (f: (t: UsageTotals) => number): number[] => days.map((day) => f(byDay.get(day)!.totals));
  return {
    days,
    models,
    costByDayModel: models.map((m) => days.map((day) => quotaToDisplay(byDay.get(day)!.cost.get(m) ?? 0, display))),
    costByDay: col((t) => quotaToDisplay(t.cost, display)),
    requestsByDay: col((t) => t.requests),
    promptByDay: col((t) => t.promptTokens),
    completionByDay: col((t) => t.completionTokens),
    cachedByDay: col((t) => t.cachedTokens),
    latency: latencyOf(entries, models),
    today: finish(periods.today, display),
    last7: finish(periods.last7, display),
    last30: finish(periods.last30, display),
    all: finish(periods.all, display),
    byModel: models.map((model) => ({ model, ...finish(byModel.get(model)!, display) })),
  };
}
