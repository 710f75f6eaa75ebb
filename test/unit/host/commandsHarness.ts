// The host's commands wired as startHost wires them, over the fakes: one place for the tests that
// drive commands (commands, keyGate, networkText).
import type { VerificationResult } from '../../../src/core/types';
import { AccountState } from '../../../src/host/account/accountState';
import { Commands } from '../../../src/host/commands/commands';
import { Connection, type GatewayModule } from '../../../src/host/connection/connectionState';
import { ModelCache } from '../../../src/host/connection/modelCache';
import { originDialog } from '../../../src/host/connection/originDialog';
import { notifier } from '../../../src/host/shared/notifier';
import * as panelModule from '../../../src/host/panel/panelEntry';
import { FakeMemento, type hostParts, LoadedModule } from './fakes';

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
  return { connection, cmds };
}
