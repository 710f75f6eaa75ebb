import type * as vscode from 'vscode';
import type { Connection } from '../connection/connectionState';
import type { Keychain } from '../connection/keychain';
import type { Settings } from '../connection/settings';
import type { Logger } from '../shared/logger';
import type { MementoPort, NotifyPort } from '../shared/ports';
import type { ChatRequestIds } from './chatRequestIds';
import type { UsageSpend, UsageSpendState } from './usageSpend';

/** What dist/usage.js is handed by host.js (usageCommands.ts) for the view and the history. */
export interface UsageDeps {
  vs: typeof vscode;
  extensionUri: vscode.Uri;
  /** `context.globalStorageUri.fsPath`: the history lives in `<it>/usage/<key hash>.json`. */
  storageDir: string;
  /** globalState: the log-read budget is kept here across reloads. */
  state: MementoPort;
  connection: Connection;
  keychain: Keychain;
  settings: Settings;
  logger: Logger;
  notify: Required<NotifyPort>;
  chatIds: ChatRequestIds;
  spend: UsageSpendState;
  /** The command that verifies the saved connection (the view's "verify first" hint). */
  verifyCommand: string;
}

/** What dist/usage.js exports (src/host/usage/entry.ts); startHost.ts checks the shape. */
export interface UsageModule {
  /** RutaAPI: Show Usage (a second call reveals the open view and reads again). */
  showUsage(d: UsageDeps): Promise<void>;
  /** RutaAPI: Clear Usage History: the saved key's rows, after a confirmation. */
  clearUsageHistory(d: UsageDeps): Promise<void>;
  deleteUsageHistory(storageDir: string, keyHash: string): Promise<boolean>;
  /** The status bar's spend from the kept rows (disk only), after a successful check. */
  storedSpend(storageDir: string, state: MementoPort, keyHash: string, nowMs: number): Promise<UsageSpend | undefined>;
}
