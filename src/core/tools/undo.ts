/**
 * Undo Tool Setup: every file the setup changed goes back byte for byte from its backup (which is
 * then removed), and a file the setup created is removed. A file changed since the setup is left
 * alone unless `force`: the person's own edit is not thrown away without asking.
 */
import { readManifest, writeManifest, type ManifestEntry } from './manifest';
import { sha256Bytes } from './apply';
import { nodeToolFs, type ToolFs } from './toolFs';
import type { ToolName } from './types';

export interface UndoOptions {
  storageDir: string;
  fs?: ToolFs;
  /** Only these tools; default all. */
  tools?: readonly ToolName[];
  /** Restore even a file changed since the setup. */
  force?: boolean;
}

export interface UndoResult {
  restored: Array<{ tool: ToolName; file: string; action: 'restored' | 'removed' }>;
  /** Left as they are: changed since the setup (ask, then undo with force), or the backup is gone or unreadable. */
  skipped: Array<{ tool: ToolName; file: string; reason: 'changed' | 'backup_missing' | 'io' }>;
}

/** What Undo would restore: the manifest's entries (the host shows Undo only when there are some). */
export async function toolSetupHistory(options: { storageDir: string; fs?: ToolFs }): Promise<ManifestEntry[]> {
  return (await readManifest(options.fs ?? nodeToolFs, options.storageDir)).entries;
}

async function undoOne(
  fs: ToolFs,
  e: ManifestEntry,
  force: boolean,
): Promise<UndoResult['restored'][number] | UndoResult['skipped'][number]> {
  const now = await fs.read(e.file);
  if (!force && sha256Bytes(now) !== e.written) return { tool: e.tool, file: e.file, reason: 'changed' };
  if (e.backup === null) {
    await fs.remove(e.file);
    return { tool: e.tool, file: e.file, action: 'removed' };
  }
  const original = await fs.read(e.backup);
  if (original === undefined) return { tool: e.tool, file: e.file, reason: 'backup_missing' };
  await fs.write(e.file, original);
  await fs.remove(e.backup);
  return { tool: e.tool, file: e.file, action: 'restored' };
}

export async function undoToolSetup(options: UndoOptions): Promise<UndoResult> {
  const fs = options.fs ?? nodeToolFs;
  const manifest = await readManifest(fs, options.storageDir);
  const result: UndoResult = { restored: [], skipped: [] };
  const kept: ManifestEntry[] = [];
  for (const e of [...manifest.entries].reverse()) {
    if (options.tools && !options.tools.includes(e.tool)) {
      kept.unshift(e);
      continue;
    }
    let outcome;
    try {
      outcome = await undoOne(fs, e, options.force === true);
    } catch {
      outcome = { tool: e.tool, file: e.file, reason: 'io' as const };
    }
    if ('action' in outcome) result.restored.push(outcome);
    else {
      result.skipped.push(outcome);
      kept.unshift(e);
    }
  }
  await writeManifest(fs, options.storageDir, { version: 1, entries: kept });
  return result;
}
