import * as path from 'node:path';

/**
 * Requires a sibling bundle from dist/ now. The path is computed at run time, so esbuild leaves
 * the require alone and the bundle stays a separate file. The bootstrap loads dist/host.js with it;
 * the host's lazy chunks (../shared/chunkLoader.ts) load dist/panel.js and dist/gateway.js with it.
 */
export function requireDist<T>(distDir: string, file: string, isValid: (mod: Partial<T>) => boolean): T {
  const full = path.join(distDir, file);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(full) as Partial<T>;
  if (!isValid(mod)) throw new Error(`${full} does not export what the extension needs`);
  return mod as T;
}
