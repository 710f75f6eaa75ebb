import * as path from 'node:path';
import { t } from '../../core/l10n';
import { requireDist } from '../bootstrap/requireDist';
import type { NotifyPort } from './ports';
import { tShown } from './shown';

/**
 * The generic loader for the host's lazily loaded sibling bundles (dist/panel.js, dist/gateway.js,
 * dist/lm.js): what a chunk is, how it is loaded once, and what happens when its file is missing.
 * It knows no chunk by name: the descriptors (file + shape check) belong to the composition root
 * (src/host/startHost.ts), and each consumer names only the shape it uses.
 */

/** Something that hands out a module, now or on first use. */
export interface ModuleLoader<T> {
  load(): Promise<T>;
}

/** A sibling bundle in dist/ and how to tell it exports what the host needs. */
export interface Chunk<T> {
  file: string;
  isValid(mod: Partial<T>): boolean;
}

/**
 * A chunk's file is gone: the extension was updated (or removed) underneath this window, which
 * still runs the previous version from a folder that no longer exists. A reload fixes it.
 */
export class ChunkMissingError extends Error {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(`${file} is missing: RutaAPI Connect was updated or removed while this window was open`, { cause });
    this.name = 'ChunkMissingError';
  }
}

/** True when `e` is require() not finding `full` itself (not a module that `full` requires). */
function isMissingFile(e: unknown, full: string): boolean {
  if (!(e instanceof Error) || (e as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') return false;
  // "Cannot find module '<path>'\nRequire stack: …": the first line names what was not found.
  return e.message.split('\n')[0].includes(full);
}

/**
 * The one loader factory for dist/ chunks: requires `chunk.file` on first use and keeps it. A
 * failed load is not cached: the next call tries again. When the file is missing (see
 * ChunkMissingError) `onMissing` is told, so the user can be offered a reload; the load still
 * rejects, with a ChunkMissingError. Any other failure (a broken or wrong file) rejects as is.
 */
export function distChunk<T>(distDir: string, chunk: Chunk<T>, onMissing?: (error: ChunkMissingError) => void): ModuleLoader<T> {
  let loaded: Promise<T> | undefined;
  return {
    load() {
      if (loaded) return loaded;
      try {
        loaded = Promise.resolve(requireDist(distDir, chunk.file, chunk.isValid));
        return loaded;
      } catch (e) {
        // Not kept: the next call tries again.
        if (!isMissingFile(e, path.join(distDir, chunk.file))) return Promise.reject(e instanceof Error ? e : new Error(String(e)));
        const missing = new ChunkMissingError(chunk.file, e);
        onMissing?.(missing);
        return Promise.reject(missing);
      }
    },
  };
}

/** The command the editor reloads the window with (what GitLens offers after an update, too). */
export const RELOAD_WINDOW_COMMAND = 'workbench.action.reloadWindow';

/**
 * What the host does when a chunk is missing: an error notification with "Reload Window", which
 * runs `reload` when chosen. While one is on screen, further misses do not stack a second one.
 */
export function reloadOffer(notify: Pick<NotifyPort, 'error'>, reload: () => unknown): (error: ChunkMissingError) => void {
  let open = false;
  return () => {
    if (open) return;
    open = true;
    const action = t('Reload Window');
    void Promise.resolve(
      notify.error(
        tShown('notification', 'RutaAPI Connect was updated while this window was open. Reload the window to use the new version.'),
        action,
      ),
    )
      .then((chosen) => {
        open = false;
        if (chosen === action) return reload();
      })
      .catch(() => (open = false));
  };
}
