import type * as vscode from 'vscode';
import type { DisposableLike } from '../shared/disposable';
import type { Keychain } from './keychain';
import type { Connection } from './connectionState';
import { SETTINGS, SETTINGS_SECTION, type Settings } from './settings';

interface Parts {
  connection: Connection;
  keychain: Keychain;
  /** The figures' refresh policy (AccountState), which pauses while the window is away. */
  account: { policy: { setFocused(focused: boolean): void }; setFocused(focused: boolean): void };
  /** The status bar, drawn again when the low-balance threshold changes. */
  statusBar: { render(): void };
}

/**
 * Keeping the state true: settings changes, the secret changing in another window, focus after
 * 10 min. Debounced, so our own save (settings + key, already adopted) does not verify twice.
 */
export function keepVerified(vs: typeof vscode, { connection, keychain, account, statusBar }: Parts): DisposableLike[] {
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  const refresh = (reason: string) => {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void connection.verifySaved({ reason }), 400);
  };
  return [
    vs.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SETTINGS.lowBalanceWarning.key)) statusBar.render();
      if (e.affectsConfiguration(SETTINGS_SECTION)) refresh('settings changed');
    }),
    keychain.onDidChangeKey(() => refresh('key changed')),
    vs.window.onDidChangeWindowState((s) => {
      if (s.focused && connection.isStale() && connection.state.kind === 'checked') {
        // The re-check reads the figures after it (AccountState follows the connection).
        void connection.verifySaved({ force: true, reason: 'window focus' });
        account.policy.setFocused(true);
      } else {
        // Paused while away; on return, read when older than 5 minutes (or a check came meanwhile).
        account.setFocused(s.focused);
      }
    }),
    { dispose: () => clearTimeout(refreshTimer) },
  ];
}

/**
 * The first check, one task after the host started (activation pays for none of it): the saved
 * connection verified, or marked unchecked when rutaapi.verifyOnStartup is off.
 */
export function verifyAtStartup(connection: Connection, settings: Settings, logStart: () => void): DisposableLike {
  const startup = setTimeout(() => {
    logStart();
    if (settings.verifyOnStartup) void connection.verifySaved({ reason: 'startup' });
    else void connection.markUnchecked();
  }, 0);
  return { dispose: () => clearTimeout(startup) };
}
