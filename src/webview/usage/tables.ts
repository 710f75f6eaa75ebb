// Tables: the totals, the by-model figures, each chart's numbers (what a screen reader reads instead
// of the canvas) and the request rows. Every cell is textContent: model names and request ids from
// the gateway stay text.
import type { UsageTotals } from '../../core/usage/aggregate';
import type { UsageEntry } from '../../core/usage/types';
import type { Fmt } from '../strings';
import type { Formats } from './format';

export type Cell = string | { text: string; title?: string; className?: string };

export function table(caption: string, head: string[], rows: Cell[][], doc: Document = document): HTMLTableElement {
  const t = doc.createElement('table');
  const cap = doc.createElement('caption');
  cap.textContent = caption;
  t.append(cap);
  const thead = doc.createElement('thead');
  const hr = doc.createElement('tr');
  for (const h of head) {
    const th = doc.createElement('th');
    th.scope = 'col';
    th.textContent = h;
    hr.append(th);
  }
  thead.append(hr);
  const tbody = doc.createElement('tbody');
  for (const r of rows) tbody.append(row(r, doc));
  t.append(thead, tbody);
  return t;
}

export function row(cells: Cell[], doc: Document = document): HTMLTableRowElement {
  const tr = doc.createElement('tr');
  cells.forEach((c, i) => {
    const td = doc.createElement(i === 0 ? 'th' : 'td');
    if (i === 0) (td as HTMLTableCellElement).scope = 'row';
    if (typeof c === 'string') td.textContent = c;
    else {
      td.textContent = c.text;
      if (c.title) td.title = c.title;
      if (c.className) td.className = c.className;
    }
    tr.append(td);
  });
  return tr;
}

export function totalsHead(fmt: Fmt): string[] {
  return [
    '',
    fmt('colRequests'),
    fmt('colPrompt'),
    fmt('colCompletion'),
    fmt('colCached'),
    fmt('colCost'),
    fmt('colErrors'),
    fmt('colRefunds'),
    fmt('colVscodeChat'),
  ];
}

export function totalsCells(label: string, t: UsageTotals, f: Formats): Cell[] {
  return [
    label,
    f.count(t.requests),
    f.count(t.promptTokens),
    f.count(t.completionTokens),
    f.count(t.cachedTokens),
    f.money(t.cost),
    f.count(t.errors),
    f.count(t.refunds),
    f.count(t.vscodeChat),
  ];
}

export const REQUEST_COLUMNS = [
  ['time', 'colTime'],
  ['', 'colKind'],
  ['model', 'colModel'],
  ['protocol', 'colProtocol'],
  ['tokens', 'colTokens'],
  ['cost', 'colCost'],
  ['firstToken', 'colFirstToken'],
  ['duration', 'colDuration'],
  ['', 'colStream'],
  ['', 'colSource'],
  ['', 'colRequestId'],
] as const;

/** One request row: the model with its upstream model when the gateway mapped it. */
export function requestCells(e: UsageEntry, f: Formats, fmt: Fmt): Cell[] {
  const kind = e.type === 5 ? fmt('kindError') : e.type === 6 ? fmt('kindRefund') : fmt('kindRequest');
  const model = e.upstream ? fmt('modelMapped', e.model, e.upstream) : e.model;
  const cost = e.type === 6 ? -e.quota : e.type === 5 ? 0 : e.quota;
  return [
    f.time(e.time),
    { text: kind, className: `kind-${e.type}` },
    model,
    f.protocol(e.protocol),
    {
      text: f.count(e.promptTokens + e.completionTokens),
      title: fmt('tokensDetail', f.count(e.promptTokens), f.count(e.completionTokens), f.count(e.cachedTokens)),
    },
    f.quota(cost),
    f.ms(e.firstTokenMs),
    f.ms(e.useTimeS * 1000),
    e.stream ? fmt('yes') : fmt('no'),
    { text: e.vscodeChat ? fmt('sourceVscodeChat') : fmt('sourceOther'), className: e.vscodeChat ? 'source-chat' : 'source-other' },
    { text: e.id, className: 'request-id' },
  ];
}
