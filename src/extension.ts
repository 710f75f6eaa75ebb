// Wiring only: every concept lives in src/host. activate() does no network and no keychain access;
// the first verification is scheduled after activation returns.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { setTranslator } from './core/l10n';
import { Commands } from './host/commands';
import { COMMANDS } from './host/commandIds';
import { Connection } from './host/connectionState';
import { isCursor } from './host/cursor';
import { DistGatewayLoader } from './host/gatewayLoader';
import { Keychain } from './host/keychain';
import { Logger } from './host/logger';
import { DistPanelLoader } from './host/panelLoader';
import { ModelCache } from './host/modelCache';
import { SETTINGS_SECTION, Settings } from './host/settings';
import { StatusBar } from './host/statusBar';
import { makeReportBuilder } from './host/supportReport';
import { vscodeConfig } from './host/vscodeConfig';

export function activate(context: vscode.ExtensionContext): void {
  setTranslator((message, ...args) => vscode.l10n.t(message, ...args));
  const subs = context.subscriptions;
  const logger = new Logger(vscode.window.createOutputChannel('RutaAPI', { log: true }));
  const settings = new Settings(vscodeConfig(vscode));
  const keychain = new Keychain(context.secrets, (s) => logger.addSecret(s));
  const distDir = __dirname || path.join(context.extensionPath, 'dist');
  const connection = new Connection(settings, keychain, new DistGatewayLoader(distDir), logger);
  const version = String((context.extension.packageJSON as { version?: string }).version ?? '0.0.0');
  const supportReport = makeReportBuilder({ appName: vscode.env.appName, appVersion: vscode.version, extensionVersion: version });
  const cursor = isCursor(vscode.env.appName, vscode.env.uriScheme);
  subs.push(keychain, connection);
  subs.push(new StatusBar(vscode, connection, COMMANDS.statusActions));
  const cache = new ModelCache(context.globalState);
  subs.push(new Commands({ vs: vscode, context, settings, keychain, connection, logger, cache, panels: new DistPanelLoader(distDir), supportReport, isCursor: cursor }));

  // Keeping the state true: settings changes, the secret changing in another window, focus after
  // 10 min. Debounced, so our own save (settings + key, already adopted) does not verify twice.
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  const refresh = (reason: string) => {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void connection.verifySaved({ reason }), 400);
  };
  subs.push(
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(SETTINGS_SECTION) && refresh('settings changed')),
    keychain.onDidChangeKey(() => refresh('key changed')),
    vscode.window.onDidChangeWindowState((s) => {
      if (s.focused && connection.isStale() && connection.state.kind === 'checked') {
        void connection.verifySaved({ force: true, reason: 'window focus' });
      }
    }),
    { dispose: () => clearTimeout(refreshTimer) },
  );

  const startup = setTimeout(() => {
    logger.info(`RutaAPI Connect ${version} in ${vscode.env.appName}${cursor ? ' (Cursor)' : ''}`);
    if (settings.verifyOnStartup) void connection.verifySaved({ reason: 'startup' });
    else void connection.markUnchecked();
  }, 0);
  subs.push({ dispose: () => clearTimeout(startup) });
}

export function deactivate(): void {}
