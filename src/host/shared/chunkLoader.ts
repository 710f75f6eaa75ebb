import * as path from 'node:path';
import { t } from '../../core/l10n';
import type { AccountRead, AccountReadOptions } from '../../core/gatewayAccount/types';
import type { VerificationResult, VerifyOptions } from '../../core/types';
import { requireDist } from '../bootstrap/requireDist';
import type { pickDashboardPage, showAccount } from '../account/accountQuickPick';
import type { SetupPanel } from '../panel/setupPanel';
import type { NotifyPort } from './ports';
import { tShown } from './shown';

/**
 * The host's lazily loaded chunks: dist/panel.js (the setup panel with zod, on first open) and
 * dist/gateway.js (the openai SDK, on the first verification). Activation pays for neither.
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

/** What dist/panel.js provides: the setup panel with its protocol schemas, HTML and strings; the account views. */
export interface PanelModule {
  SetupPanel: typeof SetupPanel;
  showAccount: typeof showAccount;
  pickDashboardPage: typeof pickDashboardPage;
}

/** What dist/gateway.js provides: the engine. */
export interface GatewayModule {
  verify(options: VerifyOptions): Promise<VerificationResult>;
  /**
   * The key's figures and the dashboard links (core/gatewayAccount). Optional in the shape check:
   * without it the product works as for any OpenAI-compatible gateway (no figures).
   */
  readAccount?(options: AccountReadOptions): Promise<AccountRead>;
}

export type PanelLoader = ModuleLoader<PanelModule>;
export type GatewayLoader = ModuleLoader<GatewayModule>;

export const PANEL_CHUNK: Chunk<PanelModule> = {
  file: 'panel.js',
  isValid: (m) => typeof m.SetupPanel === 'function' && typeof m.showAccount === 'function' && typeof m.pickDashboardPage === 'function',
};
export const GATEWAY_CHUNK: Chunk<GatewayModule> = { file: 'gateway.js', isValid: (m) => typeof m.verify === 'function' };

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
export function isMissingFile(e: unknown, full: string): boolean {
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

/** A module that is already at hand (tests, and callers that bundle it). */
export class LoadedModule<T> implements ModuleLoader<T> {
  constructor(private readonly mod: T) {}
  load(): Promise<T> {
    return Promise.resolve(this.mod);
  }
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
