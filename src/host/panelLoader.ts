import type { SetupPanel } from './setupPanel';
import { DistModule } from './lazyModule';

/** What dist/panel.js provides: the setup panel with its protocol schemas, HTML and strings. */
export interface PanelModule {
  SetupPanel: typeof SetupPanel;
}

export interface PanelLoader {
  load(): Promise<PanelModule>;
}

/** The panel is most of the host code; activation should not compile it until it is opened. */
export class DistPanelLoader implements PanelLoader {
  private readonly module: DistModule<PanelModule>;
  constructor(distDir: string) {
    this.module = new DistModule<PanelModule>(distDir, 'panel.js', (m) => typeof m.SetupPanel === 'function');
  }
  load(): Promise<PanelModule> {
    return this.module.load();
  }
}

export class StaticPanelLoader implements PanelLoader {
  constructor(private readonly mod: PanelModule) {}
  load(): Promise<PanelModule> {
    return Promise.resolve(this.mod);
  }
}
