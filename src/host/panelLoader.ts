import type { SetupPanel } from './setupPanel';
import { DistModule, LoadedModule, type ModuleLoader } from './lazyModule';

/** What dist/panel.js provides: the setup panel with its protocol schemas, HTML and strings. */
export interface PanelModule {
  SetupPanel: typeof SetupPanel;
}

export type PanelLoader = ModuleLoader<PanelModule>;

/** The panel is most of the host code; activation should not compile it until it is opened. */
export class DistPanelLoader extends DistModule<PanelModule> {
  constructor(distDir: string) {
    super(distDir, 'panel.js', (m) => typeof m.SetupPanel === 'function');
  }
}

export class StaticPanelLoader extends LoadedModule<PanelModule> {}
