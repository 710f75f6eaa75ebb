// The canvases, drawn with uPlot in the editor's theme colours (its --vscode-charts-* variables; read
// again when the theme changes). Labels are drawn on the canvas or set as textContent by uPlot:
// a model name stays text. Each chart's numbers are also in a table next to it (tables.ts).
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Latency, Stack } from './chartData';

const PALETTE = [
  ['--vscode-charts-blue', '#3794ff'],
  ['--vscode-charts-orange', '#d18616'],
  ['--vscode-charts-green', '#89d185'],
  ['--vscode-charts-purple', '#b180d7'],
  ['--vscode-charts-red', '#f14c4c'],
  ['--vscode-charts-yellow', '#cca700'],
] as const;

export interface Theme {
  colours: string[];
  foreground: string;
  grid: string;
}

export function readTheme(doc: Document = document): Theme {
  const style = getComputedStyle(doc.body);
  const v = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  const colours = PALETTE.map(([name, fallback]) => v(name, fallback));
  // Seven models and "other models".
  colours.push(v('--vscode-terminal-ansiCyan', '#29b8db'), v('--vscode-descriptionForeground', '#9d9d9d'));
  return {
    colours,
    foreground: v('--vscode-charts-foreground', v('--vscode-foreground', '#cccccc')),
    grid: v('--vscode-charts-lines', 'rgba(128,128,128,0.35)'),
  };
}

const HEIGHT = 220;

function axes(theme: Theme, yValues: (v: number) => string, x?: Partial<uPlot.Axis>): uPlot.Axis[] {
  const base = { stroke: theme.foreground, grid: { stroke: theme.grid, width: 1 }, ticks: { stroke: theme.grid, width: 1 } };
  return [
    { ...base, ...x },
    { ...base, size: 70, values: (_u, splits) => splits.map((s) => yValues(s)) },
  ];
}

const widthOf = (el: HTMLElement): number => Math.max(240, Math.floor(el.clientWidth || 600));

/** Days on x; bars at each day. */
function dayScale(x: number[]): uPlot.Scale {
  return { time: true, range: () => [(x[0] ?? 0) - 43_200, (x[x.length - 1] ?? 0) + 43_200] };
}

/** Cost per day stacked by model: running sums drawn from the top down, each series' own value in the legend. */
export function costChart(el: HTMLElement, s: Stack, theme: Theme, money: (v: number) => string): uPlot {
  const bars = uPlot.paths.bars!({ size: [0.7, 48] });
  const order = s.names.map((_, i) => s.names.length - 1 - i);
  const series: uPlot.Series[] = [
    {},
    ...order.map((i) => ({
      label: s.names[i],
      fill: theme.colours[i % theme.colours.length],
      stroke: theme.colours[i % theme.colours.length],
      paths: bars,
      points: { show: false },
      value: (_u: uPlot, _v: number | null, _si: number, idx: number | null) => (idx == null ? '--' : money(s.values[i][idx] ?? 0)),
    })),
  ];
  const data = [s.x, ...order.map((i) => s.stacked[i])] as uPlot.AlignedData;
  return new uPlot({ width: widthOf(el), height: HEIGHT, scales: { x: dayScale(s.x) }, axes: axes(theme, money), series }, data, el);
}

/** Lines per day (requests, or prompt/completion/cached tokens). */
export function lineChart(el: HTMLElement, x: number[], lines: Array<{ name: string; values: number[] }>, theme: Theme): uPlot {
  const count = (v: number): string =>
    Math.abs(v) >= 1e6 ? `${(v / 1e6).toFixed(1)}M` : Math.abs(v) >= 1e4 ? `${(v / 1e3).toFixed(0)}k` : String(v);
  const series: uPlot.Series[] = [
    {},
    ...lines.map((l, i) => ({ label: l.name, stroke: theme.colours[i % theme.colours.length], width: 2, points: { size: 5 } })),
  ];
  const data = [x, ...lines.map((l) => l.values)] as uPlot.AlignedData;
  return new uPlot({ width: widthOf(el), height: HEIGHT, scales: { x: dayScale(x) }, axes: axes(theme, count), series }, data, el);
}

/** p95 bars with the p50 bars over them, per model (the model names under the axis). */
export function latencyChart(
  el: HTMLElement,
  l: Latency,
  which: 'firstToken' | 'duration',
  labels: { p50: string; p95: string },
  theme: Theme,
  ms: (v: number) => string,
): uPlot {
  const x = l.models.map((_, i) => i);
  const p50 = which === 'firstToken' ? l.firstTokenP50 : l.durationP50;
  const p95 = which === 'firstToken' ? l.firstTokenP95 : l.durationP95;
  const bars = uPlot.paths.bars!({ size: [0.6, 60] });
  const short = (name: string): string => (name.length > 16 ? `${name.slice(0, 15)}…` : name);
  const series: uPlot.Series[] = [
    { value: (_u, v) => (v == null ? '--' : (l.models[v] ?? '')) },
    {
      label: labels.p95,
      fill: theme.colours[1],
      stroke: theme.colours[1],
      paths: bars,
      points: { show: false },
      value: (_u, v) => (v == null ? '--' : ms(v)),
    },
    {
      label: labels.p50,
      fill: theme.colours[0],
      stroke: theme.colours[0],
      paths: bars,
      points: { show: false },
      value: (_u, v) => (v == null ? '--' : ms(v)),
    },
  ];
  const xAxis: Partial<uPlot.Axis> = {
    splits: () => x,
    values: (_u, splits) => splits.map((i) => short(l.models[i] ?? '')),
    rotate: l.models.length > 4 ? -25 : 0,
    size: l.models.length > 4 ? 80 : 40,
  };
  const opts: uPlot.Options = {
    width: widthOf(el),
    height: HEIGHT,
    scales: { x: { time: false, range: () => [-0.5, Math.max(0, x.length - 1) + 0.5] } },
    axes: axes(theme, ms, xAxis),
    series,
  };
  return new uPlot(opts, [x, p95, p50] as uPlot.AlignedData, el);
}
