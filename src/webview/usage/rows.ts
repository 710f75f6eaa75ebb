// The request table's data work, pure and DOM-free (the bench times it over 200,000 rows): each
// entry's local day computed once per data message; the searched text split in two: the few distinct
// (model, upstream model, protocol) groups, matched once per keystroke, and each request id,
// lower-cased once right after the view is drawn (or at the first search); one sorted order per sort
// key, and a filter that walks that order, so a keystroke never sorts and never lower-cases.
import type { UsageFilter } from '../../core/usage/filter';
import { localDay } from '../../core/usage/aggregate';
import type { UsageEntry } from '../../core/usage/types';

export interface IndexedRows {
  entries: readonly UsageEntry[];
  /** Local YYYY-MM-DD per entry. */
  day: string[];
  /** Each entry's group: an index into `groups`. */
  group: Uint32Array;
  /** The distinct model, upstream model and protocol, lower-cased and joined by NUL. */
  groups: string[];
  /** Each group's model, as sent (the model filter compares it exactly). */
  groupModel: string[];
  /** Each entry's raw quota net of refunds, and prompt + completion tokens: the loop reads no entry object. */
  cost: Float64Array;
  tokens: Float64Array;
  /** Each entry's request id, lower-cased (see searchText). */
  ids: string[] | undefined;
}

export type SortKey = 'time' | 'model' | 'protocol' | 'tokens' | 'cost' | 'firstToken' | 'duration';
export interface SortOrder {
  key: SortKey;
  descending: boolean;
}
export const DEFAULT_SORT: SortOrder = { key: 'time', descending: true };

/**
 * A day-of function that reuses the last answer while a time falls in the same local day: the
 * history is sorted by time, so 200,000 entries need a Date only at each day boundary.
 */
export function cachedDayOf(): (s: number) => string {
  let start = 1;
  let end = 0;
  let last = '';
  return (s) => {
    if (s >= start && s < end) return last;
    last = localDay(s);
    const d = new Date(s * 1000);
    d.setHours(0, 0, 0, 0);
    start = d.getTime() / 1000;
    d.setDate(d.getDate() + 1);
    end = d.getTime() / 1000;
    return last;
  };
}

export function indexRows(entries: readonly UsageEntry[], dayOf: (s: number) => string = cachedDayOf()): IndexedRows {
  const n = entries.length;
  const day = new Array<string>(n);
  const group = new Uint32Array(n);
  const cost = new Float64Array(n);
  const tokens = new Float64Array(n);
  const seen = new Map<string, number>();
  const groups: string[] = [];
  const groupModel: string[] = [];
  for (let i = 0; i < n; i++) {
    const e = entries[i];
    day[i] = dayOf(e.time);
    const key = `${e.model}\u0000${e.upstream}\u0000${e.protocol}`;
    let g = seen.get(key);
    if (g === undefined) {
      g = groups.push(key.toLowerCase()) - 1;
      groupModel.push(e.model);
      seen.set(key, g);
    }
    group[i] = g;
    cost[i] = e.type === 6 ? -e.quota : e.type === 5 ? 0 : e.quota;
    tokens[i] = e.promptTokens + e.completionTokens;
  }
  return { entries, day, group, groups, groupModel, cost, tokens, ids: undefined };
}

/** Every entry's request id, lower-cased once (the same string when it already is). */
export function searchText(rows: IndexedRows): string[] {
  if (rows.ids) return rows.ids;
  const { entries } = rows;
  const ids = new Array<string>(entries.length);
  for (let i = 0; i < entries.length; i++) ids[i] = entries[i].id.toLowerCase();
  return (rows.ids = ids);
}

/**
 * One string per distinct model, upstream model and protocol: JSON.parse makes a copy of a name at
 * every row, 200,000 copies of eight names.
 */
export function shareNames(entries: UsageEntry[]): void {
  const seen = new Map<string, string>();
  const one = (s: string): string => seen.get(s) ?? (seen.set(s, s), s);
  for (const e of entries) {
    e.model = one(e.model);
    e.upstream = one(e.upstream);
    e.protocol = one(e.protocol) as UsageEntry['protocol'];
  }
}

const value: Record<Exclude<SortKey, 'model' | 'protocol'>, (e: UsageEntry) => number> = {
  time: (e) => e.time,
  tokens: (e) => e.promptTokens + e.completionTokens,
  cost: (e) => (e.type === 6 ? -e.quota : e.type === 5 ? 0 : e.quota),
  firstToken: (e) => e.firstTokenMs,
  duration: (e) => e.useTimeS,
};

/** Indices of `rows.entries` in the given order (ties keep the history's order: newest first). */
export function sortOrder(rows: IndexedRows, order: SortOrder): Uint32Array {
  const n = rows.entries.length;
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const { key, descending } = order;
  // The history is newest first already.
  if (key === 'time' && descending) return idx;
  const dir = descending ? -1 : 1;
  const e = rows.entries;
  let cmp: (a: number, b: number) => number;
  if (key === 'model' || key === 'protocol') {
    cmp = (a, b) => {
      const x = e[a][key];
      const y = e[b][key];
      return (x < y ? -1 : x > y ? 1 : 0) * dir || a - b;
    };
  } else {
    const v = value[key];
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = v(e[i]);
    cmp = (a, b) => (keys[a] - keys[b]) * dir || a - b;
  }
  return idx.sort(cmp);
}

export interface FilterResult {
  /** Matching entries' indices, in the sort order. */
  matches: Uint32Array;
  count: number;
  /** Raw quota of the matches, net of refunds. */
  quota: number;
  tokens: number;
}

/**
 * The entries of `order` that pass the filter (core/usage/filter.ts's rules, on the precomputed
 * index). `out` may be the buffer `order` is a view of: a match is written at or before where it was read.
 */
export function filterRows(rows: IndexedRows, order: Uint32Array, f: UsageFilter, out?: Uint32Array): FilterResult {
  const matches = out && out.length >= order.length ? out : new Uint32Array(order.length);
  const needle = f.text.trim().toLowerCase();
  const { day, group, cost, tokens: tokenCount } = rows;
  // A typed needle has no NUL, so it matches one field or none: a group's fields are matched once here.
  const groupHit = rows.groups.map((g) => needle !== '' && g.includes(needle));
  const modelOk = rows.groupModel.map((m) => !f.model || m === f.model);
  const ids = needle ? searchText(rows) : [];
  let count = 0;
  let quota = 0;
  let tokens = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    const g = group[i];
    if (!modelOk[g]) continue;
    if (f.from && day[i] < f.from) continue;
    if (f.to && day[i] > f.to) continue;
    if (needle && !groupHit[g] && !ids[i].includes(needle)) continue;
    matches[count++] = i;
    quota += cost[i];
    tokens += tokenCount[i];
  }
  return { matches: matches.subarray(0, count), count, quota, tokens };
}

/** True when `next` can only match a subset of what `prev` matched (one more character typed): filter the last matches, not every row. */
export function narrows(prev: UsageFilter | undefined, next: UsageFilter): boolean {
  if (!prev || prev.model !== next.model || prev.from !== next.from || prev.to !== next.to) return false;
  const a = prev.text.trim().toLowerCase();
  return a !== '' && next.text.trim().toLowerCase().startsWith(a);
}
