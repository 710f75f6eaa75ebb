/**
 * The kept history: the gateway's newest 1000 rows merged into what was kept before, by request id
 * (row ids are renumbered on every answer), newest first, bounded (the oldest dropped). Rows whose
 * request id the extension's chat provider recorded are marked as VS Code chat, and stay so.
 */
import type { UsageEntry } from './types';

/** How many entries a key's history keeps. */
export const MAX_KEPT_ENTRIES = 200_000;

export interface MergeResult {
  entries: UsageEntry[];
  /** Entries not seen before. */
  added: number;
  /** Oldest entries dropped to stay within the bound, this time. */
  droppedOld: number;
}

export function mergeEntries(
  kept: readonly UsageEntry[],
  fresh: readonly UsageEntry[],
  chatIds: ReadonlySet<string>,
  max: number = MAX_KEPT_ENTRIES,
): MergeResult {
  const byId = new Map<string, UsageEntry>();
  for (const e of kept) byId.set(e.id, e);
  let added = 0;
  for (const e of fresh) {
    const before = byId.get(e.id);
    if (!before) added++;
    byId.set(e.id, { ...e, vscodeChat: e.vscodeChat || before?.vscodeChat === true || chatIds.has(e.id) });
  }
  const all = [...byId.values()].sort((a, b) => b.time - a.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const droppedOld = Math.max(0, all.length - max);
  return { entries: droppedOld > 0 ? all.slice(0, max) : all, added, droppedOld };
}
