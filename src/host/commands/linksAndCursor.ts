import type * as vscode from 'vscode';
import { COMMANDS, HANDLE_URI } from '../bootstrap/commandIds';
import type { ModelEndpoints } from '../../core/modelProtocols';
import type { CommandRegistrar } from '../bootstrap/deferredHost';
import type { Connection } from '../connection/connectionState';
import type { Keychain } from '../connection/keychain';
import type { ModelCache } from '../connection/modelCache';
import type { Settings } from '../connection/settings';
import type { PanelModule } from '../panel/panelEntry';
import type { ModuleLoader } from '../shared/chunkLoader';
import type { DisposableLike } from '../shared/disposable';
import type { Logger } from '../shared/logger';
import type { NotifyPort } from '../shared/ports';
import { tShown } from '../shared/shown';
import type { LinkUri } from './connectUri';
import type { CursorCheck, CursorCheckDeps, CursorChunk } from './cursorCheck';

interface LinksAndCursorDeps {
  registerCommand: CommandRegistrar;
  connection: Connection;
  keychain: Keychain;
  settings: Settings;
  cache: ModelCache;
  logger: Logger;
  notify: Required<NotifyPort>;
  /** dist/panel.js: the link handler and the Cursor checklist live there (host.js stays small). */
  panels: ModuleLoader<PanelModule>;
  /** dist/cursor.js, in Cursor only (startHost.ts CURSOR_CHUNK); undefined elsewhere. */
  cursorLoader: ModuleLoader<CursorChunk> | undefined;
  /** `<parent of context.globalStorageUri>/state.vscdb`. */
  stateDb: string;
  /** dist/gateway.js: the check verifies Cursor's own key with the engine. */
  gateway: CursorCheckDeps['gateway'];
}

type Vs = Pick<typeof vscode, 'window' | 'commands' | 'env' | 'version' | 'StatusBarAlignment' | 'ThemeColor'>;

/**
 * Dashboard links (the bootstrap's URI handler forwards them as HANDLE_URI) and Check Cursor Settings
 * with its status-bar hint, in Cursor only (the `rutaapi.isCursor` context key hides the command
 * elsewhere). Both load dist/panel.js on first use. In Cursor, a first check runs shortly after
 * start-up once RutaAPI is set up here; the file is local, nothing is sent.
 */
export function registerLinksAndCursor(
  vs: Vs,
  p: LinksAndCursorDeps,
): { disposables: DisposableLike[]; cursorCheck: (() => Promise<CursorCheck>) | undefined } {
  const { keychain, logger } = p;
  const subs: DisposableLike[] = [p.registerCommand(HANDLE_URI, (uri) => onLink(vs, p, uri as Partial<LinkUri> | undefined))];
  void vs.commands.executeCommand('setContext', 'rutaapi.isCursor', p.cursorLoader !== undefined);
  const cursorLoader = p.cursorLoader;
  let check: Promise<CursorCheck> | undefined;
  const getCheck = (loader: ModuleLoader<CursorChunk>) =>
    (check ??= p.panels.load().then(
      (m) =>
        new m.CursorCheck({
          vs,
          notify: p.notify,
          stateDb: p.stateDb,
          loader,
          gateway: p.gateway,
          gate: p.connection.gate,
          baseUrl: () => p.settings.baseUrl,
          savedKey: () => keychain.get().catch(() => undefined),
          models: () => savedModels(p)?.models,
          modelEndpoints: () => savedModels(p)?.endpoints,
          savedModel: () => p.settings.model,
          logger,
          command: COMMANDS.checkCursorSettings,
        }),
    ));
  subs.push(
    p.registerCommand(COMMANDS.checkCursorSettings, async () =>
      cursorLoader
        ? (await getCheck(cursorLoader)).show()
        : p.notify.info(tShown('notification', 'Check Cursor Settings works in Cursor only.')),
    ),
    {
      dispose: () =>
        void check?.then(
          (c) => c.dispose(),
          () => undefined,
        ),
    },
  );
  if (cursorLoader) {
    // Only once RutaAPI is set up here: a person who does not use it in Cursor gets no hint.
    const first = setTimeout(
      () => void keychain.has().then(async (has) => void (has && (await (await getCheck(cursorLoader)).refresh()))),
      5_000,
    );
    subs.push({ dispose: () => clearTimeout(first) });
  }
  return { disposables: subs, cursorCheck: cursorLoader ? () => getCheck(cursorLoader) : undefined };
}

/**
 * The key's model ids for the saved Base URL: the last check's list (Cursor, on VS Code before 1.104,
 * has no chat provider that would cache it), else the list cached by Select Model or the chat provider.
 */
function savedModels(p: LinksAndCursorDeps): { models: readonly string[]; endpoints?: ModelEndpoints } | undefined {
  const s = p.connection.state;
  if (s.kind === 'checked' && s.baseUrl === p.settings.baseUrl && s.result.ok && s.result.models.length > 0)
    return { models: s.result.models, endpoints: s.result.modelEndpoints };
  return p.cache.get(p.settings.baseUrl);
}

/** A link: panel.js reads it and, when it may, opens the panel through Configure and hands it the link. */
async function onLink(vs: Vs, p: LinksAndCursorDeps, uri: Partial<LinkUri> | undefined): Promise<void> {
  try {
    const m = await p.panels.load();
    const openPanel = async (link: Parameters<PanelModule['SetupPanel']['prototype']['connectLink']>[0]) => {
      await vs.commands.executeCommand(COMMANDS.configure);
      m.SetupPanel.instance?.connectLink(link);
    };
    const deps = { gate: p.connection.gate, keychain: p.keychain, notify: p.notify, logger: p.logger, openPanel };
    await m.handleConnectUri(deps, { path: String(uri?.path ?? ''), query: String(uri?.query ?? '') });
  } catch (e) {
    // Never the URI itself: it holds the key.
    p.logger.error('Handling a link failed', e instanceof Error ? e.name : 'error');
  }
}
