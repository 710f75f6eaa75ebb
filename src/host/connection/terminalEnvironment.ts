/**
 * The saved key and Base URL in the integrated terminals (rutaapi.terminalEnvironment, off by default):
 * OPENAI_BASE_URL / OPENAI_API_KEY, RUTAAPI_BASE_URL / RUTAAPI_API_KEY and, when the key lists models
 * that serve Anthropic Messages, ANTHROPIC_BASE_URL (the Base URL without its trailing /v1) and
 * ANTHROPIC_AUTH_TOKEN, through the extension's environment variable collection.
 *
 * - The collection is never persistent (`persistent = false` before anything is written): a persistent
 *   one is stored in the workspace's state database in plain text.
 * - Only for an origin the saved key is approved for (KeyGate, never interactive), only in a trusted
 *   workspace, only while the user's own setting (application scope, user-only) is on; otherwise cleared.
 * - A variable is replaced only when its value changes: every change asks open terminals to relaunch.
 */
import { analyzeBaseUrl } from '../../core/baseUrl';
import { t } from '../../core/l10n';
import { Disposable, type DisposableLike } from '../shared/disposable';
import type { Logger } from '../shared/logger';
import type { EnvCollectionPort, NotifyPort } from '../shared/ports';
import { tShown } from '../shared/shown';
import type { Connection, ConnectionState } from './connectionState';
import type { Keychain } from './keychain';
import { SETTINGS_SECTION, type Settings } from './settings';
import { servesAnthropic, terminalVariables, TERMINAL_VARIABLES, type TerminalVariable } from './terminalVariables';

export interface TerminalEnvDeps {
  collection: EnvCollectionPort;
  settings: Settings;
  connection: Pick<Connection, 'gate' | 'state' | 'onDidChange'>;
  keychain: Pick<Keychain, 'onDidChangeKey'>;
  /** vscode.workspace: whether the workspace is trusted, and when it becomes so. */
  trust: { readonly isTrusted: boolean; onDidGrantWorkspaceTrust(listener: () => unknown): DisposableLike };
  onDidChangeConfiguration(listener: (e: { affectsConfiguration(section: string): boolean }) => unknown): DisposableLike;
  logger: Pick<Logger, 'info'>;
}

function normalizedBaseUrl(baseUrl: string, asEntered: boolean): string | null {
  try {
    return analyzeBaseUrl(baseUrl, { asEntered }).normalized;
  } catch {
    return null;
  }
}

export class TerminalEnvironment extends Disposable {
  private runs = 0;
  /** The last check of the saved configuration that listed models: its Base URL and whether any serves Anthropic. */
  private anthropic: { baseUrl: string; has: boolean } | undefined;

  constructor(private readonly deps: TerminalEnvDeps) {
    super();
    // Before any value is written: in memory only, never in the workspace's storage.
    deps.collection.persistent = false;
    deps.collection.description = t('RutaAPI: your saved API key and Base URL for command-line tools (rutaapi.terminalEnvironment)');
    this._register(deps.connection.onDidChange((s) => this.onState(s)));
    this._register(deps.keychain.onDidChangeKey(() => void this.update()));
    this._register(deps.trust.onDidGrantWorkspaceTrust(() => void this.update()));
    this._register(
      deps.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SETTINGS_SECTION)) void this.update();
      }),
    );
    this._register({ dispose: () => this.runs++ });
  }

  private onState(s: ConnectionState): void {
    if (s.kind === 'checking') return; // the verdict follows; no flapping meanwhile
    if (s.kind === 'checked' && s.result.models.length > 0) {
      this.anthropic = { baseUrl: s.baseUrl, has: servesAnthropic(s.result.modelEndpoints) };
    }
    void this.update();
  }

  /** Brings the collection in line with the settings, the key, its approved origins and trust. */
  async update(): Promise<void> {
    const run = ++this.runs;
    const wanted = await this.wanted();
    if (run !== this.runs || this.isDisposed) return; // a newer update decides
    this.apply(wanted);
  }

  private async wanted(): Promise<Map<TerminalVariable, string> | undefined> {
    const { settings, trust, connection } = this.deps;
    if (!settings.get('terminalEnvironment') || !trust.isTrusted) return undefined;
    const baseUrl = settings.baseUrl;
    const normalized = normalizedBaseUrl(baseUrl, settings.useBaseUrlAsEntered);
    if (!normalized) return undefined;
    const grant = await connection.gate.savedKeyFor(baseUrl, { interactive: false });
    if (grant.kind !== 'granted') return undefined;
    const anthropic = this.anthropic?.baseUrl === baseUrl && this.anthropic.has;
    return terminalVariables({ enabled: true, trusted: true, normalized, key: grant.key, anthropic });
  }

  private apply(wanted: Map<TerminalVariable, string> | undefined): void {
    const c = this.deps.collection;
    if (!wanted) {
      if (TERMINAL_VARIABLES.some((name) => c.get(name) !== undefined)) {
        c.clear();
        this.deps.logger.info('Terminal environment cleared');
      }
      return;
    }
    const changed: string[] = [];
    for (const name of TERMINAL_VARIABLES) {
      const value = wanted.get(name);
      const current = c.get(name)?.value;
      if (value === current) continue;
      if (value === undefined) c.delete(name);
      else c.replace(name, value);
      changed.push(name);
    }
    if (changed.length) this.deps.logger.info(`Terminal environment updated: ${changed.join(', ')}`);
  }
}

/** After a successful save, while the setting is off: offer to turn it on (user settings). */
export async function offerTerminalEnvironment(settings: Settings, notify: Pick<NotifyPort, 'info'>): Promise<void> {
  if (settings.get('terminalEnvironment')) return;
  const use = t('Use in terminals');
  const answer = await notify.info(
    tShown('notification', 'Saved. Also give the integrated terminals this key and Base URL (OPENAI_API_KEY, OPENAI_BASE_URL, …)?'),
    use,
  );
  if (answer === use) await settings.update('terminalEnvironment', true, 'user');
}
