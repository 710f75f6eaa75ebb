// Entry of dist/usage.js, the usage ledger (issue 18): the view, the history on disk and the log
// reader, loaded by host.js (usageCommands.ts) on first use.
import { t } from '../../core/l10n';
import { COMMANDS } from '../bootstrap/commandIds';
import { keyHash } from '../connection/keychain';
import { tShown } from '../shared/shown';
import { recentSpend } from '../../core/usage/spend';
import type { MementoPort } from '../shared/ports';
import { storedDisplay } from './usageController';
import type { UsageDeps } from './usageDeps';
import type { UsageSpend } from './usageSpend';
import { UsagePanel, confirmClear, confirmClearAll } from './usagePanel';
import { UsageStore } from './usageStore';

export async function showUsage(d: UsageDeps): Promise<void> {
  if (!(await d.keychain.has())) {
    const configure = t('Configure');
    const a = await d.notify.info(tShown('notification', 'RutaAPI is not configured yet: no API key is saved.'), configure);
    if (a === configure) await d.vs.commands.executeCommand(COMMANDS.configure);
    return;
  }
  UsagePanel.show(d);
}

export async function clearUsageHistory(d: UsageDeps): Promise<void> {
  const open = UsagePanel.instance;
  const key = await d.keychain.get();
  const store = new UsageStore(d.storageDir);
  const saved = key ? keyHash(key) : undefined;
  const all = await store.hashes();
  const others = all.filter((h) => h !== saved);
  const savedHas = saved !== undefined && all.includes(saved);
  if (others.length === 0) {
    if (open) return open.controller.clear();
    if (!saved || !savedHas) {
      void d.notify.info(tShown('notification', 'There is no usage history for the saved API key.'));
      return;
    }
    if (!(await confirmClear(d))) return;
    return clearSaved(d, store, saved);
  }
  const choice = await confirmClearAll(d, savedHas, others.length);
  if (!choice) return;
  if (choice === 'all') for (const h of others) await store.clear(h);
  if (savedHas && saved) {
    if (open) await open.controller.clear(true);
    else await clearSaved(d, store, saved, choice === 'all');
  } else if (choice === 'all') {
    void d.notify.info(tShown('notification', 'The usage histories of {0} API keys that are no longer saved were cleared.', others.length));
  }
}

async function clearSaved(d: UsageDeps, store: UsageStore, saved: string, allToo = false): Promise<void> {
  await store.clear(saved);
  d.spend.set(undefined);
  void d.notify.info(
    allToo
      ? tShown('notification', 'The usage histories of this key and of the API keys that are no longer saved were cleared.')
      : tShown('notification', 'The usage history of this key was cleared.'),
  );
}

export const deleteUsageHistory = (storageDir: string, hash: string): Promise<boolean> => new UsageStore(storageDir).clear(hash);

/**
 * The status bar's spend from the key's kept rows of the last 7 days, read from disk only (no
 * network); undefined when the key has no kept rows.
 */
export async function storedSpend(storageDir: string, state: MementoPort, hash: string, nowMs: number): Promise<UsageSpend | undefined> {
  const nowS = Math.floor(nowMs / 1000);
  const recent = await new UsageStore(storageDir).loadRecent(hash, nowS - 7 * 86_400);
  if (!recent.kept) return undefined;
  const display = storedDisplay(state);
  return { ...recentSpend(recent.entries, display, nowS), unit: display.unit, readAt: nowMs };
}
