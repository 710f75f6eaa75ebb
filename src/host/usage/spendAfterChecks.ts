import type { Connection } from '../connection/connectionState';
import { keyHash, type Keychain } from '../connection/keychain';
import { ChunkMissingError, type ModuleLoader } from '../shared/chunkLoader';
import type { DisposableLike } from '../shared/disposable';
import type { Logger } from '../shared/logger';
import type { MementoPort } from '../shared/ports';
import { hasUsageHistoryFile } from './historyFile';
import type { UsageModule } from './usageDeps';
import type { UsageSpendState } from './usageSpend';

export interface SpendAfterChecksDeps {
  connection: Pick<Connection, 'onDidChange'>;
  keychain: Pick<Keychain, 'get' | 'onDidChangeKey'>;
  storageDir(): string;
  state: MementoPort;
  logger: Pick<Logger, 'warn'>;
  spend: UsageSpendState;
  loader: ModuleLoader<UsageModule>;
  now: () => number;
}

/**
 * The status bar's spend in a window where the view was not opened: after each successful check of
 * the saved key (never during activation: the first check runs after it), read from the key's kept
 * rows by dist/usage.js — disk only, the last 7 days' rows only, no network. A key without a
 * history file does not load the chunk. A result for a key replaced meanwhile is dropped.
 */
export function spendAfterChecks(d: SpendAfterChecksDeps): { disposables: DisposableLike[]; settled(): Promise<void> } {
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: (() => void) | undefined;
  let settled = Promise.resolve();
  const update = async () => {
    const gen = generation;
    const key = await d.keychain.get();
    if (!key) return;
    const hash = keyHash(key);
    const dir = d.storageDir();
    if (!(await hasUsageHistoryFile(dir, hash))) return;
    const m = await d.loader.load();
    const spend = await m.storedSpend(dir, d.state, hash, d.now());
    if (gen === generation) d.spend.set(spend);
  };
  const run = () => {
    const done = pending;
    pending = undefined;
    update()
      .catch((e) => {
        if (!(e instanceof ChunkMissingError))
          d.logger.warn('Usage: could not read the spend from the history', e instanceof Error ? e.name : 'error');
      })
      .finally(done);
  };
  const schedule = () => {
    clearTimeout(timer);
    if (!pending) settled = new Promise((resolve) => (pending = resolve));
    // Off the check's own event: the status bar first shows the check, the spend follows.
    timer = setTimeout(run, 0);
  };
  const disposables = [
    d.connection.onDidChange((s) => {
      if (s.kind === 'checked' && s.result.ok) schedule();
    }),
    d.keychain.onDidChangeKey(() => generation++),
    { dispose: () => (clearTimeout(timer), pending?.()) },
  ];
  return { disposables, settled: () => settled };
}
