import * as path from 'node:path';

/**
 * Where a key's usage history is kept: `<global storage>/usage/<SHA-256 of the key>.json` (never the
 * key). In host.js too, so the status bar can tell whether there is a history without loading dist/usage.js.
 */
export function usageHistoryFile(storageDir: string, keyHash: string): string {
  if (!/^[0-9a-f]{64}$/.test(keyHash)) throw new Error('usage history: not a key hash');
  return path.join(storageDir, 'usage', `${keyHash}.json`);
}
