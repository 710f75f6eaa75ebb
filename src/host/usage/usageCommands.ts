import { COMMANDS } from '../bootstrap/commandIds';
import type { CommandRegistrar } from '../bootstrap/deferredHost';
import { keyHash } from '../connection/keychain';
import { ChunkMissingError, type ModuleLoader } from '../shared/chunkLoader';
import type { DisposableLike } from '../shared/disposable';
import { ChatRequestIds } from './chatRequestIds';
import type { UsageDeps, UsageModule } from './usageDeps';
import { hasUsageHistoryFile } from './historyFile';
import { spendAfterChecks } from './spendAfterChecks';
import { UsageSpendState } from './usageSpend';

export interface UsageWiring {
  /** The chat provider records each request id here (rows marked "VS Code chat"). */
  chatIds: ChatRequestIds;
  /** Today's and the last 7 days' spend for the status bar. */
  spend: UsageSpendState;
  /** Remove API Key asks about this: the saved key's history, when it has one. */
  savedKeyHistory(): Promise<{ clear(): Promise<boolean> } | undefined>;
  /** Settles once the spend read after the last successful check is done (tests wait on it). */
  spendRead(): Promise<void>;
  disposables: DisposableLike[];
}

/**
 * The usage ledger's part of host.js: the two commands, the chat request ids and the spend the
 * status bar shows. Everything else (reading the log, the history on disk, the view) is in
 * dist/usage.js, loaded on first use.
 */
export function registerUsage(
  registerCommand: CommandRegistrar,
  d: Omit<UsageDeps, 'chatIds' | 'spend' | 'verifyCommand' | 'storageDir'> & {
    /** `context.globalStorageUri.fsPath`, asked for on first use only. */
    storageDir(): string;
    /** The clock of the spend read after a check (tests). */
    now?: () => number;
  },
  loader: ModuleLoader<UsageModule>,
): UsageWiring {
  const chatIds = new ChatRequestIds(d.state);
  const spend = new UsageSpendState();
  const afterChecks = spendAfterChecks({ ...d, spend, loader, now: d.now ?? Date.now });
  const deps = (): UsageDeps => ({ ...d, storageDir: d.storageDir(), chatIds, spend, verifyCommand: COMMANDS.verify });
  const run = (fn: (m: UsageModule) => Promise<void>) => async () => {
    try {
      await fn(await loader.load());
    } catch (e) {
      // A missing chunk already offered "Reload Window".
      if (!(e instanceof ChunkMissingError)) d.logger.error('Usage: the command failed', e);
    }
  };
  const savedKeyHistory = async () => {
    try {
      const key = await d.keychain.get();
      if (!key) return undefined;
      const hash = keyHash(key);
      const dir = d.storageDir();
      if (!(await hasUsageHistoryFile(dir, hash))) return undefined;
      return { clear: async () => (await loader.load()).deleteUsageHistory(dir, hash) };
    } catch (e) {
      d.logger.warn('Usage: could not tell whether the key has a usage history', e instanceof Error ? e.name : 'error');
      return undefined;
    }
  };
  const disposables: DisposableLike[] = [
    spend,
    registerCommand(
      COMMANDS.showUsage,
      run((m) => m.showUsage(deps())),
    ),
    registerCommand(
      COMMANDS.clearUsageHistory,
      run((m) => m.clearUsageHistory(deps())),
    ),
    // Another key's spend is not this key's.
    d.keychain.onDidChangeKey(() => spend.set(undefined)),
    ...afterChecks.disposables,
  ];
  return { chatIds, spend, savedKeyHistory, spendRead: afterChecks.settled, disposables };
}
