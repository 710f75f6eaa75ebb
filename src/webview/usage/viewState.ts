/**
 * What the usage view keeps across hide/show and its page being rebuilt (the webview's
 * setState/getState): the table's filter and sort order, nothing from the rows. Read back
 * field by field against what the inputs can hold; a value that does not fit is dropped for its
 * default, so a stale or tampered state can only ever reset the view.
 */
import { NO_FILTER, type UsageFilter } from '../../core/usage/filter';
import { DEFAULT_SORT, type SortKey, type SortOrder } from './rows';

export interface UsageViewState {
  filter: UsageFilter;
  sort: SortOrder;
}

const VERSION = 1;
const SORT_KEYS: ReadonlySet<string> = new Set<SortKey>(['time', 'model', 'protocol', 'tokens', 'cost', 'firstToken', 'duration']);
/** As long as a kept model name may be (core/usage/rowTuple.ts). */
const MAX_MODEL = 200;
const MAX_TEXT = 400;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const text = (v: unknown, max: number): string => (typeof v === 'string' && v.length <= max ? v : '');
const day = (v: unknown): string => (typeof v === 'string' && DAY.test(v) ? v : '');

/** The state to keep (plain JSON). */
export function keptState(s: UsageViewState): unknown {
  return { v: VERSION, filter: { ...s.filter }, sort: { key: s.sort.key, descending: s.sort.descending } };
}

/** The state kept by an earlier page, checked; the defaults when there is none or it is not ours. */
export function readViewState(raw: unknown): UsageViewState {
  if (!raw || typeof raw !== 'object' || (raw as { v?: unknown }).v !== VERSION)
    return { filter: { ...NO_FILTER }, sort: { ...DEFAULT_SORT } };
  const { filter, sort } = raw as { filter?: Record<string, unknown>; sort?: Record<string, unknown> };
  const f = filter && typeof filter === 'object' ? filter : {};
  const s = sort && typeof sort === 'object' ? sort : {};
  const sortOk = typeof s.key === 'string' && SORT_KEYS.has(s.key) && typeof s.descending === 'boolean';
  return {
    filter: { model: text(f.model, MAX_MODEL), from: day(f.from), to: day(f.to), text: text(f.text, MAX_TEXT) },
    sort: sortOk ? { key: s.key as SortKey, descending: s.descending as boolean } : { ...DEFAULT_SORT },
  };
}
