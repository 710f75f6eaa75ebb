import type { CursorFinding } from '../../core/cursor/types';
import type { VerificationResult } from '../../core/types';
import type { HostMessage, OpenTarget } from '../../protocol/messages';
import type { Connection } from '../connection/connectionState';
import type { Keychain } from '../connection/keychain';
import type { Settings } from '../connection/settings';
import type { AccountSnapshot, RefreshOutcome } from '../account/accountState';
import type { KnownDashboard } from '../account/links';
import type { RefreshReason } from '../account/refreshPolicy';
import type { DisposableLike } from '../shared/disposable';
import type { Logger } from '../shared/logger';
import type { ClipboardPort, NotifyPort } from '../shared/ports';

/** What the panel needs of the saved key's figures (AccountState, host.js). */
export interface PanelAccount {
  readonly current: AccountSnapshot | undefined;
  readonly dashboard: KnownDashboard;
  onDidChange(listener: (snap: AccountSnapshot | undefined) => unknown): DisposableLike;
  refresh(reason: RefreshReason): Promise<RefreshOutcome>;
}

/** Cursor's own settings checked (commands/cursorCheck.ts): the checklist of RutaAPI: Check Cursor Settings. */
export interface PanelCursorSource {
  /** Reads and diagnoses again (never asks anything); onDidChange follows with the findings. */
  refresh(): Promise<CursorFinding[]>;
  onDidChange(listener: (findings: CursorFinding[]) => unknown): DisposableLike;
  /** Copies the finding's value and opens Cursor's Models settings. */
  fix(finding: CursorFinding): Promise<void>;
  /** While held (the panel's checklist is on screen), regaining focus checks again, as for the command's list. */
  watch(): DisposableLike;
}

/** The setup panel's host side and what it is given: everything outside the panel it talks to. */
export interface SetupDeps {
  /** Posts to the webview (panel.webview.postMessage). */
  post(message: HostMessage): unknown;
  settings: Settings;
  keychain: Keychain;
  connection: Connection;
  logger: Logger;
  clipboard: ClipboardPort;
  notify: NotifyPort;
  open(target: OpenTarget): unknown;
  /** Opens an http(s) URL (commands.ts `openUrl`); the panel asks only for URLs the host sent it. */
  openUrl?(url: string): unknown;
  /** The saved key's figures and the gateway's dashboard (absent: the panel shows none). */
  account?: PanelAccount;
  supportReport(result: VerificationResult): string | Promise<string>;
  isCursor: boolean;
  /** In Cursor: the same checklist as the command, loaded on first use (dist/cursor.js). */
  cursorChecklist?: () => Promise<PanelCursorSource>;
  hasWorkspace: boolean;
  /** After a successful save: the saved model and the gateway's list (the utility-model offer, src/host/lm/utilityModelOffer.ts). */
  onSaved?(saved: { model: string; models: readonly string[] }): void;
  /** vscode.l10n.bundle: lets the webview's copy of the engine's analysis speak the user's language. */
  l10nBundle?: Record<string, string>;
}

/** A dashboard link as the panel uses it (commands/connectLink.ts ConnectLink). */
export interface PanelLink {
  baseUrl: string;
  /** Secret: never posted, logged or shown. */
  key: string;
  keyPrefix: string;
}

/** How the panel's collaborators send: scrubbed and fitted (panelOutbox.ts). */
export type PostToPanel = (message: HostMessage) => void;
