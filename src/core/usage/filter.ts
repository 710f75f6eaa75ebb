/** The usage view's filter (model, date range, text), shared by the view and the CSV export. */
import { localDay } from './aggregate';
import type { UsageEntry } from './types';

export interface UsageFilter {
  /** '' = every model. */
  model: string;
  /** YYYY-MM-DD (local), inclusive; '' = open. */
  from: string;
  to: string;
  /** Matched case-insensitively against model, upstream model, protocol and request id. */
  text: string;
}

export const NO_FILTER: UsageFilter = { model: '', from: '', to: '', text: '' };

export function matchesFilter(e: UsageEntry, f: UsageFilter, dayOf: (s: number) => string = localDay): boolean {
  if (f.model && e.model !== f.model) return false;
  if (f.from || f.to) {
    const day = dayOf(e.time);
    if (f.from && day < f.from) return false;
    if (f.to && day > f.to) return false;
  }
  if (f.text) {
    const needle = f.text.toLowerCase();
    if (!`${e.model}\u0000${e.upstream}\u0000${e.protocol}\u0000${e.id}`.toLowerCase().includes(needle)) return false;
  }
  return true;
}
