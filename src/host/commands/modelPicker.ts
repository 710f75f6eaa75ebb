import type * as vscode from 'vscode';
import { chatModels } from '../../core/modelProtocols';
import { t } from '../../core/l10n';
import type { VerificationResult } from '../../core/types';
import type { Connection } from '../connection/connectionState';
import type { Keychain } from '../connection/keychain';
import type { ModelCache } from '../connection/modelCache';
import type { NotifyPort } from '../shared/ports';
import type { Settings } from '../connection/settings';
import { shown, tShown } from '../shared/shown';

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

type ModelItem = vscode.QuickPickItem & { id: string };

interface ModelQuickPick {
  qp: vscode.QuickPick<ModelItem>;
  refresh: vscode.QuickInputButton;
  /** Shows these ids, the current model first, keeping what the user typed and the row they are on. */
  show(models: string[]): void;
}

/** The quick pick with its refresh button and the active row following the filter. */
function modelQuickPick(vs: typeof vscode, baseUrl: string, current: string): ModelQuickPick {
  const qp = vs.window.createQuickPick<ModelItem>();
  qp.title = t('RutaAPI: Select Model');
  qp.placeholder = tShown('label', 'Type to filter model ids returned by {0}/models', baseUrl);
  qp.matchOnDescription = false;
  qp.matchOnDetail = false;
  const refresh: vscode.QuickInputButton = { iconPath: new vs.ThemeIcon('refresh'), tooltip: t('Refresh the model list') };
  qp.buttons = [refresh];

  // The active row: the current model while nothing is typed; once the user types, the row they moved to if the filter
  // still shows it, else the first row the filter shows (VS Code 1.139 keeps a programmatically set row active even when
  // the filter hides it, so Enter would accept it).
  let userRow: string | undefined;
  const setActive = (item: ModelItem | undefined) => {
    qp.activeItems = item ? [item] : [];
    userRow = item?.id;
  };
  const followFilter = () => {
    const value = qp.value;
    const row = qp.items.find((i) => i.id === userRow);
    if (!value.trim()) return setActive(row ?? qp.items.find((i) => i.id === current) ?? qp.items[0]);
    const kept = row && matchesQuickPickFilter(value, row.label) ? row : undefined;
    setActive(kept ?? firstShownRow(value, qp.items));
  };
  qp.onDidChangeValue((value) => {
    // A row the editor moved to that the filter still shows stays; cleared text brings the current model back.
    if (!value.trim()) userRow = undefined;
    followFilter();
  });
  qp.onDidChangeActive((items) => {
    if (items[0]) userRow = items[0].id;
  });

  const show = (models: string[]) => {
    const sorted = current && models.includes(current) ? [current, ...models.filter((m) => m !== current)] : models;
    const typed = qp.value;
    // Model ids come from the network: the label is neutralised ($(icon) cannot form), the id kept.
    qp.items = sorted.map((id) => ({
      id,
      label: shown(id, 'label'),
      description: id === current ? t('current') : undefined,
      iconPath: id === current ? new vs.ThemeIcon('check') : undefined,
    }));
    // A live list replacing the cached one keeps what the user typed and the row they are on.
    if (typed && qp.value !== typed) qp.value = typed;
    followFilter();
  };
  return { qp, refresh, show };
}

/** Loads the live list into the pick (the latest load wins); a failure closes it and shows the diagnosis. */
function liveModelLoader(d: ModelPickerDeps, pick: ModelQuickPick, key: string, baseUrl: string) {
  const { settings } = d;
  const { qp } = pick;
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
      // Only the models that can chat (the gateway's supported_endpoint_types; all when it does not say).
      const ids = chatModels(r.models, r.modelEndpoints);
      pick.show(ids);
      await d.cache.set(baseUrl, ids, r.modelEndpoints);
      if (!r.models.length) qp.placeholder = tShown('label', 'No models returned by {0}/models', baseUrl);
    } else if (r.diagnosis.code !== 'cancelled') {
      qp.hide();
      d.showDiagnosis(r);
    }
  };
  return { load, abort: () => loadAbort?.abort() };
}

/** The id the user accepts, or undefined when the pick is closed. */
function acceptedModel(qp: vscode.QuickPick<ModelItem>): Promise<string | undefined> {
  return new Promise<string | undefined>((resolve) => {
    qp.onDidAccept(() => {
      // Never a row the filter hides: with text typed, the accepted row must match it, else the first one shown.
      const value = qp.value;
      let item: ModelItem | undefined = qp.selectedItems[0] ?? qp.activeItems[0];
      if (value.trim() && !(item && matchesQuickPickFilter(value, item.label))) item = firstShownRow(value, qp.items);
      resolve(item?.id);
      qp.hide();
    });
    qp.onDidHide(() => resolve(undefined));
  });
}

/** Runs the chat step for the picked model, then saves it (with a cancellable notification). */
async function testAndSaveModel(d: ModelPickerDeps, key: string, baseUrl: string, model: string): Promise<void> {
  const { vs, settings } = d;
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

/**
 * Quick pick filled from /models: cached list at once, live list after, busy while loading, the
 * current model marked, refresh button. Picking runs the chat step for that model, then saves it.
 */
export async function pickModel(d: ModelPickerDeps): Promise<void> {
  const baseUrl = d.settings.baseUrl;
  // The saved key only through the origin gate (keyGate.ts): may ask once for a new origin.
  const grant = await d.connection.savedKeyFor(baseUrl, { interactive: true });
  if (grant.kind === 'noKey') return d.notConfigured();
  if (grant.kind === 'keychainError') throw new Error(grant.message);
  if (grant.kind !== 'granted') return;
  const key = grant.key;
  const current = d.settings.model;
  const pick = modelQuickPick(d.vs, baseUrl, current);
  const loader = liveModelLoader(d, pick, key, baseUrl);

  const cached = d.cache.get(baseUrl);
  if (cached) pick.show(cached.models);
  pick.qp.onDidTriggerButton((b) => b === pick.refresh && void loader.load());
  const picked = acceptedModel(pick.qp);
  pick.qp.show();
  void loader.load();
  const model = await picked;
  loader.abort();
  pick.qp.dispose();
  if (!model || model === current) return;
  await testAndSaveModel(d, key, baseUrl, model);
}

/**
 * Whether VS Code's quick pick filter shows a row with this label for the typed value: a case-insensitive substring,
 * `*` matching anything (VS Code's `matchesFuzzy` without separate-substring matching, as the quick pick uses it).
 */
export function matchesQuickPickFilter(value: string, label: string): boolean {
  const v = value.trim();
  if (!v) return true;
  const pattern = v
    .split('*')
    .map((part) => part.replace(/[\\^$.+?()[\]{}|/-]/g, '\\$&'))
    .join('.*');
  return new RegExp(pattern, 'i').test(label);
}

/**
 * The first row VS Code's quick pick shows for the typed value: the matching rows sorted as it sorts them by label
 * (`sortByLabel`, on by default: prefix matches first and the shorter one first, then suffix matches, then by name with
 * numbers compared as numbers).
 */
export function firstShownRow<T extends { label: string }>(value: string, items: readonly T[]): T | undefined {
  const lookFor = value.trim().toLowerCase();
  const shownRows = items.filter((i) => matchesQuickPickFilter(lookFor, i.label));
  return shownRows.sort((a, b) => compareByLabel(a.label, b.label, lookFor))[0];
}

const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
function compareByLabel(one: string, other: string, lookFor: string): number {
  const a = one.toLowerCase();
  const b = other.toLowerCase();
  const prefixA = a.startsWith(lookFor);
  const prefixB = b.startsWith(lookFor);
  if (prefixA !== prefixB) return prefixA ? -1 : 1;
  if (prefixA && a.length !== b.length) return a.length - b.length;
  const suffixA = a.endsWith(lookFor);
  const suffixB = b.endsWith(lookFor);
  if (suffixA !== suffixB) return suffixA ? -1 : 1;
  return byName.compare(a, b) || a.length - b.length || a.localeCompare(b);
}
