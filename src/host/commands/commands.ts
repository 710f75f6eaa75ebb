import type * as vscode from 'vscode';
import { t } from '../../core/l10n';
import type { Fix, VerificationResult } from '../../core/types';
import type { OpenTarget } from '../../protocol/messages';
import type { AccountState } from '../account/accountState';
import { dashboardOf, pageOfFix, pageOfTarget, pageUrl, safeHttpUrl, type DashboardPage, type KnownDashboard } from '../account/links';
import type { AccountUiDeps } from '../account/accountQuickPick';
import { COMMANDS } from '../bootstrap/commandIds';
import type { Connection } from '../connection/connectionState';
import type { CommandRegistrar } from '../bootstrap/deferredHost';
import { Disposable } from '../shared/disposable';
import { KeychainError, type Keychain } from '../connection/keychain';
import type { Logger } from '../shared/logger';
import type { ModelCache } from '../connection/modelCache';
import { pickModel } from './modelPicker';
import { setApiKey } from './setApiKey';
import { statusActions } from './statusActions';
import { ChunkMissingError, type ModuleLoader } from '../shared/chunkLoader';
import type { PanelModule } from '../panel/panelEntry';
import type { SetupDeps } from '../panel/setupDeps';
import { notifier } from '../shared/notifier';
import type { NotifyPort } from '../shared/ports';
import { SETTINGS_SECTION, type Settings } from '../connection/settings';
import { joinShown, shown, tShown } from '../shared/shown';

export interface CommandDeps {
  vs: typeof vscode;
  context: vscode.ExtensionContext;
  settings: Settings;
  keychain: Keychain;
  connection: Connection;
  /** The saved key's figures and the gateway's dashboard links. */
  account: AccountState;
  logger: Logger;
  cache: ModelCache;
  panels: ModuleLoader<PanelModule>;
  supportReport(r: VerificationResult): string | Promise<string>;
  isCursor: boolean;
  /** In Cursor: the checklist of Check Cursor Settings, for the setup panel's "Use it in Cursor" section. */
  cursorChecklist?: SetupDeps['cursorChecklist'];
  /** Where handlers go: the bootstrap's forwarders (src/extension.ts), or vscode.commands directly. */
  registerCommand?: CommandRegistrar;
  /** After the setup panel saved (the utility-model offer). */
  afterSave?(saved: { model: string; models: readonly string[] }): void;
  /** The saved key's usage history, when it has one (usage/usageCommands.ts): Remove API Key offers to clear it. */
  usageHistory?(): Promise<{ clear(): Promise<boolean> } | undefined>;
}

/** Registers every command and owns the "next step" buttons on errors. */
export class Commands extends Disposable {
  private readonly notify: Required<NotifyPort>;

  constructor(private readonly d: CommandDeps) {
    super();
    this.notify = notifier(d.vs);
    const register: CommandRegistrar = d.registerCommand ?? ((id, fn) => d.vs.commands.registerCommand(id, fn));
    const reg = (id: string, fn: (...args: unknown[]) => unknown) =>
      this._register(
        register(id, async (...args: unknown[]) => {
          try {
            return await fn(...args);
          } catch (e) {
            this.reportError(e);
          }
        }),
      );
    reg(COMMANDS.configure, () => this.configure());
    reg(COMMANDS.selectModel, () => this.selectModel());
    reg(COMMANDS.verify, () => this.verify());
    reg(COMMANDS.setApiKey, () => this.setApiKey());
    reg(COMMANDS.removeApiKey, () => this.removeApiKey());
    reg(COMMANDS.copySupportReport, () => this.copySupportReport());
    reg(COMMANDS.showLogs, () => d.logger.show());
    reg(COMMANDS.openDashboard, (page) => this.openDashboard(page));
    reg(COMMANDS.showAccount, () => this.showAccount());
    reg(COMMANDS.statusActions, () => this.statusActions());
  }

  async configure(): Promise<void> {
    const d = this.d;
    const { SetupPanel } = await d.panels.load();
    SetupPanel.open(d.vs, d.context.extensionUri, {
      settings: d.settings,
      keychain: d.keychain,
      connection: d.connection,
      logger: d.logger,
      clipboard: d.vs.env.clipboard,
      notify: this.notify,
      open: (target) => this.open(target),
      openUrl: (url) => this.openUrl(url),
      account: d.account,
      supportReport: d.supportReport,
      isCursor: d.isCursor,
      cursorChecklist: d.cursorChecklist,
      hasWorkspace: (d.vs.workspace.workspaceFolders?.length ?? 0) > 0,
      l10nBundle: d.vs.l10n.bundle,
      onSaved: d.afterSave,
    });
  }

  async open(target: OpenTarget): Promise<void> {
    const { vs } = this.d;
    const page = pageOfTarget(target);
    if (page) return this.openPage(page);
    switch (target) {
      case 'settings':
        await vs.commands.executeCommand('workbench.action.openSettings', SETTINGS_SECTION);
        return;
      case 'proxySettings':
        await vs.commands.executeCommand('workbench.action.openSettings', 'http.proxy');
        return;
      case 'logs':
        this.d.logger.show();
        return;
      default:
        // The dashboard pages ('tokens', 'billing', …) were opened above.
        return;
    }
  }

  /** The dashboard of the saved configuration's gateway, as far as it is known (account/links.ts). */
  private get dashboard(): KnownDashboard {
    return this.d.account.dashboard;
  }

  /** Opens an http(s) URL in the browser; anything else is refused (and logged). */
  async openUrl(url: string): Promise<boolean> {
    const safe = safeHttpUrl(url);
    if (!safe) {
      this.d.logger.warn(`Not opening a link that is not an http(s) URL: ${url.slice(0, 200)}`);
      return false;
    }
    await this.d.vs.env.openExternal(this.d.vs.Uri.parse(safe));
    return true;
  }

  /**
   * Opens a dashboard page of the saved configuration's gateway. When the gateway has none, or
   * nothing is known yet (before a successful check), says so instead of opening a guessed page.
   */
  async openPage(page: DashboardPage): Promise<void> {
    const links = this.dashboard;
    const url = pageUrl(links, page, this.d.settings.baseUrl);
    if (url) {
      await this.openUrl(url);
      return;
    }
    if (links === null) {
      void this.notify.info(
        tShown('notification', 'This gateway has no dashboard that RutaAPI Connect knows of. Open its website yourself.'),
      );
      return;
    }
    const verify = t('Verify Now');
    const a = await this.notify.info(
      tShown('notification', 'The dashboard pages are read from the gateway: verify the connection first.'),
      verify,
    );
    if (a === verify) await this.verify();
  }

  /**
   * A diagnosis fix that opens a dashboard page: the URL the engine put in it, else that page of
   * the diagnosed gateway (`links`, `baseUrl`).
   */
  private async openFix(f: Fix, links: KnownDashboard, baseUrl: string): Promise<void> {
    const page = pageOfFix(f.kind);
    const url = safeHttpUrl(f.value) ?? (page ? pageUrl(links, page, baseUrl) : undefined);
    if (url) await this.openUrl(url);
    else if (page) await this.openPage(page);
  }

  private async selectModel(): Promise<void> {
    await pickModel({
      vs: this.d.vs,
      settings: this.d.settings,
      keychain: this.d.keychain,
      connection: this.d.connection,
      cache: this.d.cache,
      showDiagnosis: (r) => void this.showDiagnosis(r),
      notConfigured: () => void this.notConfigured(),
      notify: this.notify,
    });
  }

  async verify(): Promise<void> {
    const { vs, connection } = this.d;
    if (!(await this.d.keychain.has())) return this.notConfigured();
    // Asked here, before the progress notification: the origin gate may need a confirmation first.
    const grant = await connection.savedKeyFor(this.d.settings.baseUrl, { interactive: true });
    // 'noOrigin' goes on without the key: the check then says what is wrong with the Base URL.
    if (grant.kind !== 'granted' && grant.kind !== 'noOrigin') return;
    const result = await vs.window.withProgress(
      { location: vs.ProgressLocation.Notification, title: t('RutaAPI: verifying the connection…'), cancellable: true },
      (_p, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return connection.verifySaved({ force: true, signal: controller.signal, reason: 'command', interactive: true });
      },
    );
    if (!result || result.diagnosis.code === 'cancelled') return;
    if (result.ok) {
      const model = this.d.settings.model;
      void this.notify
        .info(
          model
            ? tShown('notification', 'RutaAPI works: {0} answered.', model)
            : tShown('notification', 'The RutaAPI key works ({0} models). Select a model next.', result.models.length),
          ...(model ? [] : [t('Select Model')]),
        )
        .then((a) => a && vs.commands.executeCommand(COMMANDS.selectModel));
    } else {
      await this.showDiagnosis(result);
    }
  }

  /** An error notification with the cause and next steps as buttons. */
  async showDiagnosis(r: VerificationResult): Promise<void> {
    // The engine's chunk is missing after an update: "Reload Window" was offered instead.
    if (this.d.connection.awaitsReload(r)) return;
    const d = r.diagnosis;
    const actions: Array<{ label: string; run: () => unknown }> = [];
    // A gateway without a dashboard gets no dashboard buttons (unless the fix carries its own URL).
    const own = dashboardOf(r);
    const links = own !== undefined ? own : this.dashboard;
    for (const f of d.fixes) {
      const page = pageOfFix(f.kind);
      if (page) {
        const baseUrl = r.baseUrl.normalized ?? r.baseUrl.input;
        if (safeHttpUrl(f.value) || pageUrl(links, page, baseUrl))
          actions.push({ label: f.label, run: () => this.openFix(f, links, baseUrl) });
      } else if (f.kind === 'pick_model') actions.push({ label: t('Select Model'), run: () => this.selectModel() });
    }
    actions.push({ label: t('Configure'), run: () => this.configure() });
    actions.push({ label: t('Open Settings'), run: () => this.open('settings') });
    actions.push({ label: t('Show Logs'), run: () => this.d.logger.show() });
    const unique = actions.filter((a, i) => actions.findIndex((b) => b.label === a.label) === i).slice(0, 4);
    const show = d.severity === 'error' ? this.notify.error : this.notify.warn;
    // Title and detail carry server text (its message, a Location, an HTML title): no link may form.
    // The panel shows the same diagnosis as plain text.
    const chosen = await show(joinShown(shown(d.title, 'notification'), shown(d.detail, 'notification')), ...unique.map((a) => a.label));
    await unique.find((a) => a.label === chosen)?.run();
  }

  private async notConfigured(): Promise<void> {
    const configure = t('Configure');
    const setKey = t('Set API Key');
    const a = await this.notify.info(tShown('notification', 'RutaAPI is not configured yet: no API key is saved.'), configure, setKey);
    if (a === configure) await this.configure();
    else if (a === setKey) await this.setApiKey();
  }

  async setApiKey(): Promise<void> {
    const { vs, settings, connection, keychain, logger } = this.d;
    await setApiKey({
      vs,
      settings,
      connection,
      keychain,
      logger,
      notify: this.notify,
      dashboard: () => this.dashboard,
      showDiagnosis: (r) => this.showDiagnosis(r),
      selectModel: () => this.selectModel(),
    });
  }

  private async removeApiKey(): Promise<void> {
    const remove = t('Remove');
    const removeAll = t('Remove and Clear Usage History');
    const history = await this.d.usageHistory?.();
    const a = await this.notify.modal(
      tShown('notification', "Remove the RutaAPI API key from this editor's secret storage?"),
      tShown('notification', 'The key stays valid in your RutaAPI account; revoke it in the dashboard if it was exposed.'),
      ...(history ? [remove, removeAll] : [remove]),
    );
    if (a !== remove && a !== removeAll) return;
    if (a === removeAll) await history?.clear();
    await this.d.keychain.delete();
    await this.d.connection.verifySaved({ reason: 'key removed' });
    void this.notify.info(tShown('notification', 'The RutaAPI API key was removed.'));
  }

  private async copySupportReport(): Promise<void> {
    const r = this.d.connection.lastResult;
    if (!r) {
      const verify = t('Verify Now');
      const a = await this.notify.info(tShown('notification', 'There is no check to report yet. Verify the connection first.'), verify);
      if (a === verify) await this.verify();
      return;
    }
    await this.d.vs.env.clipboard.writeText(await this.d.supportReport(r));
    void this.notify.info(tShown('notification', 'Support report copied to the clipboard. It contains no API key.'));
  }

  /**
   * Open Dashboard: `page` ('tokens' | 'keys' | 'billing' | 'topUp' | 'usage' | 'dashboard', as the
   * walkthrough passes it) opens that page; without one, a pick of the pages the gateway has
   * (panel.js: on-demand UI, host.js stays small).
   */
  private async openDashboard(page?: unknown): Promise<void> {
    const wanted = typeof page === 'string' ? pageOfTarget(page) : undefined;
    if (wanted) return this.openPage(wanted);
    const { pickDashboardPage } = await this.d.panels.load();
    await pickDashboardPage(this.accountUi());
  }

  /** Show Account (panel/accountView.ts, in panel.js). */
  async showAccount(): Promise<void> {
    if (!(await this.d.keychain.has())) return this.notConfigured();
    const { showAccount } = await this.d.panels.load();
    await showAccount(this.accountUi());
  }

  private accountUi(): AccountUiDeps {
    return {
      vs: this.d.vs,
      account: this.d.account,
      settings: this.d.settings,
      notify: this.notify,
      openUrl: (url) => this.openUrl(url),
      openPage: (page) => this.openPage(page),
      verify: () => this.verify(),
    };
  }

  private async statusActions(): Promise<void> {
    const { vs, connection, account, settings } = this.d;
    await statusActions({ vs, connection, account, settings, dashboard: this.dashboard });
  }

  reportError(e: unknown): void {
    const message = e instanceof Error ? e.message : String(e);
    this.d.logger.error('Command failed', e);
    // A chunk missing after an update (the panel, say): "Reload Window" was offered already.
    if (e instanceof ChunkMissingError) return;
    const logs = t('Show Logs');
    const settings = t('Open Settings');
    const text = e instanceof KeychainError ? shown(message, 'notification') : tShown('notification', 'RutaAPI: {0}', message);
    void this.notify.error(text, logs, settings).then((a) => {
      if (a === logs) this.d.logger.show();
      else if (a === settings) void this.open('settings');
    });
  }
}
