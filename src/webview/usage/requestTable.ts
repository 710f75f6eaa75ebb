// The table of requests: filter (model, date range, text), sort by a column, and rows drawn a page
// at a time. The work per keystroke is rows.ts's filter over a precomputed index, then at most one
// page of DOM rows.
import { NO_FILTER, type UsageFilter } from '../../core/usage/filter';
import type { Fmt } from '../strings';
import type { Formats } from './format';
import { DEFAULT_SORT, filterRows, indexRows, narrows, sortOrder, type IndexedRows, type SortKey, type SortOrder } from './rows';
import { REQUEST_COLUMNS, requestCells, row } from './tables';
import type { UsageViewState } from './viewState';

export const PAGE_ROWS = 50;

export interface RequestTableElements {
  model: HTMLSelectElement;
  from: HTMLInputElement;
  to: HTMLInputElement;
  text: HTMLInputElement;
  count: HTMLElement;
  table: HTMLTableElement;
  more: HTMLButtonElement;
}

export interface RequestTable {
  /** New data: rebuilds the index's sort orders and the model list, keeps the filter. */
  setRows(rows: IndexedRows, models: readonly string[], f: Formats): void;
  /** Applies the filter inputs (a keystroke). */
  apply(): void;
  filter(): UsageFilter;
}

/** The filter and sort an earlier page kept (viewState.ts), and where to keep each change. */
export interface KeptView {
  state: UsageViewState;
  save(state: UsageViewState): void;
}

/** Puts a kept filter's dates and text back into the inputs; returns its model, chosen once the data lists the models. */
function restoreInputs(el: RequestTableElements, kept: KeptView | undefined): string | undefined {
  if (!kept) return undefined;
  el.from.value = kept.state.filter.from;
  el.to.value = kept.state.filter.to;
  el.text.value = kept.state.filter.text;
  return kept.state.filter.model;
}

export function createRequestTable(el: RequestTableElements, fmt: Fmt, kept?: KeptView): RequestTable {
  let rows: IndexedRows = indexRows([]);
  const onSort = (key: SortKey): void => {
    sort = sort.key === key ? { key, descending: !sort.descending } : { key, descending: key === 'time' || key === 'cost' };
    order = sortOrder(rows, sort);
    matched = undefined;
    markSort();
    apply();
  };
  let f: Formats | undefined;
  let sort: SortOrder = kept?.state.sort ?? DEFAULT_SORT;
  let keptModel = restoreInputs(el, kept);
  let order: Uint32Array = new Uint32Array(0);
  let scratch: Uint32Array = new Uint32Array(0);
  let shown = 0;
  let matches: Uint32Array = new Uint32Array(0);
  /** The filter `matches` answers; undefined after new data or a new sort order. */
  let matched: UsageFilter | undefined;
  const body = el.table.tBodies[0] ?? el.table.appendChild(document.createElement('tbody'));
  // Built again with each data message: the strings arrive just before the first one.
  let headButtons = new Map<SortKey, HTMLTableCellElement>();

  function markSort(): void {
    for (const [key, th] of headButtons)
      th.setAttribute('aria-sort', key === sort.key ? (sort.descending ? 'descending' : 'ascending') : 'none');
  }

  const filter = (): UsageFilter => ({
    ...NO_FILTER,
    model: el.model.value,
    from: el.from.value,
    to: el.to.value,
    text: el.text.value.trim(),
  });

  function apply(): void {
    const next = filter();
    // Typing one more character: only the rows that matched so far can match (in place, in the same buffer).
    const r = filterRows(rows, narrows(matched, next) ? matches : order, next, scratch);
    matches = r.matches;
    matched = next;
    shown = 0;
    body.replaceChildren();
    more();
    el.count.textContent = f ? fmt('matchCount', f.count(r.count), f.count(rows.entries.length), f.quota(r.quota), f.count(r.tokens)) : '';
    kept?.save({ filter: next, sort });
  }

  function more(): void {
    if (!f) return;
    const end = Math.min(matches.length, shown + PAGE_ROWS);
    const frag = document.createDocumentFragment();
    for (let k = shown; k < end; k++) frag.append(row(requestCells(rows.entries[matches[k]], f, fmt)));
    body.append(frag);
    shown = end;
    el.more.hidden = shown >= matches.length;
    el.more.textContent = fmt('showMore', Math.min(PAGE_ROWS, matches.length - shown));
  }

  el.more.addEventListener('click', more);
  for (const input of [el.model, el.from, el.to, el.text]) input.addEventListener('input', apply);
  return {
    setRows(next, models, formats) {
      rows = next;
      f = formats;
      headButtons = buildHead(el.table, fmt, onSort);
      markSort();
      order = sortOrder(rows, sort);
      scratch = new Uint32Array(order.length);
      matched = undefined;
      fillModels(el.model, models, fmt, keptModel);
      keptModel = undefined;
      apply();
    },
    apply,
    filter,
  };
}

/** The header: a sort button in each sortable column (aria-sort on its th). */
function buildHead(table: HTMLTableElement, fmt: Fmt, onSort: (key: SortKey) => void): Map<SortKey, HTMLTableCellElement> {
  const thead = table.tHead ?? table.createTHead();
  // New data rebuilds the header: a keyboard user sorting by a column stays on that column's button.
  const focused = thead.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset.sort : undefined;
  const tr = document.createElement('tr');
  const sortable = new Map<SortKey, HTMLTableCellElement>();
  for (const [key, label] of REQUEST_COLUMNS) {
    const th = document.createElement('th');
    th.scope = 'col';
    if (key) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'sort';
      b.dataset.sort = key;
      b.textContent = fmt(label);
      b.addEventListener('click', () => onSort(key));
      th.append(b);
      sortable.set(key, th);
    } else th.textContent = fmt(label);
    tr.append(th);
  }
  thead.replaceChildren(tr);
  if (focused)
    sortable
      .get(focused as SortKey)
      ?.querySelector('button')
      ?.focus();
  return sortable;
}

/** The model filter's choices: every model, then each model by name (kept selected when it is still there). */
function fillModels(select: HTMLSelectElement, models: readonly string[], fmt: Fmt, wanted?: string): void {
  const current = wanted ?? select.value;
  const all = document.createElement('option');
  all.value = '';
  all.textContent = fmt('allModels');
  select.replaceChildren(
    all,
    ...models.map((m) => {
      const o = document.createElement('option');
      o.value = m;
      o.textContent = m;
      return o;
    }),
  );
  select.value = models.includes(current) ? current : '';
}
