/**
 * What the setup changed, kept in a folder the host chooses (its global storage): per file, the
 * backup that restores it (or that the setup created it) and a hash of what the setup wrote, so
 * Undo Tool Setup can put every file back and notice a file changed since.
 */
import { join } from 'node:path';
import { isRecord, str } from './configError';
import type { ToolFs } from './toolFs';
import { TOOL_NAMES, type ToolName } from './types';

export const MANIFEST_FILE = 'tool-setup.json';

export interface ManifestEntry {
  tool: ToolName;
  file: string;
  /** The backup next to the file; null when the setup created the file. */
  backup: string | null;
  /** SHA-256 of the bytes the last setup wrote. */
  written: string;
  /** ISO 8601 time of the first change. */
  at: string;
}

export interface Manifest {
  version: 1;
  entries: ManifestEntry[];
}

function entryOf(value: unknown): ManifestEntry | undefined {
  if (!isRecord(value)) return undefined;
  const tool = str(value.tool) as ToolName | undefined;
  const file = str(value.file);
  const written = str(value.written);
  const backup = value.backup === null ? null : str(value.backup);
  if (!tool || !TOOL_NAMES.includes(tool) || !file || !written || backup === undefined) return undefined;
  return { tool, file, backup, written, at: str(value.at) ?? '' };
}

export async function readManifest(fs: ToolFs, storageDir: string): Promise<Manifest> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await fs.read(join(storageDir, MANIFEST_FILE));
  } catch {
    bytes = undefined;
  }
  if (bytes === undefined) return { version: 1, entries: [] };
  try {
    const json: unknown = JSON.parse(new TextDecoder().decode(bytes));
    const entries = isRecord(json) && Array.isArray(json.entries) ? json.entries.map(entryOf) : [];
    return { version: 1, entries: entries.filter((e): e is ManifestEntry => e !== undefined) };
  } catch {
    return { version: 1, entries: [] };
  }
}

export async function writeManifest(fs: ToolFs, storageDir: string, manifest: Manifest): Promise<void> {
  const path = join(storageDir, MANIFEST_FILE);
  if (manifest.entries.length === 0) return fs.remove(path);
  await fs.write(path, new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`));
}
