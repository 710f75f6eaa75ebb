import type * as vscode from 'vscode';
import { t } from '../core/l10n';
import type { VerificationResult } from '../core/types';
import type { Connection } from './connectionState';
import type { Keychain } from './keychain';
import type { ModelCache } from './modelCache';
import type { NotifyPort } from './ports';
import type { Settings } from './settings';
import { shown, tShown } from './shown';

export interface ModelPickerDeps {
  vs: typeof vscode;
  settings: Settings;
  keychain: Keychain;
  connection: Connection;
  cache: ModelCache;
  showDiagnosis(result: VerificationResult): void;
  notConfigured(): void;
  notify: NotifyPort;
}

/**
 * Quick pick filled from /models: cached list at once, live list after, busy while loading, the
 * current model marked, refresh button. Picking runs the chat step for that model, then saves it.
 */
export async function pickModel(d: ModelPickerDeps): Promise<void> {
  const { vs, settings } = d;
  const baseUrl = settings.baseUrl;
  // The saved key only through the origin gate (keyGate.ts): may ask once for a new origin.
  const grant = await d.connection.savedKeyFor(baseUrl, { interactive: true });
  if (grant.kind === 'noKey') return d.notConfigured();
  if (grant.kind === 'keychainError') throw new Error(grant.message);
  if (grant.kind !== 'granted') return;
  const key = grant.key;
  const current = settings.model;
  const qp = vs.window.createQuickPick<vscode.QuickPickItem & { id: string }>();
  qp.title = t('RutaAPI: Select Model');
  qp.placeholder = tShown('label', 'Type to filter model ids returned by {0}/models', baseUrl);
  qp.matchOnDescription = false;
  qp.matchOnDetail = false;
  const refresh: vscode.QuickInputButton = { iconPath: new vs.ThemeIcon('refresh'), tooltip: t('Refresh the model list') };
  qp.buttons = [refresh];

  const show = (models: string[]) => {
    const sorted = current && models.includes(current) ? [current, ...models.filter((m) => m !== current)] : models;
    // Model ids come from the network: the label is neutralised ($(icon) cannot form), the id kept.
    qp.items = sorted.map((id) => ({
      id,
      label: shown(id, 'label'),
      description: id === current ? t('current') : undefined,
      iconPath: id === current ? new vs.ThemeIcon('check') : undefined,
    }));
    const active = qp.items.find((i) => i.id === current);
    if (active) qp.activeItems = [active];
  };

  let loadAbort: AbortController | undefined;
  const load = async () => {
    loadAbort?.abort();
    const controller = new AbortController();
    loadAbort = controller;
    qp.busy = true;
    const r = await d.connection.run({
      apiKey: key,
      baseUrl,
      timeoutMs: settings.timeoutMs,
      asEntered: settings.useBaseUrlAsEntered,
      signal: controller.signal,
    });
    if (loadAbort !== controller) return;
    qp.busy = false;
    if (r.ok) {
      show(r.models);
      await d.cache.set(baseUrl, r.models);
      if (!r.models.length) qp.placeholder = tShown('label', 'No models returned by {0}/models', baseUrl);
    } else if (r.diagnosis.code !== 'cancelled') {
      qp.hide();
      d.showDiagnosis(r);
    }
  };

  const cached = d.cache.get(baseUrl);
  if (cached) show(cached.models);
  qp.onDidTriggerButton((b) => b === refresh && void load());
  const picked = new Promise<string | undefined>((resolve) => {
    qp.onDidAccept(() => {
      resolve(qp.selectedItems[0]?.id);
      qp.hide();
    });
    qp.onDidHide(() => resolve(undefined));
  });
  qp.show();
  void load();
  const model = await picked;
  loadAbort?.abort();
  qp.dispose();
  if (!model || model === current) return;

  await vs.window.withProgress(
    { location: vs.ProgressLocation.Notification, title: tShown('notification', 'RutaAPI: testing {0}…', model), cancellable: true },
    async (_p, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      const r = await d.connection.run({
        apiKey: key,
        baseUrl,
        model,
        chatOnly: true,
        knownModels: d.cache.get(baseUrl)?.models,
        timeoutMs: settings.timeoutMs,
        asEntered: settings.useBaseUrlAsEntered,
        signal: controller.signal,
      });
      if (r.diagnosis.code === 'cancelled') return;
      if (!r.ok) {
        d.showDiagnosis(r);
        return;
      }
      try {
        await settings.update('model', model, settings.scopeOf('model'));
      } catch (e) {
        void d.notify.error(tShown('notification', 'Could not save the model: {0}', e instanceof Error ? e.message : String(e)));
        return;
      }
      d.connection.adopt(r, key);
      void d.notify.info(tShown('notification', 'RutaAPI model set to {0}.', model));
    },
  );
}
