import type * as vscode from 'vscode';
import { t } from '../../core/l10n';
import { Disposable } from '../shared/disposable';
import { panelHtml } from './panelHtml';
import { SETTINGS_SECTION } from '../connection/settings';
import { SetupController } from './setupController';
import type { PanelLink, SetupDeps } from './setupDeps';
import { webviewStrings } from './webviewStrings';

export const PANEL_VIEW_TYPE = 'rutaapi.setup';

/** The single "Configure RutaAPI" webview panel; a second open() reveals it. */
export class SetupPanel extends Disposable {
  private static current: SetupPanel | undefined;

  static open(vs: typeof vscode, extensionUri: vscode.Uri, deps: Omit<SetupDeps, 'post'>): SetupPanel {
    if (SetupPanel.current) {
      SetupPanel.current.panel.reveal();
      return SetupPanel.current;
    }
    const panel = vs.window.createWebviewPanel(PANEL_VIEW_TYPE, t('Configure RutaAPI'), vs.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [vs.Uri.joinPath(extensionUri, 'dist'), vs.Uri.joinPath(extensionUri, 'media')],
    });
    SetupPanel.current = new SetupPanel(vs, panel, extensionUri, deps);
    return SetupPanel.current;
  }

  static get instance(): SetupPanel | undefined {
    return SetupPanel.current;
  }

  private readonly controller: SetupController;

  private constructor(
    vs: typeof vscode,
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    deps: Omit<SetupDeps, 'post'>,
  ) {
    super();
    panel.iconPath = vs.Uri.joinPath(extensionUri, 'media', 'icon.png');
    const webview = panel.webview;
    this.controller = this._register(new SetupController({ ...deps, post: (m) => webview.postMessage(m) }));
    this._register(webview.onDidReceiveMessage((m: unknown) => void this.controller.handle(m)));
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register(panel.onDidChangeViewState((e) => this.controller.visibilityChanged(e.webviewPanel.visible)));
    this._register(
      vs.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(SETTINGS_SECTION) && this.controller.settingsChanged()),
    );
    const asUri = (...p: string[]) => webview.asWebviewUri(vs.Uri.joinPath(extensionUri, ...p)).toString();
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      scriptUri: asUri('dist', 'webview.js'),
      styleUri: asUri('media', 'panel.css'),
      codiconUri: asUri('dist', 'codicons', 'codicon.css'),
      strings: webviewStrings(),
      lang: vs.env.language,
    });
  }

  /** A dashboard link: fill the form and verify (commands/connectUri.ts). Nothing is saved until Save. */
  connectLink(link: PanelLink): void {
    this.panel.reveal();
    this.controller.connectLink(link);
  }

  override dispose(): void {
    if (SetupPanel.current === this) SetupPanel.current = undefined;
    super.dispose();
    this.panel.dispose();
  }
}
