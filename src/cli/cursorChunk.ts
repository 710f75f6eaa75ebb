// dist/cursor.js (SQLite as WebAssembly and the state-database reader), loaded only by
// `doctor cursor`: the path is computed at run time, so esbuild keeps it a separate file.
import { join } from 'node:path';
import type { CursorRead } from '../core/cursor/types';

type ReadCursorSettings = (stateDb: string) => Promise<CursorRead>;

/** Reads the settings through dist/cursor.js; a missing or broken chunk reads as unreadable. */
export async function readThroughChunk(stateDb: string): Promise<CursorRead> {
  let read: ReadCursorSettings;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a sibling bundle, loaded on demand
    const mod = require(join(__dirname, 'cursor.js')) as { readCursorSettings?: unknown };
    if (typeof mod.readCursorSettings !== 'function') throw new Error('dist/cursor.js has no reader');
    read = mod.readCursorSettings as ReadCursorSettings;
  } catch {
    return { status: 'unreadable', reason: 'engine_failed' };
  }
  return read(stateDb);
}
