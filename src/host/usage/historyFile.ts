import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * Where a key's usage history is kept: `<global storage>/usage/<SHA-256 of the key>.json` (never the
 * key). In host.js too, so the status bar can tell whether there is a history without loading dist/usage.js.
 */
export function usageHistoryFile(storageDir: string, keyHash: string): string {
  if (!/^[0-9a-f]{64}$/.test(keyHash)) throw new Error('usage history: not a key hash');
  return path.join(storageDir, 'usage', `${keyHash}.json`);
}

/** Whether the key has a kept history: one `access`, so host.js can tell without loading dist/usage.js. */
export async function hasUsageHistoryFile(storageDir: string, keyHash: string): Promise<boolean> {
  try {
    await fs.access(usageHistoryFile(storageDir, keyHash));
    return true;
  } catch {
    return false;
  }
}
