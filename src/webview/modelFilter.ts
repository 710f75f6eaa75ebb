// The model list's pure parts: the filter (bench/webviewFilter.ts times `filterModels` directly,
// per keystroke, in Chromium), the rows shown and the count line under the list.
import type { Fmt } from './strings';

/** At most this many filtered rows are rendered (plus the selected model when it is further down). */
export const MAX_ROWS = 200;

/** Each list's ids lower-cased once (a list is replaced, never changed in place). */
const lowered = new WeakMap<readonly string[], readonly string[]>();
/** The last query's matches, by index: typing one more character only searches those (a gateway may list 100,000). */
let last: { models: readonly string[]; q: string; indices: readonly number[] } | undefined;

/**
 * The models whose id contains the query, case-insensitively, in list order. The query is
 * trimmed; an empty query returns `models` itself. A query that contains the previous one (the
 * user typed on) searches only the previous matches.
 */
export function filterModels(models: readonly string[], query: string): readonly string[] {
  const q = query.trim().toLowerCase();
  if (!q) return models;
  let lower = lowered.get(models);
  if (!lower) {
    lower = models.map((m) => m.toLowerCase());
    lowered.set(models, lower);
  }
  const indices: number[] = [];
  if (last && last.models === models && q.includes(last.q)) {
    for (const i of last.indices) if (lower[i].includes(q)) indices.push(i);
  } else {
    for (let i = 0; i < lower.length; i++) if (lower[i].includes(q)) indices.push(i);
  }
  last = { models, q, indices };
  return indices.length === models.length ? models : indices.map((i) => models[i]);
}

export interface ModelRows {
  /** Every match of the filter. */
  matches: readonly string[];
  /** The ids rendered, in order. */
  rows: string[];
  /** The active (keyboard) row, clamped to the rows. */
  activeIndex: number;
}

/**
 * The rows to render: the first `maxRows` matches, with the selected model put first when it
 * matches but falls past the cap (so the selection is always visible while it matches).
 */
export function modelRows(models: readonly string[], query: string, selected: string, activeIndex: number, maxRows = MAX_ROWS): ModelRows {
  const matches = filterModels(models, query);
  const rows = matches.slice(0, maxRows);
  if (selected && matches.includes(selected) && !rows.includes(selected)) rows.unshift(selected);
  return { matches, rows, activeIndex: Math.max(0, Math.min(activeIndex, rows.length - 1)) };
}

/** The line under the list. */
export function modelCountText(total: number, matches: number, shown: number, fmt: Fmt): string {
  if (!total) return fmt('modelsNone');
  if (!matches) return fmt('modelsNoMatch');
  return matches > shown ? fmt('modelsShowing', shown, matches) : fmt('modelsCount', matches);
}
