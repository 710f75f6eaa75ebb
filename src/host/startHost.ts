import type * as vscode from 'vscode';
import { setTranslator } from '../core/l10n';
import { Commands } from './commands';
import { COMMANDS } from './commandIds';
import { Connection } from './connectionState';
import { isCursor } from './cursor';
import type { CommandRegistrar } from './deferredHost';
import { DistGatewayLoader } from './gatewayLoader';
import { Keychain } from './keychain';
import { Logger } from './logger';
import { DistPanelLoader } from './panelLoader';
import { ModelCache } from './modelCache';
import { SETTINGS_SECTION, Settings } from './settings';
import { StatusBar } from './statusBar';
import { makeReportBuilder } from './supportReport';
import { vscodeConfig } from './vscodeConfig';

/**
 * Everything the extension does, wired once, one task after activate() returned (see
 * src/extension.ts). No network and no keychain access here either: the first verification is
 * scheduled for the task after this one.
 */
export function startHost(vs: typeof vscode, context: vscode.ExtensionContext, distDir: string, registerCommand: CommandRegistrar): void {
  setTranslator((message, ...args) => vs.l10n.t(message, ...args));
  const subs = context.subscriptions;
  const logger = new Logger(vs.window.createOutputChannel('RutaAPI', { log: true }));
  const settings = new Settings(vscodeConfig(vs));
  const keychain = new Keychain(context.secrets, (s) => logger.addSecret(s));
  const connection = new Connection(settings, keychain, new DistGatewayLoader(distDir), logger);
  const version = String((context.extension.packageJSON as { version?: string }).version ?? '0.0.0');
  const supportReport = makeReportBuilder({ appName: vs.env.appName, appVersion: vs.version, extensionVersion: version });
  const cursor = isCursor(vs.env.appName, vs.env.uriScheme);
  subs.push(keychain, connection);
  subs.push(new StatusBar(vs, connection, COMMANDS.statusActions));
  const cache = new ModelCache(context.globalState);
  subs.push(
    new Commands({ vs, context, settings, keychain, connection, logger, cache, panels: new DistPanelLoader(distDir), supportReport, isCursor: cursor, registerCommand }),
  );

  // Keeping the state true: settings changes, the secret changing in another window, focus after
  // 10 min. Debounced, so our own save (settings + key, already adopted) does not verify twice.
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  const refresh = (reason: string) => {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void connection.verifySaved({ reason }), 400);
  };
  subs.push(
    vs.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(SETTINGS_SECTION) && refresh('settings changed')),
    keychain.onDidChangeKey(() => refresh('key changed')),
    vs.window.onDidChangeWindowState((s) => {
      if (s.focused && connection.isStale() && connection.state.kind === 'checked') {
        void connection.verifySaved({ force: true, reason: 'window focus' });
      }
    }),
    { dispose: () => clearTimeout(refreshTimer) },
  );

  const startup = setTimeout(() => {
    logger.info(`RutaAPI Connect ${version} in ${vs.env.appName}${cursor ? ' (Cursor)' : ''}`);
    if (settings.verifyOnStartup) void connection.verifySaved({ reason: 'startup' });
    else void connection.markUnchecked();
  }, 0);
  subs.push({ dispose: () => clearTimeout(startup) });
}
