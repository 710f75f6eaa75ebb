import type * as vscode from 'vscode';
import { setTranslator } from '../core/l10n';
import { AccountState } from './account/accountState';
import { Commands, type CommandDeps } from './commands/commands';
import { COMMANDS } from './bootstrap/commandIds';
import type { CursorChunk } from './commands/cursorCheck';
import { registerLinksAndCursor } from './commands/linksAndCursor';
import { originDialog } from './connection/originDialog';
import { Connection, type GatewayModule } from './connection/connectionState';
import { isCursor } from './shared/cursor';
import * as path from 'node:path';
import { offerUtilityModels } from './lm/utilityModelOffer';
import type { CommandRegistrar } from './bootstrap/deferredHost';
import { RELOAD_WINDOW_COMMAND, distChunk, reloadOffer, type Chunk, type ChunkMissingError } from './shared/chunkLoader';
import { Keychain } from './connection/keychain';
import { TerminalEnvironment, offerTerminalEnvironment, type TerminalEnvDeps } from './connection/terminalEnvironment';
import { keepVerified, verifyAtStartup } from './connection/verifyTriggers';
import type { LmGatewayModule } from './lm/provider';
import { registerLanguageModels, type LmModule } from './lm/register';
import type { PanelModule } from './panel/panelEntry';
import { Logger } from './shared/logger';
import { ModelCache } from './connection/modelCache';
import { notifier } from './shared/notifier';
import type { NotifyPort } from './shared/ports';
import { SETTINGS, Settings } from './connection/settings';
import { StatusBar } from './commands/statusBar';
import { makeReportBuilder, type ReportModule } from './commands/supportReport';
import { vscodeConfig } from './connection/vscodeConfig';
import type { UsageModule } from './usage/usageDeps';
import { registerUsage } from './usage/usageCommands';
import type { ToolSetupModule, ToolsModule } from './tools/toolSetupDeps';
import { registerToolSetup, type ToolWiring } from './tools/toolCommands';

/*
 * The sibling bundles the host loads on first use, each with the shape it must export. esbuild.mjs
 * lists the bundles; these are the seven the host requires from dist/ at run time (activation pays
 * for none of them; cursor.js in Cursor only). Each is loaded through one loader (distChunk), shared by every consumer.
 */

/** dist/gateway.js (src/core/gateway.ts, the openai SDK): the engine and the chat client factory. */
export const GATEWAY_CHUNK: Chunk<GatewayModule & LmGatewayModule & ReportModule> = {
  file: 'gateway.js',
  isValid: (m) =>
    typeof m.verify === 'function' && typeof m.createGatewayClient === 'function' && typeof m.buildSupportReport === 'function',
};

/** dist/panel.js (src/host/panel/panelEntry.ts): the setup panel with zod, the account quick picks. */
export const PANEL_CHUNK: Chunk<PanelModule> = {
  file: 'panel.js',
  isValid: (m) => typeof m.SetupPanel === 'function' && typeof m.showAccount === 'function' && typeof m.pickDashboardPage === 'function',
};

/** dist/cursor.js (src/core/cursor/entry.ts, sql.js): Cursor's settings, read-only; loaded in Cursor only. */
const CURSOR_CHUNK: Chunk<CursorChunk> = {
  file: 'cursor.js',
  isValid: (m) =>
    typeof m.readCursorSettings === 'function' && typeof m.diagnoseCursor === 'function' && typeof m.checkCursor === 'function',
};

/** dist/usage.js (src/host/usage/entry.ts): the usage ledger's view, history and log reader. */
const USAGE_CHUNK: Chunk<UsageModule> = {
  file: 'usage.js',
  isValid: (m) =>
    typeof m.showUsage === 'function' &&
    typeof m.clearUsageHistory === 'function' &&
    typeof m.deleteUsageHistory === 'function' &&
    typeof m.storedSpend === 'function',
};

/** dist/tools.js (src/core/tools/entry.ts, jsonc-parser, yaml, smol-toml): the other tools' configs read, written, undone, checked. */
const TOOLS_CHUNK: Chunk<ToolsModule> = {
  file: 'tools.js',
  isValid: (m) =>
    typeof m.readTools === 'function' &&
    typeof m.planToolSetup === 'function' &&
    typeof m.applyToolPlan === 'function' &&
    typeof m.undoToolSetup === 'function' &&
    typeof m.checkTools === 'function',
};

/** dist/toolSetup.js (src/host/tools/entry.ts): Set Up Other Tools… and Undo Tool Setup (quick picks, preview, questions). */
const TOOL_SETUP_CHUNK: Chunk<ToolSetupModule> = {
  file: 'toolSetup.js',
  isValid: (m) => typeof m.setUpOtherTools === 'function' && typeof m.undoToolSetup === 'function',
};

/** dist/lm.js (src/host/lm/entry.ts): the language model chat provider. */
const LM_CHUNK: Chunk<LmModule> = { file: 'lm.js', isValid: (m) => typeof m.createLmProvider === 'function' };

/**
 * Everything the extension does, wired once, one task after activate() returned (see
 * src/extension.ts). No network and no keychain access here either: the first verification is
 * scheduled for the task after this one.
 */
export function startHost(vs: typeof vscode, context: vscode.ExtensionContext, distDir: string, registerCommand: CommandRegistrar): void {
  const subs = context.subscriptions;
  const { logger, settings, keychain, notify, onMissing, gateway, connection, account } = coreParts(vs, context, distDir);
  const version = String((context.extension.packageJSON as { version?: string }).version ?? '0.0.0');
  const supportReport = makeReportBuilder({ appName: vs.env.appName, appVersion: vs.version, extensionVersion: version }, gateway);
  const cursor = isCursor(vs.env.appName, vs.env.uriScheme);
  subs.push(keychain, connection, account);
  // Show Usage and Clear Usage History (dist/usage.js on first use), the chat's request ids, the spend for the status bar.
  const usageDeps = {
    vs,
    extensionUri: context.extensionUri,
    storageDir: () => context.globalStorageUri.fsPath,
    state: context.globalState,
  };
  const usage = registerUsage(
    registerCommand,
    { ...usageDeps, connection, keychain, settings, logger, notify },
    distChunk(distDir, USAGE_CHUNK, onMissing),
  );
  subs.push(...usage.disposables);
  const statusBar = new StatusBar(vs, connection, COMMANDS.statusActions, { state: account, settings }, usage.spend);
  subs.push(statusBar);
  const cache = new ModelCache(context.globalState);
  const panels = distChunk(distDir, PANEL_CHUNK, onMissing);
  // Dashboard links, and in Cursor Check Cursor Settings (its check also fills the panel's "Use it in Cursor").
  const cursorLoader = cursor ? distChunk(distDir, CURSOR_CHUNK, onMissing) : undefined;
  const stateDb = cursor ? path.join(path.dirname(context.globalStorageUri.fsPath), 'state.vscdb') : '';
  const extras = { registerCommand, connection, keychain, settings, cache, logger, notify, panels, cursorLoader, stateDb, gateway };
  const links = registerLinksAndCursor(vs, extras);
  subs.push(...links.disposables);
  subs.push(
    new Commands({
      vs,
      context,
      settings,
      keychain,
      connection,
      account,
      logger,
      cache,
      panels,
      supportReport,
      isCursor: cursor,
      cursorChecklist: links.cursorCheck,
      registerCommand,
      usageHistory: usage.savedKeyHistory,
      afterSave: afterSaveOffers(vs, context, { settings, notify, logger }),
    }),
  );

  // Set Up Other Tools… and Undo Tool Setup: dist/toolSetup.js and dist/tools.js on first use.
  subs.push(...otherTools(context, distDir, { vs, connection, settings, cache, logger, notify, gateway, onMissing, registerCommand }));

  const terminals = terminalEnvironment(vs, context, { settings, connection, keychain, logger });
  if (terminals) subs.push(terminals);

  // RutaAPI models in the editor's chat (VS Code 1.104+ only; feature-detected, never throws).
  const lm = registerLanguageModels(vs, {
    connection,
    settings,
    modelLimits: userModelLimits(settings, logger),
    cache,
    loadGateway: () => gateway.load(),
    loader: distChunk(distDir, LM_CHUNK, onMissing),
    logger,
    configureCommand: COMMANDS.configure,
    onRequestId: (id) => usage.chatIds.record(id),
    onDidChangeConfiguration: (listener) => vs.workspace.onDidChangeConfiguration(listener),
  });
  if (lm) subs.push(lm);

  subs.push(...keepVerified(vs, { connection, keychain, account, statusBar }));
  const started = `RutaAPI Connect ${version} in ${vs.env.appName}${cursor ? ' (Cursor)' : ''}`;
  subs.push(verifyAtStartup(connection, settings, () => logger.info(started)));
}

/**
 * What every later phase uses: the translator, the log, settings, the keychain, the notifier, the
 * engine's chunk, the connection and the saved key's figures. No network and no keychain access.
 */
function coreParts(vs: typeof vscode, context: vscode.ExtensionContext, distDir: string) {
  setTranslator((message, ...args) => vs.l10n.t(message, ...args));
  const logger = new Logger(vs.window.createOutputChannel('RutaAPI', { log: true }));
  const settings = new Settings(vscodeConfig(vs));
  const keychain = new Keychain(context.secrets, (s) => logger.addSecret(s));
  // A chunk missing after an update underneath this window: offer "Reload Window", not a diagnosis.
  const notify = notifier(vs);
  const onMissing = reloadOffer(notify, () => vs.commands.executeCommand(RELOAD_WINDOW_COMMAND));
  const gateway = distChunk(distDir, GATEWAY_CHUNK, onMissing);
  // The saved key's origin gate is built with its question (the modal): it never refuses without asking.
  const connection = new Connection(settings, keychain, gateway, logger, originDialog(notify));
  // The saved key's figures and dashboard links, read after each successful check (never before its verdict).
  const account = new AccountState({ connection, gateway, settings, logger });
  account.policy.setFocused(vs.window.state?.focused !== false);
  return { logger, settings, keychain, notify, onMissing, gateway, connection, account };
}

/**
 * After a successful save, VS Code 1.121+ without a GitHub sign-in: offer once to point the
 * utility-model settings at RutaAPI models. Then: offer the key to the integrated terminals
 * (rutaapi.terminalEnvironment), while that is off.
 */
function afterSaveOffers(
  vs: typeof vscode,
  context: vscode.ExtensionContext,
  { settings, notify, logger }: { settings: Settings; notify: NotifyPort; logger: Logger },
): NonNullable<CommandDeps['afterSave']> {
  const chatConfig = () => vs.workspace.getConfiguration('chat');
  return (saved) =>
    void offerUtilityModels({ chatConfig, globalState: context.globalState, notify, logger }, saved).then(() =>
      offerTerminalEnvironment(settings, notify),
    );
}

/** Set Up Other Tools… and Undo Tool Setup, each loading dist/toolSetup.js and handing it dist/tools.js. */
function otherTools(
  context: vscode.ExtensionContext,
  distDir: string,
  {
    registerCommand,
    onMissing,
    ...parts
  }: Omit<ToolWiring, 'tools' | 'globalStorage'> & {
    registerCommand: CommandRegistrar;
    onMissing: (error: ChunkMissingError) => void;
  },
) {
  const wiring = { ...parts, tools: distChunk(distDir, TOOLS_CHUNK, onMissing), globalStorage: () => context.globalStorageUri.fsPath };
  return registerToolSetup(registerCommand, wiring, distChunk(distDir, TOOL_SETUP_CHUNK, onMissing));
}

/** The saved key in the integrated terminals, when the user turned it on (never persisted, trusted workspaces only). */
function terminalEnvironment(
  vs: typeof vscode,
  context: vscode.ExtensionContext,
  parts: Pick<TerminalEnvDeps, 'settings' | 'connection' | 'keychain' | 'logger'>,
): TerminalEnvironment | undefined {
  const collection = context.environmentVariableCollection as vscode.EnvironmentVariableCollection | undefined;
  if (!collection) return undefined;
  return new TerminalEnvironment({
    ...parts,
    collection,
    trust: vs.workspace,
    onDidChangeConfiguration: (listener) => vs.workspace.onDidChangeConfiguration(listener),
  });
}

/** rutaapi.modelLimits from user settings only (a repository must not make chat send more on the user's key): said once. */
function userModelLimits(settings: Settings, logger: Logger) {
  let noted = false;
  return () => {
    if (!noted && settings.ignoredWorkspaceValue('modelLimits')) {
      noted = true;
      logger.warn(`${SETTINGS.modelLimits.key} in the workspace settings is ignored: it is read from user settings only`);
    }
    return settings.get('modelLimits');
  };
}
