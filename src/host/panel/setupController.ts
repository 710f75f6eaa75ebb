import { redactKey } from '../../core/apiKey';
import { RUTAAPI_BASE_URL } from '../../core/constants';
import { parseWebviewMessage, type WebviewMessage } from '../../protocol/messages';
import { settingSource } from '../connection/keyGate';
import { Disposable } from '../shared/disposable';
import { KeyResolver } from './keyResolver';
import { OfferedLinks } from './offeredLinks';
import { copyForPanel } from './panelCopy';
import { PanelCursorChecklist } from './panelCursorChecklist';
import { PanelOutbox } from './panelOutbox';
import { PanelSave } from './panelSave';
import { PanelVerification } from './panelVerification';
import type { PanelLink, PostToPanel, SetupDeps } from './setupDeps';
import { webviewStrings } from './webviewStrings';

/**
 * The setup panel's host side, free of `vscode`: it parses every webview message and hands it to
 * the collaborator for its concept (verification, save, links, copy). The API key only ever
 * arrives here; every outgoing message goes through the outbox, which scrubs it of the key.
 */
export class SetupController extends Disposable {
  private readonly outbox: PanelOutbox;
  private readonly post: PostToPanel;
  private readonly links: OfferedLinks;
  private readonly keys: KeyResolver;
  private readonly verification: PanelVerification;
  private readonly saving: PanelSave;
  private readonly cursor: PanelCursorChecklist | undefined;
  private ready = false;

  constructor(private readonly deps: SetupDeps) {
    super();
    this.outbox = new PanelOutbox((m) => deps.post(m), deps.logger);
    this.post = this.outbox.post;
    this.links = new OfferedLinks(deps, this.post);
    this.keys = new KeyResolver(deps, (secret) => this.outbox.remember(secret));
    this.verification = this._register(new PanelVerification(deps, this.post, this.keys, this.links));
    this.saving = new PanelSave(deps, this.post, this.verification, this.keys, () => this.postSources());
    this._register(
      deps.keychain.onDidChangeKey((key) => this.post({ type: 'keyState', hasKey: !!key, keyRedacted: key ? redactKey(key) : undefined })),
    );
    if (deps.account) this._register(deps.account.onDidChange(() => this.links.postAccount()));
    if (deps.isCursor && deps.cursorChecklist)
      this.cursor = this._register(new PanelCursorChecklist(deps.cursorChecklist, this.post, deps.logger));
  }

  /**
   * A dashboard link (its origin already accepted): the form gets its Base URL and verifies with its
   * key, which stays here (the panel sees its prefix). Nothing is saved, nor approved, until Save.
   */
  connectLink(link: PanelLink): void {
    this.outbox.remember(link.key);
    this.keys.useLink(link);
    if (this.ready) this.post({ type: 'link', baseUrl: link.baseUrl, keyRedacted: link.keyPrefix });
  }

  /** The saved Base URL or model changed outside the panel: the form follows where it was not edited. */
  settingsChanged(): void {
    this.post({ type: 'savedSettings', baseUrl: this.deps.settings.baseUrl, model: this.deps.settings.model });
    this.postSources();
  }

  /** The panel was hidden or shown again (onDidChangeViewState): the Cursor checklist follows. */
  visibilityChanged(visible: boolean): void {
    void this.cursor?.visibilityChanged(visible);
  }

  /** Entry for every raw message from the webview. Never throws. */
  async handle(raw: unknown): Promise<void> {
    const msg = parseWebviewMessage(raw);
    if (!msg) {
      this.deps.logger.warn(`Dropped a malformed or unknown message from the setup panel (type: ${droppedType(raw)})`);
      return;
    }
    try {
      await this.dispatch(msg);
    } catch (e) {
      this.deps.logger.error(`Setup panel: handling '${msg.type}' failed`, e);
    }
  }

  private async dispatch(msg: WebviewMessage): Promise<void> {
    switch (msg.type) {
      case 'ready':
        return this.sendInit();
      case 'verify':
        return this.verification.verify(msg.baseUrl, msg.apiKey, msg.model, msg.allowInsecureHttp === true);
      case 'verifyModel':
        return this.verification.verifyModel(msg.baseUrl, msg.apiKey, msg.model);
      case 'cancel':
        return this.verification.cancel();
      case 'save':
        return this.saving.save(msg.baseUrl, msg.apiKey, msg.model, msg.scope);
      case 'open':
        return this.links.open(msg.target, msg.url);
      case 'copy':
        return copyForPanel(this.deps, this.post, msg.what);
      case 'cursorFix':
        return this.cursor?.fix(msg.index, msg.code);
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
      this.links.postDashboard(this.deps.account.dashboard, s.baseUrl);
      this.links.postAccount();
    }
    this.ready = true;
    if (this.keys.link) this.connectLink(this.keys.link);
    if (this.cursor) void this.cursor.start();
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
}

/** A dropped message's type for the log: only a plain word is echoed, a malformed message may carry anything, a pasted key included. */
function droppedType(raw: unknown): string {
  const rawType = raw && typeof raw === 'object' && 'type' in raw ? (raw as { type: unknown }).type : undefined;
  if (typeof rawType === 'string' && /^[A-Za-z]{1,20}$/.test(rawType)) return rawType;
  return rawType === undefined ? typeof raw : `${typeof rawType}, not shown`;
}
