import type * as vscode from 'vscode';
import type * as ToolsEntry from '../../core/tools/entry';
import type { ToolEnv } from '../../core/tools/types';
import type { VerifyOptions, VerificationResult } from '../../core/types';
import type { Connection } from '../connection/connectionState';
import type { ModelCache } from '../connection/modelCache';
import type { Settings } from '../connection/settings';
import type { ModuleLoader } from '../shared/chunkLoader';
import type { Logger } from '../shared/logger';
import type { NotifyPort } from '../shared/ports';

/** What dist/tools.js exports (src/core/tools/entry.ts): the other tools' configs, read, planned, written, undone, checked. */
export type ToolsModule = typeof ToolsEntry;

/** What dist/toolSetup.js is handed by host.js (toolCommands.ts) for Set Up Other Tools… and Undo Tool Setup. */
export interface ToolSetupDeps {
  vs: typeof vscode;
  connection: Pick<Connection, 'state' | 'verifySaved' | 'savedKeyFor'>;
  settings: Settings;
  cache: Pick<ModelCache, 'get'>;
  logger: Logger;
  notify: Required<NotifyPort>;
  /** Where the manifest of what was changed lives: `<globalStorage>/tool-setup`. */
  storageDir: string;
  /** The home folder, OS and environment the tools' configs are found by (a temp home in tests). */
  toolEnv: ToolEnv;
  tools: ModuleLoader<ToolsModule>;
  /** The engine's verification (dist/gateway.js), for the Check that follows a setup. */
  verify(options: VerifyOptions): Promise<VerificationResult>;
  configureCommand: string;
}

/** What dist/toolSetup.js exports (src/host/tools/entry.ts); startHost.ts checks the shape. */
export interface ToolSetupModule {
  /** RutaAPI: Set Up Other Tools…: pick a tool, a model and where the key goes, preview, write. */
  setUpOtherTools(d: ToolSetupDeps): Promise<void>;
  /** RutaAPI: Undo Tool Setup: restore the files a setup changed, byte for byte. */
  undoToolSetup(d: ToolSetupDeps): Promise<void>;
}
