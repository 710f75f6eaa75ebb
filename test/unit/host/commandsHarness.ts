// The host's commands wired as startHost wires them, over the fakes: one place for the tests that
// drive commands (commands, keyGate, networkText).
import type { VerificationResult } from '../../../src/core/types';
import { AccountState } from '../../../src/host/account/accountState';
import { HANDLE_URI } from '../../../src/host/bootstrap/commandIds';
import { Commands } from '../../../src/host/commands/commands';
import { registerLinksAndCursor } from '../../../src/host/commands/linksAndCursor';
import { Connection, type GatewayModule } from '../../../src/host/connection/connectionState';
import { ModelCache } from '../../../src/host/connection/modelCache';
import { originDialog } from '../../../src/host/connection/originDialog';
import { notifier } from '../../../src/host/shared/notifier';
import * as panelModule from '../../../src/host/panel/panelEntry';
import { FakeMemento, type hostParts, LoadedModule } from './fakes';
import { registerUsage } from '../../../src/host/usage/usageCommands';
import * as usageModule from '../../../src/host/usage/entry';
import { registerToolSetup } from '../../../src/host/tools/toolCommands';
import * as toolSetupModule from '../../../src/host/tools/entry';
import * as toolsModule from '../../../src/core/tools/entry';

type CommandDeps = ConstructorParameters<typeof Commands>[0];

export function wireCommands(
  h: ReturnType<typeof hostParts>,
  vs: CommandDeps['vs'],
  gw: GatewayModule,
  supportReport: (r: VerificationResult) => string = (r) => `REPORT ${r.diagnosis.code}`,
): { connection: Connection; cmds: Commands } {
  const connection = new Connection(h.settings, h.keychain, new LoadedModule(gw), h.logger, originDialog(notifier(vs)));
  const cmds = new Commands({
    vs,
    context: { extensionUri: { toString: () => '/ext' } } as never,
    settings: h.settings,
    keychain: h.keychain,
    connection,
    account: new AccountState({ connection, gateway: new LoadedModule(gw), settings: h.settings, logger: h.logger }),
    logger: h.logger,
    cache: new ModelCache(new FakeMemento()),
    panels: new LoadedModule(panelModule),
    supportReport,
    isCursor: false,
  });
  // The links and Check Cursor Settings, as startHost registers them (not in Cursor here).
  const panels = new LoadedModule(panelModule);
  const cache = new ModelCache(new FakeMemento());
  // The link handler is no command: the bootstrap's URI handler forwards to it (vs.handleUri here).
  const register = (id: string, fn: (...a: unknown[]) => unknown) =>
    id === HANDLE_URI
      ? (((vs as { handleUri?: unknown }).handleUri = fn), { dispose: () => undefined })
      : vs.commands.registerCommand(id, fn);
  const extras = { registerCommand: register, connection, keychain: h.keychain, settings: h.settings, cache, logger: h.logger };
  registerLinksAndCursor(vs, {
    ...extras,
    notify: notifier(vs),
    panels,
    cursorLoader: undefined,
    stateDb: '/nowhere/state.vscdb',
    gateway: new LoadedModule(gw),
  });
  // Show Usage and Clear Usage History, as startHost registers them (the history in a directory that is never written here).
  registerUsage(
    register,
    {
      vs: vs as never,
      extensionUri: { toString: () => '/ext' } as never,
      storageDir: () => '/nonexistent/rutaapi-usage-test',
      state: new FakeMemento(),
      connection,
      keychain: h.keychain,
      settings: h.settings,
      logger: h.logger,
      notify: notifier(vs),
    },
    new LoadedModule(usageModule),
  );
  // Set Up Other Tools… and Undo Tool Setup, as startHost registers them (a home and a storage that are never written here).
  registerToolSetup(
    register,
    {
      vs: vs as never,
      connection,
      settings: h.settings,
      cache,
      logger: h.logger,
      notify: notifier(vs),
      gateway: new LoadedModule(gw),
      tools: new LoadedModule(toolsModule),
      globalStorage: () => '/nonexistent/rutaapi-tools-test',
      toolEnv: () => ({ home: '/nonexistent/rutaapi-tools-home', platform: 'linux', env: {} }),
    },
    new LoadedModule(toolSetupModule),
  );
  return { connection, cmds };
}
