/**
 * The usage history on disk: one file per key in the extension's global storage, named by the
 * SHA-256 of the key (never the key), holding the entries as tuples (core/usage/rowTuple.ts),
 * newest first, at most MAX_KEPT_ENTRIES. Every tuple read back is checked against the strict
 * schema and dropped when it does not fit, so nothing but the ledger's fields is ever kept. Written
 * to a temporary file and renamed, so a crash leaves the old history, not half a file.
 */
import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { MAX_KEPT_ENTRIES, mergeEntries } from '../../core/usage/merge';
import { entriesOfTuples, fromTuple, toTuple } from '../../core/usage/rowTuple';
import { isEntryTuple } from '../../core/usage/tupleCheck';
import { TupleScanner } from '../../core/usage/tupleScan';
import type { UsageEntry } from '../../core/usage/types';
import { usageHistoryFile } from './historyFile';

const FORMAT = 1;

export interface KeptHistory {
  entries: UsageEntry[];
  /** Entries dropped over time to stay within the bound (said in the view). */
  droppedOld: number;
  /** Stored tuples that did not fit the schema (dropped on read). */
  invalid: number;
}

function parseTuple(text: string) {
  try {
    const t: unknown = JSON.parse(text);
    return isEntryTuple(t) ? t : undefined;
  } catch {
    return undefined;
  }
}

const EMPTY: KeptHistory = { entries: [], droppedOld: 0, invalid: 0 };

export class UsageStore {
  constructor(
    /** `context.globalStorageUri.fsPath`. */
    private readonly storageDir: string,
    private readonly max: number = MAX_KEPT_ENTRIES,
  ) {}

  /** `keyHash` is a 64-character hex SHA-256 (connection/keychain.ts `keyHash`). */
  fileOf(keyHash: string): string {
    return usageHistoryFile(this.storageDir, keyHash);
  }

  /**
   * The kept entries at or after `sinceS` (unix seconds), newest first, reading the file only up to
   * the first older row: the status bar's spend without parsing months of history. `kept`: the
   * file holds at least one row (a history with nothing recent still spent 0 this week).
   */
  async loadRecent(keyHash: string, sinceS: number): Promise<{ entries: UsageEntry[]; kept: boolean }> {
    const entries: UsageEntry[] = [];
    const scanner = new TupleScanner();
    const stream = createReadStream(this.fileOf(keyHash), { encoding: 'utf8', highWaterMark: 64 * 1024 });
    try {
      for await (const chunk of stream as AsyncIterable<string>) {
        for (const text of scanner.push(chunk)) {
          if (scanner.version !== FORMAT) return { entries: [], kept: false };
          const tuple = parseTuple(text);
          if (!tuple) continue;
          if (tuple[1] < sinceS) return { entries, kept: true };
          entries.push(fromTuple(tuple));
        }
        if (scanner.done) break;
      }
    } catch {
      return { entries: [], kept: false };
    } finally {
      stream.destroy();
    }
    return { entries, kept: entries.length > 0 };
  }

  async load(keyHash: string): Promise<KeptHistory> {
    let text: string;
    try {
      text = await fs.readFile(this.fileOf(keyHash), 'utf8');
    } catch {
      return { ...EMPTY, entries: [] };
    }
    let json: { v?: unknown; droppedOld?: unknown; rows?: unknown };
    try {
      json = JSON.parse(text) as typeof json;
    } catch {
      return { ...EMPTY, entries: [] };
    }
    if (!json || json.v !== FORMAT) return { ...EMPTY, entries: [] };
    const { entries, invalid } = entriesOfTuples(json.rows);
    const droppedOld = typeof json.droppedOld === 'number' && json.droppedOld >= 0 ? json.droppedOld : 0;
    return { entries: entries.slice(0, this.max), droppedOld, invalid };
  }

  /** Merges fresh entries into the key's history and writes it; returns the new history and how many were new. */
  async merge(keyHash: string, fresh: readonly UsageEntry[], chatIds: ReadonlySet<string>): Promise<KeptHistory & { added: number }> {
    const kept = await this.load(keyHash);
    const merged = mergeEntries(kept.entries, fresh, chatIds, this.max);
    const droppedOld = kept.droppedOld + merged.droppedOld;
    await this.write(keyHash, merged.entries, droppedOld);
    return { entries: merged.entries, droppedOld, invalid: kept.invalid, added: merged.added };
  }

  async clear(keyHash: string): Promise<boolean> {
    try {
      await fs.unlink(this.fileOf(keyHash));
      return true;
    } catch {
      return false;
    }
  }

  /** The key hashes that have a history file (the saved key's and those of keys replaced or removed since). */
  async hashes(): Promise<string[]> {
    try {
      const names = await fs.readdir(path.join(this.storageDir, 'usage'));
      return names.filter((n) => /^[0-9a-f]{64}\.json$/.test(n)).map((n) => n.slice(0, 64));
    } catch {
      return [];
    }
  }

  private async write(keyHash: string, entries: readonly UsageEntry[], droppedOld: number): Promise<void> {
    const file = this.fileOf(keyHash);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, JSON.stringify({ v: FORMAT, droppedOld, rows: entries.map(toTuple) }), { mode: 0o600 });
    await fs.rename(tmp, file);
  }
}
