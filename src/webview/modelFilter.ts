// The model list's pure parts: the filter (bench/webviewFilter.ts times `filterModels` directly,
// per keystroke, in Chromium), the rows shown and the count line under the list.
import type { Fmt } from './strings';

/** At most this many filtered rows are rendered (plus the selected model when it is further down). */
export const MAX_ROWS = 200;

/**
 * The models whose id contains the query, case-insensitively, in list order. The query is
 * trimmed; an empty query returns `models` itself.
 */
export function filterModels(models: readonly string[], query: string): readonly string[] {
  const q = query.trim().toLowerCase();
  return q ? models.filter((m) => m.toLowerCase().includes(q)) : models;
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
