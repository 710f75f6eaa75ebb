/**
 * The other tools' part of host.js: the two commands, each loading dist/toolSetup.js (the quick
 * picks, the preview, the questions) and handing it dist/tools.js (the configs) on first use.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import type { ToolEnv } from '../../core/tools/types';
import { COMMANDS } from '../bootstrap/commandIds';
import type { CommandRegistrar } from '../bootstrap/deferredHost';
import type { GatewayModule } from '../connection/connectionState';
import { ChunkMissingError, type ModuleLoader } from '../shared/chunkLoader';
import type { DisposableLike } from '../shared/disposable';
import type { ToolSetupDeps, ToolSetupModule } from './toolSetupDeps';

export interface ToolWiring extends Omit<ToolSetupDeps, 'storageDir' | 'toolEnv' | 'verify' | 'configureCommand'> {
  /** `context.globalStorageUri.fsPath`, asked for on first use only. */
  globalStorage(): string;
  gateway: ModuleLoader<Pick<GatewayModule, 'verify'>>;
  /** The home and environment the configs are found by; the user's own by default. */
  toolEnv?: () => ToolEnv;
}

const ownEnv = (): ToolEnv => ({ home: os.homedir(), platform: process.platform, env: process.env });

export function registerToolSetup(
  registerCommand: CommandRegistrar,
  w: ToolWiring,
  loader: ModuleLoader<ToolSetupModule>,
): DisposableLike[] {
  const deps = (): ToolSetupDeps => ({
    ...w,
    storageDir: path.join(w.globalStorage(), 'tool-setup'),
    toolEnv: (w.toolEnv ?? ownEnv)(),
    verify: async (o) => (await w.gateway.load()).verify(o),
    configureCommand: COMMANDS.configure,
  });
  const run = (fn: (m: ToolSetupModule) => Promise<void>) => async () => {
    try {
      await fn(await loader.load());
    } catch (e) {
      // A missing chunk already offered "Reload Window".
      if (!(e instanceof ChunkMissingError)) w.logger.error('Other tools: the command failed', e);
    }
  };
  return [
    registerCommand(
      COMMANDS.setUpOtherTools,
      run((m) => m.setUpOtherTools(deps())),
    ),
    registerCommand(
      COMMANDS.undoToolSetup,
      run((m) => m.undoToolSetup(deps())),
    ),
  ];
}
