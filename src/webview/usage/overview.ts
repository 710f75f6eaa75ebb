// Totals, the by-model table and the five charts, each with a sentence and a table of its numbers
// (the canvas is hidden from screen readers: the table says the same).
import type uPlot from 'uplot';
import type { UsageAggregates } from '../../core/usage/aggregate';
import type { Fmt } from '../strings';
import { costChart, latencyChart, lineChart, readTheme } from './charts';
import { costStack, dayStart, latencyBars } from './chartData';
import type { Formats } from './format';
import { table, totalsCells, totalsHead, type Cell } from './tables';

export interface OverviewElements {
  totals: HTMLElement;
  errorsNote: HTMLElement;
  byModel: HTMLElement;
  /** Each chart's section: `.plot`, `.chart-summary` and `.chart-table` inside. */
  charts: Record<ChartId, HTMLElement>;
}

export type ChartId = 'cost' | 'requests' | 'tokens' | 'firstToken' | 'duration';

const part = (section: HTMLElement, cls: string): HTMLElement => section.querySelector<HTMLElement>(`.${cls}`)!;

export function renderTotals(el: OverviewElements, a: UsageAggregates, f: Formats, fmt: Fmt): void {
  const periods: Array<[string, UsageAggregates['today']]> = [
    [fmt('periodToday'), a.today],
    [fmt('period7'), a.last7],
    [fmt('period30'), a.last30],
    [fmt('periodAll'), a.all],
  ];
  el.totals.replaceChildren(
    table(
      fmt('totalsCaption'),
      totalsHead(fmt),
      periods.map(([label, t]) => totalsCells(label, t, f)),
    ),
  );
  el.errorsNote.textContent = a.all.errors === 0 && a.all.requests > 0 ? fmt('noErrorRows') : '';
  el.errorsNote.hidden = el.errorsNote.textContent === '';
  el.byModel.replaceChildren(
    table(
      fmt('byModelCaption'),
      [fmt('colModel'), ...totalsHead(fmt).slice(1)],
      a.byModel.map((m) => totalsCells(m.model, m, f)),
    ),
  );
}

/** Draws every chart; returns them so the next data (or a theme change) can destroy them first. */
export function renderCharts(el: OverviewElements, a: UsageAggregates, f: Formats, fmt: Fmt): uPlot[] {
  const theme = readTheme();
  const drawn: uPlot[] = [];
  const days = a.days;
  const x = days.map(dayStart);
  const dayRows = (cols: number[][]): Cell[][] => days.map((d, i) => [d, ...cols.map((c) => String(c[i]))]);
  const chart = (id: ChartId, summary: string, caption: string, head: string[], rows: Cell[][], draw: (plot: HTMLElement) => uPlot) => {
    const section = el.charts[id];
    const plot = part(section, 'plot');
    plot.replaceChildren();
    section.dataset.empty = String(rows.length === 0);
    part(section, 'chart-summary').textContent = rows.length === 0 ? fmt('chartEmpty') : summary;
    part(section, 'chart-table').replaceChildren(table(caption, head, rows));
    if (rows.length > 0) drawn.push(draw(plot));
  };

  const stack = costStack(a, fmt('otherModels'));
  const peak = stack.stacked.length ? Math.max(...stack.stacked[stack.stacked.length - 1]) : 0;
  chart(
    'cost',
    fmt('costSummary', f.count(days.length), f.money(a.all.cost), f.money(peak)),
    fmt('chartCost'),
    [fmt('colDay'), ...stack.names],
    days.map((d, i) => [d, ...stack.values.map((v) => f.money(v[i]))]),
    (p) => costChart(p, stack, theme, f.money),
  );
  chart(
    'requests',
    fmt('requestsSummary', f.count(a.all.requests), f.count(days.length)),
    fmt('chartRequests'),
    [fmt('colDay'), fmt('colRequests')],
    dayRows([a.requestsByDay]),
    (p) => lineChart(p, x, [{ name: fmt('colRequests'), values: a.requestsByDay }], theme),
  );
  const tokenLines = [
    { name: fmt('colPrompt'), values: a.promptByDay },
    { name: fmt('colCompletion'), values: a.completionByDay },
    { name: fmt('colCached'), values: a.cachedByDay },
  ];
  chart(
    'tokens',
    fmt('tokensSummary', f.count(a.all.promptTokens), f.count(a.all.completionTokens), f.count(a.all.cachedTokens)),
    fmt('chartTokens'),
    [fmt('colDay'), ...tokenLines.map((l) => l.name)],
    dayRows(tokenLines.map((l) => l.values)),
    (p) => lineChart(p, x, tokenLines, theme),
  );
  const lat = latencyBars(a);
  const labels = { p50: fmt('p50'), p95: fmt('p95') };
  for (const which of ['firstToken', 'duration'] as const) {
    const p50 = which === 'firstToken' ? lat.firstTokenP50 : lat.durationP50;
    const p95 = which === 'firstToken' ? lat.firstTokenP95 : lat.durationP95;
    chart(
      which,
      fmt(which === 'firstToken' ? 'firstTokenSummary' : 'durationSummary', f.count(lat.models.length)),
      fmt(which === 'firstToken' ? 'chartFirstToken' : 'chartDuration'),
      [fmt('colModel'), labels.p50, labels.p95],
      lat.models.map((m, i) => [m, f.ms(p50[i]), f.ms(p95[i])]),
      (p) => latencyChart(p, lat, which, labels, theme, (v) => f.ms(v)),
    );
  }
  return drawn;
}
