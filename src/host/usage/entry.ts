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
import { UsagePanel, confirmClear } from './usagePanel';
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
  if (open) return open.controller.clear();
  const key = await d.keychain.get();
  const store = new UsageStore(d.storageDir);
  if (!key || !(await store.has(keyHash(key)))) {
    void d.notify.info(tShown('notification', 'There is no usage history for the saved API key.'));
    return;
  }
  if (!(await confirmClear(d))) return;
  await store.clear(keyHash(key));
  d.spend.set(undefined);
  void d.notify.info(tShown('notification', 'The usage history of this key was cleared.'));
}

export const hasUsageHistory = (storageDir: string, hash: string): Promise<boolean> => new UsageStore(storageDir).has(hash);
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
