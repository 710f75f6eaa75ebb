import * as path from 'node:path';

/**
 * Requires a sibling bundle from dist/ now. The path is computed at run time, so esbuild leaves
 * the require alone and the bundle stays a separate file.
 */
export function requireDist<T>(distDir: string, file: string, isValid: (mod: Partial<T>) => boolean): T {
  const full = path.join(distDir, file);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(full) as Partial<T>;
  if (!isValid(mod)) throw new Error(`${full} does not export what the extension needs`);
  return mod as T;
}

/**
 * Loads a sibling bundle from dist/ on first use, so activation only pays for what it runs.
 * A failed load is not cached: the next call tries again.
 */
export class DistModule<T> {
  private loaded: Promise<T> | undefined;

  constructor(
    private readonly distDir: string,
    private readonly file: string,
    private readonly isValid: (mod: Partial<T>) => boolean,
  ) {}

  load(): Promise<T> {
    this.loaded ??= new Promise<T>((resolve, reject) => {
      try {
        resolve(requireDist(this.distDir, this.file, this.isValid));
      } catch (e) {
        this.loaded = undefined;
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
    return this.loaded;
  }
}
