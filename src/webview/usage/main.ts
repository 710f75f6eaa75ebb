// The usage view's browser side: wiring only. Every host message is parsed with the shared schemas
// (src/protocol/usageMessages.ts) and dropped when it does not fit; strings come from the host.
import type uPlot from 'uplot';
import { aggregate } from '../../core/usage/aggregate';
import { fromTuple } from '../../core/usage/rowTuple';
import { parseUsageHostMessage, type UsageHostMessage, type UsageViewMessage } from '../../protocol/usageMessages';
import { vscodeApi } from '../elements';
import { createStrings } from '../strings';
import { formats } from './format';
import { renderCharts, renderTotals, type ChartId, type OverviewElements } from './overview';
import { createRequestTable } from './requestTable';
import { cachedDayOf, indexRows, searchText, shareNames } from './rows';
import { keptState, readViewState } from './viewState';

const vscode = vscodeApi();
const { fmt, set: setStrings } = createStrings();
const send = (m: UsageViewMessage): void => vscode.postMessage(m);
const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

const chartIds: Record<ChartId, string> = {
  cost: 'chart-cost',
  requests: 'chart-requests',
  tokens: 'chart-tokens',
  firstToken: 'chart-first-token',
  duration: 'chart-duration',
};
const overview: OverviewElements = {
  totals: byId('totals'),
  errorsNote: byId('errors-note'),
  byModel: byId('by-model'),
  charts: Object.fromEntries(Object.entries(chartIds).map(([k, id]) => [k, byId(id)])) as Record<ChartId, HTMLElement>,
};
const status = byId('status');
const refresh = byId<HTMLButtonElement>('refresh');
const requests = createRequestTable(
  {
    model: byId('filter-model'),
    from: byId('filter-from'),
    to: byId('filter-to'),
    text: byId('filter-text'),
    count: byId('match-count'),
    table: byId('requests-table'),
    more: byId('more'),
  },
  fmt,
  // The filter and sort survive the view being hidden and shown (or its page rebuilt).
  { state: readViewState(vscode.getState()), save: (s) => vscode.setState(keptState(s)) },
);
let charts: uPlot[] = [];
/** The last figures, for drawing again (the message and its tuples are not kept). */
let last: { a: ReturnType<typeof aggregate>; f: ReturnType<typeof formats> } | undefined;

function showData(m: Extract<UsageHostMessage, { type: 'data' }>): void {
  const entries = m.rows.map(fromTuple);
  shareNames(entries);
  const dayOf = cachedDayOf();
  const a = aggregate(entries, m.display, m.nowS, dayOf);
  const f = formats(m.display, fmt);
  document.body.dataset.rows = String(entries.length);
  byId('empty').hidden = entries.length > 0;
  byId('content').hidden = entries.length === 0;
  const bound = byId('bound');
  bound.textContent =
    m.droppedOld > 0
      ? fmt('boundDropped', f.count(m.maxKept), f.count(m.droppedOld))
      : fmt('bound', f.count(entries.length), f.count(m.maxKept));
  renderTotals(overview, a, f, fmt);
  last = { a, f };
  drawCharts(a, f);
  const rows = indexRows(entries, dayOf);
  requests.setRows(rows, a.models, f);
  // The search text, once the view is drawn (a search before that makes it at once).
  setTimeout(() => searchText(rows), 0);
}

function drawCharts(a: ReturnType<typeof aggregate>, f: ReturnType<typeof formats>): void {
  for (const c of charts) c.destroy();
  charts = [];
  if (a.days.length > 0) charts = renderCharts(overview, a, f, fmt);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const m = parseUsageHostMessage(event.data);
  if (!m) return;
  switch (m.type) {
    case 'strings':
      setStrings(m.strings);
      return;
    case 'status':
      status.textContent = m.text;
      refresh.disabled = m.busy;
      document.body.dataset.busy = String(m.busy);
      return;
    case 'data':
      showData(m);
      return;
  }
});

refresh.addEventListener('click', () => send({ type: 'refresh' }));
byId('export').addEventListener('click', () => send({ type: 'exportCsv', filter: requests.filter() }));
byId('clear').addEventListener('click', () => send({ type: 'clear' }));

// The theme changed (the body's class) or the view was resized: draw the charts again in its colours and width.
let redraw: ReturnType<typeof setTimeout> | undefined;
const again = (): void => {
  clearTimeout(redraw);
  redraw = setTimeout(() => last && drawCharts(last.a, last.f), 150);
};
new MutationObserver(again).observe(document.body, { attributes: true, attributeFilter: ['class'] });
let width = document.body.clientWidth;
new ResizeObserver(() => {
  if (Math.abs(document.body.clientWidth - width) < 40) return;
  width = document.body.clientWidth;
  again();
}).observe(document.body);

send({ type: 'ready' });
