import * as path from 'node:path';

/**
 * Loads a sibling bundle from dist/ on first use, so activation only pays for what it runs.
 * The path is computed at run time, so esbuild leaves the require alone. A failed load is not
 * cached: the next call tries again.
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
        const full = path.join(this.distDir, this.file);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const mod = require(full) as Partial<T>;
        if (!this.isValid(mod)) throw new Error(`${full} does not export what the extension needs`);
        resolve(mod as T);
      } catch (e) {
        this.loaded = undefined;
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
    return this.loaded;
  }
}
