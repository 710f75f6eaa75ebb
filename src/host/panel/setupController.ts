import { analyzeApiKey, redactKey } from '../../core/apiKey';
import { t } from '../../core/l10n';
import { RUTAAPI_BASE_URL } from '../../core/constants';
import type { Diagnosis, StepResult, VerificationResult } from '../../core/types';
import {
  fitHostMessage,
  parseWebviewMessage,
  type DiagnosisView,
  type HostMessage,
  type OpenTarget,
  type StepView,
  type WebviewMessage,
  type CopyWhat,
} from '../../protocol/messages';
import type { Connection } from '../connection/connectionState';
import { Disposable } from '../shared/disposable';
import type { Keychain } from '../connection/keychain';
import type { Logger } from '../shared/logger';
import type { ClipboardPort, ConfigScope, NotifyPort } from '../shared/ports';
import { originOf, settingSource } from '../connection/keyGate';
import { saveAll } from './saveTransaction';
import { joinShown, shown, tShown, type ShownText } from '../shared/shown';
import type { Settings } from '../connection/settings';
import { webviewStrings } from './webviewStrings';
import type { AccountSnapshot, RefreshOutcome } from '../account/accountState';
import { dashboardOf, pageOfFix, safeHttpUrl, type KnownDashboard } from '../account/links';
import { accountView, dashboardView, urlsOf } from '../account/panelViews';
import type { RefreshReason } from '../account/refreshPolicy';
import type { DisposableLike } from '../shared/disposable';

/** What the panel needs of the saved key's figures (AccountState, host.js). */
export interface PanelAccount {
  readonly current: AccountSnapshot | undefined;
  readonly dashboard: KnownDashboard;
  onDidChange(listener: (snap: AccountSnapshot | undefined) => unknown): DisposableLike;
  refresh(reason: RefreshReason): Promise<RefreshOutcome>;
}

export interface SetupDeps {
  /** Posts to the webview (panel.webview.postMessage). */
  post(message: HostMessage): unknown;
  settings: Settings;
  keychain: Keychain;
  connection: Connection;
  logger: Logger;
  clipboard: ClipboardPort;
  notify: NotifyPort;
  open(target: OpenTarget): unknown;
  /** Opens an http(s) URL (commands.ts `openUrl`); the panel asks only for URLs the host sent it. */
  openUrl?(url: string): unknown;
  /** The saved key's figures and the gateway's dashboard (absent: the panel shows none). */
  account?: PanelAccount;
  supportReport(result: VerificationResult): string;
  isCursor: boolean;
  hasWorkspace: boolean;
  /** After a successful save: the saved model and the gateway's list (the utility-model offer, src/host/lm/utilityModelOffer.ts). */
  onSaved?(saved: { model: string; models: readonly string[] }): void;
  /** vscode.l10n.bundle: lets the webview's copy of the engine's analysis speak the user's language. */
  l10nBundle?: Record<string, string>;
}

interface Verified {
  baseUrl: string;
  apiKey: string;
  model: string;
  result: VerificationResult;
  /** Step 1's list: step 2 alone (chatOnly) returns no models, yet the saved connection offers them all. */
  models: string[];
  cleanedKey: string | undefined;
  normalizedBaseUrl: string;
}

/** A dashboard link as the panel uses it (commands/connectLink.ts ConnectLink). */
export interface PanelLink {
  baseUrl: string;
  /** Secret: never posted, logged or shown. */
  key: string;
  keyPrefix: string;
}

interface ModelsPassed {
  baseUrl: string;
  apiKey: string;
  models: string[];
}

/**
 * The setup panel's host side, free of `vscode`: it parses every webview message, runs the engine
 * and answers. The API key only ever arrives here; every outgoing message is scrubbed of it.
 */
export class SetupController extends Disposable {
  private abort: AbortController | undefined;
  private runId = 0;
  private modelsPassed: ModelsPassed | undefined;
  private verified: Verified | undefined;
  private readonly secretsSeen = new Set<string>();
  /** Dashboard URLs this controller sent to the panel: the only ones an 'open' may name. */
  private readonly offered = new Set<string>();
  /** Origins the person confirmed for a typed key in this panel (keyGate.ts confirmNewKey). */
  private readonly confirmedForNewKey = new Set<string>();
  /** A dashboard link's Base URL and key (commands/connectUri.ts): the key is used while the field is empty. */
  private link: PanelLink | undefined;
  private ready = false;

  constructor(private readonly deps: SetupDeps) {
    super();
    this._register({ dispose: () => this.abort?.abort() });
    this._register(
      deps.keychain.onDidChangeKey((key) => this.post({ type: 'keyState', hasKey: !!key, keyRedacted: key ? redactKey(key) : undefined })),
    );
    if (deps.account) this._register(deps.account.onDidChange(() => this.postAccount()));
  }

  /**
   * A dashboard link (its origin already accepted): the form gets its Base URL and verifies with its
   * key, which stays here (the panel sees its prefix). Nothing is saved, nor approved, until Save.
   */
  connectLink(link: PanelLink): void {
    this.remember(link.key);
    this.link = link;
    if (this.ready) this.post({ type: 'link', baseUrl: link.baseUrl, keyRedacted: link.keyPrefix });
  }

  /** The link's key, when the form's key field is empty and its Base URL is the link's. */
  private linkKeyFor(baseUrl: string, rawKey: string): string | undefined {
    return rawKey.trim() === '' && this.link?.baseUrl === baseUrl ? this.link.key : undefined;
  }

  /** The saved key's figures, as the panel shows them. */
  private postAccount(): void {
    const acc = this.deps.account;
    if (!acc) return;
    const view = accountView(acc.current, acc.dashboard, this.deps.settings.lowBalancePercent);
    for (const u of urlsOf(view)) this.offered.add(u);
    this.post({ type: 'account', account: view });
  }

  /** The dashboard links for `baseUrl` (unknown: nothing is posted, the panel keeps what it has). */
  private postDashboard(links: KnownDashboard, baseUrl: string): void {
    const view = dashboardView(links, baseUrl);
    if (view === undefined) return;
    for (const u of urlsOf(view)) this.offered.add(u);
    this.post({ type: 'dashboard', dashboard: view });
  }

  private async open(target: OpenTarget, url: string | undefined): Promise<void> {
    if (url !== undefined) {
      const safe = safeHttpUrl(url);
      if (safe && this.offered.has(url) && this.deps.openUrl) {
        await this.deps.openUrl(safe);
        return;
      }
      this.deps.logger.warn(`Setup panel: not opening a link the host did not offer (target ${target})`);
    }
    await this.deps.open(target);
  }

  /** The saved Base URL or model changed outside the panel: the form follows where it was not edited. */
  settingsChanged(): void {
    this.post({ type: 'savedSettings', baseUrl: this.deps.settings.baseUrl, model: this.deps.settings.model });
    this.postSources();
  }

  /** Where the saved Base URL and model come from (user, workspace, default), and the user's own Base URL. */
  private postSources(): void {
    const s = this.deps.settings;
    const user = s.inspect('baseUrl', 'user');
    this.post({
      type: 'sources',
      baseUrl: settingSource(s, 'baseUrl'),
      model: settingSource(s, 'model'),
      userBaseUrl: typeof user === 'string' && user.trim() ? user.trim() : null,
    });
  }

  /** Entry for every raw message from the webview. Never throws. */
  async handle(raw: unknown): Promise<void> {
    const msg = parseWebviewMessage(raw);
    if (!msg) {
      // Only a plain word is echoed: a malformed message may carry anything, a pasted key included.
      const rawType = raw && typeof raw === 'object' && 'type' in raw ? (raw as { type: unknown }).type : undefined;
      const type =
        typeof rawType === 'string' && /^[A-Za-z]{1,20}$/.test(rawType)
          ? rawType
          : rawType === undefined
            ? typeof raw
            : `${typeof rawType}, not shown`;
      this.deps.logger.warn(`Dropped a malformed or unknown message from the setup panel (type: ${type})`);
      return;
    }
    try {
      await this.dispatch(msg);
    } catch (e) {
      this.deps.logger.error(`Setup panel: handling '${msg.type}' failed`, e);
    }
  }

  private remember(secret: string): void {
    if (secret.length >= 4) {
      this.secretsSeen.add(secret);
      this.deps.logger.addSecret(secret);
    }
  }

  /** Last line of defence: no outgoing string may contain a key this controller has seen. */
  private post(message: HostMessage): void {
    const clean = (v: unknown): unknown => {
      if (typeof v === 'string') {
        let s = v;
        for (const secret of this.secretsSeen) s = s.split(secret).join('…');
        return s;
      }
      if (Array.isArray(v)) return v.map(clean);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clean(x)]));
      return v;
    };
    // Within the protocol's caps, or the panel's parser would drop it (a verdict, the model list).
    const fitted = fitHostMessage(clean(message) as HostMessage, (note) => this.deps.logger.warn(note));
    if (!fitted) {
      this.deps.logger.error(`A '${message.type}' message for the setup panel does not fit the protocol and was not sent`);
      return;
    }
    void Promise.resolve(this.deps.post(fitted)).catch(() => undefined);
  }

  private async dispatch(msg: WebviewMessage): Promise<void> {
    switch (msg.type) {
      case 'ready':
        return this.sendInit();
      case 'verify':
        return this.verify(msg.baseUrl, msg.apiKey, msg.model, msg.allowInsecureHttp === true);
      case 'verifyModel':
        return this.verifyModel(msg.baseUrl, msg.apiKey, msg.model);
      case 'cancel':
        return this.cancel();
      case 'save':
        return this.save(msg.baseUrl, msg.apiKey, msg.model, msg.scope);
      case 'open':
        return this.open(msg.target, msg.url);
      case 'copy':
        return this.copy(msg.what);
    }
  }

  private async sendInit(): Promise<void> {
    let hasKey = false;
    let keyRedacted: string | undefined;
    try {
      const key = await this.deps.keychain.get();
      if (key) {
        hasKey = true;
        keyRedacted = redactKey(key);
      }
    } catch (e) {
      this.deps.logger.warn('Setup panel: could not read the saved key', e);
    }
    const s = this.deps.settings;
    this.post({
      type: 'init',
      strings: webviewStrings(),
      l10n: this.deps.l10nBundle,
      state: {
        baseUrl: s.baseUrl,
        defaultBaseUrl: RUTAAPI_BASE_URL,
        model: s.model,
        hasKey,
        keyRedacted,
        isCursor: this.deps.isCursor,
        hasWorkspace: this.deps.hasWorkspace,
        useBaseUrlAsEntered: s.useBaseUrlAsEntered,
      },
    });
    this.postSources();
    if (this.deps.account) {
      this.postDashboard(this.deps.account.dashboard, s.baseUrl);
      this.postAccount();
    }
    this.ready = true;
    if (this.link) this.connectLink(this.link);
  }

  /**
   * The key to verify with: the typed one, or (empty field) the saved one through the origin gate
   * (keyGate.ts): undefined when the person did not approve sending it to `baseUrl`'s origin.
   */
  private async resolveKey(raw: string, baseUrl: string): Promise<string | undefined> {
    const fromLink = this.linkKeyFor(baseUrl, raw);
    if (fromLink !== undefined) return fromLink;
    if (raw.trim() !== '') {
      this.remember(raw);
      const cleaned = analyzeApiKey(raw).cleaned;
      if (cleaned) this.remember(cleaned);
      return (await this.mayReceiveNewKey(baseUrl)) ? raw : undefined;
    }
    const grant = await this.deps.connection.savedKeyFor(baseUrl, { interactive: true });
    switch (grant.kind) {
      case 'granted':
        return grant.key;
      case 'noKey':
      case 'noOrigin':
        // Nothing to send with (or nowhere to send it): the engine's pre-flight says what is missing.
        return '';
      case 'keychainError':
        void this.deps.notify.error(shown(grant.message, 'notification'));
        return '';
      case 'needsApproval':
        return undefined;
    }
  }

  /**
   * A typed key for `baseUrl`: an origin that only the workspace's settings chose (the form was
   * pre-filled with it) or a look-alike host is confirmed first (keyGate.ts), once per origin for
   * this panel.
   */
  private async mayReceiveNewKey(baseUrl: string): Promise<boolean> {
    const origin = originOf(baseUrl, this.deps.settings.useBaseUrlAsEntered);
    if (origin !== undefined && this.confirmedForNewKey.has(origin)) return true;
    const yes = await this.deps.connection.gate.confirmNewKey(baseUrl);
    if (yes && origin !== undefined) this.confirmedForNewKey.add(origin);
    return yes;
  }

  /** The key was not approved (saved) or confirmed (typed) for this origin: nothing was sent, the panel is usable again. */
  private notSent(origin: string, typed: boolean): void {
    this.abort = undefined;
    this.post({ type: 'step', step: { name: 'models', state: 'idle' } });
    this.post({ type: 'step', step: { name: 'chat', state: 'idle' } });
    this.post({ type: 'verifyDone', ok: false, cancelled: true });
    this.post({
      type: 'announce',
      text: typed
        ? t('Nothing was sent: you did not confirm {0} as the server for your key.', origin)
        : t(
            'Nothing was sent: your saved API key is not approved for {0}. Paste the key to use it there, or confirm the server when asked.',
            origin,
          ),
    });
  }

  private begin(): { id: number; signal: AbortSignal } {
    this.abort?.abort();
    const controller = new AbortController();
    this.abort = controller;
    this.runId += 1;
    return { id: this.runId, signal: controller.signal };
  }

  private async verify(baseUrl: string, rawKey: string, model: string | undefined, allowInsecureHttp: boolean): Promise<void> {
    const { id, signal } = this.begin();
    this.verified = undefined;
    this.modelsPassed = undefined;
    this.post({ type: 'step', step: { name: 'models', state: 'running' } });
    this.post({ type: 'step', step: { name: 'chat', state: 'idle' } });
    this.post({ type: 'announce', text: t('Verifying…') });
    const s = this.deps.settings;
    const apiKey = await this.resolveKey(rawKey, baseUrl);
    if (id !== this.runId) return;
    if (apiKey === undefined) return this.notSent(originOf(baseUrl, s.useBaseUrlAsEntered) ?? baseUrl, rawKey.trim() !== '');
    const r1 = await this.deps.connection.run({
      apiKey,
      baseUrl,
      timeoutMs: s.timeoutMs,
      asEntered: s.useBaseUrlAsEntered,
      allowInsecureHttp,
      signal,
    });
    if (id !== this.runId) return; // cancelled or superseded
    const step1 = r1.steps.find((x) => x.name === 'models');
    this.post({ type: 'step', step: stepView('models', step1, r1.ok) });
    this.postDashboard(dashboardOf(r1), baseUrl);
    if (!r1.ok) {
      this.finish(r1, false);
      return;
    }
    this.modelsPassed = { baseUrl, apiKey: rawKey, models: r1.models };
    const wanted = model || s.model;
    const selected = wanted && r1.models.includes(wanted) ? wanted : undefined;
    this.post({ type: 'models', models: r1.models, selected });
    if (!selected && model) {
      // The user typed a model id that /models did not return: test it anyway so the engine names
      // the problem (404 model_not_found) and we can offer the closest returned id.
      await this.chat(id, signal, baseUrl, rawKey, apiKey, model, allowInsecureHttp);
      return;
    }
    if (!selected) {
      this.post({
        type: 'announce',
        text: wanted
          ? t('The saved model {0} is not returned by /models. Pick another one.', wanted)
          : t('{0} models loaded. Pick a model to run step 2.', r1.models.length),
      });
      this.post({ type: 'verifyDone', ok: false, cancelled: false });
      return;
    }
    await this.chat(id, signal, baseUrl, rawKey, apiKey, selected, allowInsecureHttp);
  }

  private async verifyModel(baseUrl: string, rawKey: string, model: string): Promise<void> {
    const passed = this.modelsPassed;
    if (!passed || passed.baseUrl !== baseUrl || passed.apiKey !== rawKey || !passed.models.includes(model)) {
      return this.verify(baseUrl, rawKey, model, false);
    }
    const { id, signal } = this.begin();
    this.verified = undefined;
    const apiKey = await this.resolveKey(rawKey, baseUrl);
    if (id !== this.runId) return;
    if (apiKey === undefined)
      return this.notSent(originOf(baseUrl, this.deps.settings.useBaseUrlAsEntered) ?? baseUrl, rawKey.trim() !== '');
    await this.chat(id, signal, baseUrl, rawKey, apiKey, model, false);
  }

  private async chat(
    id: number,
    signal: AbortSignal,
    baseUrl: string,
    rawKey: string,
    apiKey: string,
    model: string,
    allowInsecureHttp: boolean,
  ): Promise<void> {
    const s = this.deps.settings;
    this.post({ type: 'step', step: { name: 'chat', state: 'running', model } });
    const r2 = await this.deps.connection.run({
      apiKey,
      baseUrl,
      model,
      chatOnly: true,
      knownModels: this.modelsPassed?.models,
      timeoutMs: s.timeoutMs,
      asEntered: s.useBaseUrlAsEntered,
      allowInsecureHttp,
      signal,
    });
    if (id !== this.runId) return;
    this.post({
      type: 'step',
      step: {
        ...stepView(
          'chat',
          r2.steps.find((x) => x.name === 'chat'),
          r2.ok,
        ),
        model,
      },
    });
    this.postDashboard(dashboardOf(r2), baseUrl);
    // The saved key passed for the saved Base URL: its figures are worth reading again (policy permitting).
    const fromLink = this.linkKeyFor(baseUrl, rawKey);
    if (r2.ok && rawKey.trim() === '' && !fromLink && baseUrl === s.baseUrl) void this.deps.account?.refresh('check');
    if (r2.ok) {
      this.verified = {
        baseUrl,
        apiKey: rawKey,
        model,
        result: r2,
        models: this.modelsPassed?.models ?? [],
        cleanedKey: rawKey.trim() === '' ? fromLink : (r2.key.cleaned ?? analyzeApiKey(rawKey).cleaned ?? undefined),
        normalizedBaseUrl: r2.baseUrl.normalized ?? baseUrl,
      };
    }
    this.finish(r2, r2.ok, model);
  }

  private finish(result: VerificationResult, ok: boolean, model?: string): void {
    this.abort = undefined;
    if (ok) {
      this.post({ type: 'verifyDone', ok: true, cancelled: false, verifiedModel: model });
      this.post({ type: 'announce', text: t('Both steps passed. You can save now.') });
    } else {
      const cancelled = result.diagnosis.code === 'cancelled';
      // A fix that opens a dashboard page carries the page's URL: the panel may ask for exactly it.
      for (const f of result.diagnosis.fixes) {
        const u = pageOfFix(f.kind) ? safeHttpUrl(f.value) : undefined;
        if (u && f.value) this.offered.add(f.value);
      }
      this.post({ type: 'verifyDone', ok: false, cancelled, diagnosis: cancelled ? undefined : diagnosisView(result.diagnosis) });
      this.post({
        type: 'announce',
        text: cancelled ? t('Verification cancelled.') : t('Verification failed: {0}', result.diagnosis.title),
      });
    }
  }

  /** Returns at once: the running request is aborted and its late answer ignored. */
  private cancel(): void {
    if (!this.abort) return;
    this.abort.abort();
    this.abort = undefined;
    this.runId += 1;
    this.post({ type: 'step', step: { name: 'models', state: this.modelsPassed ? 'ok' : 'idle' } });
    this.post({ type: 'step', step: { name: 'chat', state: 'idle' } });
    this.post({ type: 'verifyDone', ok: false, cancelled: true });
    this.post({ type: 'announce', text: t('Verification cancelled.') });
  }

  private async save(baseUrl: string, rawKey: string, model: string, scope: ConfigScope): Promise<void> {
    const v = this.verified;
    if (!v || v.baseUrl !== baseUrl || v.apiKey !== rawKey || v.model !== model) {
      this.post({ type: 'saveFailed', message: t('Save becomes available once both steps passed for the values in the form.') });
      return;
    }
    if (scope === 'workspace' && !this.deps.hasWorkspace) {
      this.post({ type: 'saveFailed', message: t('Open a folder or workspace to save workspace settings.') });
      return;
    }
    if (scope === 'user' && !(await this.confirmCopyToUser(v.normalizedBaseUrl, v.model))) {
      this.post({
        type: 'saveFailed',
        message: t(
          "Nothing was saved: this workspace's values were not copied into your user settings. Save to Workspace settings, or enter the Base URL you want.",
        ),
      });
      return;
    }
    // The key is bound to the origin both steps just passed at (keyGate.ts).
    const origin = originOf(v.normalizedBaseUrl, this.deps.settings.useBaseUrlAsEntered);
    const outcome = await saveAll(this.deps.settings, this.deps.keychain, {
      baseUrl: v.normalizedBaseUrl,
      model: v.model,
      key: v.cleanedKey,
      scope,
      origin,
    });
    if (!outcome.ok) {
      this.deps.logger.error(`Save failed (rolled back: ${outcome.rolledBack})`, outcome.message);
      this.post({ type: 'saveFailed', message: outcome.message });
      void this.deps.notify.error(shown(outcome.message, 'notification'));
      return;
    }
    this.verified = undefined;
    this.link = undefined;
    this.deps.logger.info(`Saved Base URL ${v.normalizedBaseUrl} and model ${v.model} to ${scope} settings`);
    let key: string | undefined;
    try {
      key = await this.deps.keychain.get();
    } catch {
      key = undefined;
    }
    if (key) this.deps.connection.adopt(v.result.models.length > 0 ? v.result : { ...v.result, models: v.models }, key);
    this.post({
      type: 'saved',
      baseUrl: v.normalizedBaseUrl,
      model: v.model,
      scope,
      keyRedacted: key ? redactKey(key) : v.result.key.redacted,
    });
    this.post({ type: 'announce', text: t('Saved.') });
    this.postSources();
    this.deps.onSaved?.({ model: v.model, models: v.result.models.length > 0 ? v.result.models : v.models });
    if (scope === 'user') this.warnWorkspaceKeepsOwn(v.normalizedBaseUrl, v.model);
  }

  /**
   * Saving to User settings a Base URL or model that comes from this workspace's settings (the form
   * was pre-filled with it) replaces the user's own value in every window, and binds the key to
   * that Base URL: asked first, naming both values. True when nothing is moved, or on "Save".
   */
  private async confirmCopyToUser(baseUrl: string, model: string): Promise<boolean> {
    const s = this.deps.settings;
    const asEntered = s.useBaseUrlAsEntered;
    const wsBaseUrl = s.inspect('baseUrl', 'workspace');
    const userBaseUrl = s.inspect('baseUrl', 'user');
    const userOrigin = this.deps.connection.gate.userOrigin();
    const origin = originOf(baseUrl, asEntered);
    const movesBaseUrl =
      typeof wsBaseUrl === 'string' &&
      wsBaseUrl.trim() !== '' &&
      origin !== undefined &&
      originOf(wsBaseUrl, asEntered) === origin &&
      origin !== userOrigin;
    const wsModel = s.inspect('model', 'workspace');
    const userModel = s.inspect('model', 'user');
    const movesModel = typeof wsModel === 'string' && wsModel.trim() === model && model !== '' && userModel !== model;
    if (!movesBaseUrl && !movesModel) return true;
    const parts: ShownText[] = [];
    if (movesBaseUrl)
      parts.push(
        tShown(
          'notification',
          "The Base URL {0} comes from this workspace's settings (.vscode/settings.json). Saving it to your user settings replaces {1} there, for every window, and saves your key for {2}.",
          baseUrl,
          typeof userBaseUrl === 'string' && userBaseUrl.trim() ? userBaseUrl.trim() : t("RutaAPI's default ({0})", userOrigin),
          origin,
        ),
      );
    if (movesModel)
      parts.push(
        tShown(
          'notification',
          "The model {0} comes from this workspace's settings. Saving it to your user settings replaces {1} there, for every window.",
          model,
          typeof userModel === 'string' && userModel.trim() ? userModel.trim() : t('no model'),
        ),
      );
    const save = t('Save to User Settings');
    // Without a dialog to ask in, nothing is moved (fail closed).
    const answer = this.deps.notify.modal
      ? await this.deps.notify.modal(
          tShown('notification', "Copy this workspace's RutaAPI settings into your user settings?"),
          joinShown(...parts),
          save,
        )
      : undefined;
    this.deps.logger.info(
      `Save to user settings of ${movesBaseUrl ? 'the Base URL' : ''}${movesBaseUrl && movesModel ? ' and ' : ''}${movesModel ? 'the model' : ''} from workspace settings: ${answer === save ? 'confirmed' : 'not confirmed'}`,
    );
    return answer === save;
  }

  /**
   * After saving to User settings: where this workspace's own rutaapi.baseUrl / rutaapi.model differ
   * from what was saved, this workspace keeps using its own; said with both values.
   */
  private warnWorkspaceKeepsOwn(baseUrl: string, model: string): void {
    const s = this.deps.settings;
    const ws = (name: 'baseUrl' | 'model') => {
      const v = s.inspect(name, 'workspace');
      return typeof v === 'string' ? v.trim() : undefined;
    };
    const wsBaseUrl = ws('baseUrl');
    const wsModel = ws('model');
    const parts: ShownText[] = [];
    if (wsBaseUrl !== undefined && wsBaseUrl !== '' && wsBaseUrl !== baseUrl)
      parts.push(
        tShown(
          'notification',
          "Saved in your user settings, but this workspace's settings (.vscode/settings.json) set the Base URL to {0}: this workspace keeps using {0}, not {1}.",
          wsBaseUrl,
          baseUrl,
        ),
      );
    if (wsModel !== undefined && wsModel !== model)
      parts.push(
        tShown(
          'notification',
          "This workspace's settings set the model to {0}: this workspace keeps using it, not {1}.",
          wsModel || t('no model'),
          model,
        ),
      );
    if (parts.length) void this.deps.notify.warn(joinShown(...parts));
  }

  private async copy(what: CopyWhat): Promise<void> {
    const s = this.deps.settings;
    switch (what) {
      case 'baseUrl':
        await this.deps.clipboard.writeText(s.baseUrl);
        this.post({ type: 'announce', text: t('Base URL copied.') });
        return;
      case 'model':
        await this.deps.clipboard.writeText(s.model);
        this.post({ type: 'announce', text: t('Model id copied.') });
        return;
      case 'key': {
        let key: string | undefined;
        try {
          key = await this.deps.keychain.get();
        } catch (e) {
          void this.deps.notify.error(shown(e instanceof Error ? e.message : String(e), 'notification'));
          return;
        }
        if (!key) {
          this.post({ type: 'announce', text: t('No API key is saved.') });
          return;
        }
        await this.deps.clipboard.writeText(key);
        this.post({ type: 'announce', text: t('API key copied.') });
        void this.deps.notify.warn(
          tShown(
            'notification',
            "Your RutaAPI API key is on the clipboard. Paste it only into Cursor's API key field, and copy something else afterwards.",
          ),
        );
        return;
      }
      case 'report': {
        const r = this.deps.connection.lastResult;
        if (!r) {
          this.post({ type: 'announce', text: t('Run a verification first.') });
          return;
        }
        await this.deps.clipboard.writeText(this.deps.supportReport(r));
        this.post({ type: 'announce', text: t('Support report copied. It contains no API key.') });
        return;
      }
    }
  }
}

export function diagnosisView(d: Diagnosis): DiagnosisView {
  return {
    code: d.code,
    severity: d.severity,
    title: d.title,
    detail: d.detail,
    short: d.short,
    fixes: d.fixes.map((f) => ({ kind: f.kind, label: f.label, value: f.value })),
    status: d.evidence.status,
    requestId: d.evidence.requestId,
  };
}

function stepView(name: 'models' | 'chat', step: StepResult | undefined, ok: boolean): StepView {
  if (!step) return { name, state: ok ? 'ok' : 'fail' };
  return {
    name,
    state: step.ok ? 'ok' : 'fail',
    status: step.status,
    latencyMs: Math.round(step.latencyMs),
    requestId: step.requestId,
    modelCount: step.modelCount,
    replyExcerpt: step.replyExcerpt?.slice(0, 200),
  };
}
