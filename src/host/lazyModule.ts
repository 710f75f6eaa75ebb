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

/** Something that hands out a module, now or on first use. */
export interface ModuleLoader<T> {
  load(): Promise<T>;
}

/**
 * Loads a sibling bundle from dist/ on first use, so activation only pays for what it runs.
 * A failed load is not cached: the next call tries again.
 */
export class DistModule<T> implements ModuleLoader<T> {
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

/** A module that is already at hand (tests, and callers that bundle it). */
export class LoadedModule<T> implements ModuleLoader<T> {
  constructor(private readonly mod: T) {}
  load(): Promise<T> {
    return Promise.resolve(this.mod);
  }
}
