/**
 * The kept history: the gateway's newest 1000 rows merged into what was kept before, newest first,
 * bounded (the oldest dropped). Row ids are renumbered on every answer, so a row is known by its
 * merge key, derived here from the stored fields (the stored format stays as it was):
 * type + created_at + request id, plus which of the rows sharing those it is. One request id can
 * own several rows: new-api's Relay calls processChannelError (controller/relay.go) once per failed
 * retry and RecordErrorLog (model/log.go) writes each error row (type 5) with the request's own id,
 * the successful retry's consume row (type 2) carrying the same id; refunds (RecordTaskBillingLog)
 * have no request id and use a key made of the row (logRows.ts). Rows whose request id the
 * extension's chat provider recorded are marked as VS Code chat, and stay so.
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

const newestFirst = (a: UsageEntry, b: UsageEntry): number =>
  b.time - a.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) || a.type - b.type;

/**
 * Each entry's merge key, in the list's order. Rows that share type, time and request id (several
 * retries failing within one second) are the same in every kept field, so they are told apart by
 * rank, counted from the newest: a list's oldest rows leave the gateway's window first, so the
 * ranks of those still in it do not change, and a history keeps as many such rows as one answer held.
 */
function mergeKeys(entries: readonly UsageEntry[]): string[] {
  const seen = new Map<string, number>();
  return entries.map((e) => {
    const base = `${e.type}\u0000${e.time}\u0000${e.id}`;
    const rank = seen.get(base) ?? 0;
    seen.set(base, rank + 1);
    return `${base}\u0000${rank}`;
  });
}

export function mergeEntries(
  kept: readonly UsageEntry[],
  fresh: readonly UsageEntry[],
  chatIds: ReadonlySet<string>,
  max: number = MAX_KEPT_ENTRIES,
): MergeResult {
  const byKey = new Map<string, UsageEntry>();
  const keptSorted = [...kept].sort(newestFirst);
  mergeKeys(keptSorted).forEach((k, i) => byKey.set(k, keptSorted[i]));
  const freshSorted = [...fresh].sort(newestFirst);
  let added = 0;
  mergeKeys(freshSorted).forEach((k, i) => {
    const e = freshSorted[i];
    const before = byKey.get(k);
    if (!before) added++;
    byKey.set(k, { ...e, vscodeChat: e.vscodeChat || before?.vscodeChat === true || chatIds.has(e.id) });
  });
  const all = [...byKey.values()].sort(newestFirst);
  const droppedOld = Math.max(0, all.length - max);
  return { entries: droppedOld > 0 ? all.slice(0, max) : all, added, droppedOld };
}
