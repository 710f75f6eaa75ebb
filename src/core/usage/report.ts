/**
 * The terminal doctor's usage report (`doctor usage --json`, docs/DOCTOR-JSON.md): one answer of
 * `/api/log/token` reduced to totals, a by-model table and a by-day list over a period of whole
 * UTC days. Pure: the figures come from aggregate.ts, the same numbers the usage view shows.
 */
import type { DisplayUnit } from '../gatewayAccount/types';
import { aggregate, emptyTotals, type UsageTotals, utcDay } from './aggregate';
import type { UsageEntry } from './types';

/** `--since`: the last N UTC days (today included), or from a UTC date. */
export type UsageSince = { days: number } | { date: string };

export interface UsageReport {
  ok: boolean;
  /** The site's display unit: USD, CNY, TOKENS or a custom symbol. */
  unit: string;
  /** First UTC day of the period (YYYY-MM-DD); without --since the oldest row's day, null with no rows. */
  from: string | null;
  /** Last UTC day of the period: today. */
  to: string;
  /** Rows in the period (consume, error and refund rows). */
  rows: number;
  /** `cost` in `unit`, net of refunds. */
  totals: ReportTotals;
  /** Highest cost first. */
  byModel: Array<{
    model: string;
    requests: number;
    promptTokens: number;
    completionTokens: number;
    cachedTokens: number;
    cost: number;
    /** ms; null when no row of the model says. */
    firstTokenMsP50: number | null;
    firstTokenMsP95: number | null;
  }>;
  /** Days with rows, oldest first. */
  byDay: Array<{ date: string; requests: number; cost: number }>;
}

/** aggregate.ts's totals without the view's own-chat count (the JSON's keys, in this order). */
type ReportTotals = Omit<UsageTotals, 'vscodeChat'>;

function reportTotals(t: UsageTotals): ReportTotals {
  const { requests, promptTokens, completionTokens, cachedTokens, cost, errors, refunds } = t;
  return { requests, promptTokens, completionTokens, cachedTokens, cost, errors, refunds };
}

const DAY_S = 86_400;

/** The first day of the period, or undefined for "every row the gateway sent". */
export function periodStart(since: UsageSince | undefined, nowS: number): string | undefined {
  if (!since) return undefined;
  return 'date' in since ? since.date : utcDay(nowS - (since.days - 1) * DAY_S);
}

/** A report with nothing in it (the gateway keeps no records, or they could not be read). */
export function emptyUsageReport(ok: boolean, unit: string, from: string | undefined, nowS: number): UsageReport {
  return {
    ok,
    unit,
    from: from ?? null,
    to: utcDay(nowS),
    rows: 0,
    totals: reportTotals(emptyTotals()),
    byModel: [],
    byDay: [],
  };
}

const known = (ms: number): number | null => (ms >= 0 ? ms : null);

export function usageReport(entries: readonly UsageEntry[], display: DisplayUnit, nowS: number, since?: UsageSince): UsageReport {
  const start = periodStart(since, nowS);
  const inPeriod = start === undefined ? entries : entries.filter((e) => utcDay(e.time) >= start);
  if (inPeriod.length === 0) return emptyUsageReport(true, display.unit, start, nowS);
  const a = aggregate(inPeriod, display, nowS, utcDay);
  const latency = new Map(a.latency.map((l) => [l.model, l]));
  return {
    ok: true,
    unit: display.unit,
    from: start ?? a.days[0],
    to: utcDay(nowS),
    rows: inPeriod.length,
    totals: reportTotals(a.all),
    byModel: a.byModel.map((m) => ({
      model: m.model,
      requests: m.requests,
      promptTokens: m.promptTokens,
      completionTokens: m.completionTokens,
      cachedTokens: m.cachedTokens,
      cost: m.cost,
      firstTokenMsP50: known(latency.get(m.model)?.firstTokenP50 ?? -1),
      firstTokenMsP95: known(latency.get(m.model)?.firstTokenP95 ?? -1),
    })),
    byDay: a.days.map((date, i) => ({ date, requests: a.requestsByDay[i], cost: a.costByDay[i] })),
  };
}
