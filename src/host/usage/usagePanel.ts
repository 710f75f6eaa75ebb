import * as os from 'node:os';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { t } from '../../core/l10n';
import { Disposable } from '../shared/disposable';
import { tShown } from '../shared/shown';
import type { UsageDeps } from './usageDeps';
import { UsageController } from './usageController';
import { usageHtml } from './usageHtml';
import { savedKeySource } from './usageSource';
import { UsageStore } from './usageStore';
import { usageStrings } from './usageStrings';
import { testMinInterval } from './testInterval';

export const USAGE_VIEW_TYPE = 'rutaapi.usage';

/** Clear Usage History's question (the view's button and the command). */
export async function confirmClear(d: Pick<UsageDeps, 'notify'>): Promise<boolean> {
  const clear = t('Clear History');
  const a = await d.notify.modal(
    tShown('notification', "Clear this API key's usage history?"),
    tShown('notification', "The rows kept in this editor are removed. The gateway's newest 1000 records come back on the next Refresh."),
    clear,
  );
  return a === clear;
}

/**
 * Clear Usage History when histories of keys no longer saved are on disk too (no view can open
 * them): this key's only, all of them, or nothing.
 */
export async function confirmClearAll(
  d: Pick<UsageDeps, 'notify'>,
  savedHas: boolean,
  others: number,
): Promise<'saved' | 'all' | undefined> {
  const clear = t('Clear History');
  const all = t('Clear All Histories');
  const a = savedHas
    ? await d.notify.modal(
        tShown('notification', "Clear this API key's usage history?"),
        tShown(
          'notification',
          "The rows kept in this editor are removed. The gateway's newest 1000 records come back on the next Refresh. Histories of {0} API keys that are no longer saved are kept here too; Clear All Histories removes them as well.",
          others,
        ),
        clear,
        all,
      )
    : await d.notify.modal(
        tShown('notification', 'Clear the usage histories of API keys that are no longer saved?'),
        tShown(
          'notification',
          'Histories of {0} API keys that are no longer saved are kept in this editor; no view can open them.',
          others,
        ),
        all,
      );
  return a === all ? 'all' : a === clear ? 'saved' : undefined;
}

/** Export CSV: a save dialog, then the file. */
async function saveCsv(vs: typeof vscode, text: string): Promise<boolean> {
  const day = new Date().toISOString().slice(0, 10);
  const uri = await vs.window.showSaveDialog({
    defaultUri: vs.Uri.file(path.join(os.homedir(), `rutaapi-usage-${day}.csv`)),
    filters: { CSV: ['csv'] },
    saveLabel: t('Export'),
  });
  if (!uri) return false;
  await vs.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return true;
}

/** RutaAPI: Show Usage. One view; opening it again reveals it and reads again. */
export class UsagePanel extends Disposable {
  private static current: UsagePanel | undefined;

  static show(d: UsageDeps): UsagePanel {
    const open = UsagePanel.current;
    if (open) {
      open.panel.reveal();
      void open.controller.showKept().then(() => open.controller.refresh());
      return open;
    }
    const panel = d.vs.window.createWebviewPanel(USAGE_VIEW_TYPE, t('RutaAPI Usage'), d.vs.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [d.vs.Uri.joinPath(d.extensionUri, 'dist'), d.vs.Uri.joinPath(d.extensionUri, 'media')],
    });
    UsagePanel.current = new UsagePanel(d, panel);
    return UsagePanel.current;
  }

  static get instance(): UsagePanel | undefined {
    return UsagePanel.current;
  }

  readonly controller: UsageController;

  private constructor(
    d: UsageDeps,
    readonly panel: vscode.WebviewPanel,
  ) {
    super();
    const { vs } = d;
    panel.iconPath = vs.Uri.joinPath(d.extensionUri, 'media', 'icon.png');
    const webview = panel.webview;
    const strings = usageStrings();
    this.controller = new UsageController({
      post: (m) => webview.postMessage(m),
      store: new UsageStore(d.storageDir),
      source: savedKeySource(d),
      chatIds: d.chatIds,
      state: d.state,
      logger: d.logger,
      strings,
      saveCsv: (text) => saveCsv(vs, text),
      confirmClear: () => confirmClear(d),
      onSpend: (s) => d.spend.set(s),
      minIntervalMs: testMinInterval(process.env),
    });
    this._register(webview.onDidReceiveMessage((m: unknown) => void this.controller.handle(m)));
    this._register(panel.onDidDispose(() => this.dispose()));
    const asUri = (...p: string[]) => webview.asWebviewUri(vs.Uri.joinPath(d.extensionUri, ...p)).toString();
    webview.html = usageHtml({
      cspSource: webview.cspSource,
      scriptUri: asUri('dist', 'usageView.js'),
      chartStyleUri: asUri('dist', 'usageView.css'),
      styleUris: [asUri('media', 'panel.css'), asUri('media', 'usage.css')],
      strings,
      lang: vs.env.language,
    });
  }

  override dispose(): void {
    if (UsagePanel.current === this) UsagePanel.current = undefined;
    super.dispose();
    this.panel.dispose();
  }
}
