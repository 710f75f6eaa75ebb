import { t } from '../../core/l10n';
import type { AccountRead, AccountReadOptions } from '../../core/gatewayAccount/types';
import type { VerificationResult, VerifyOptions } from '../../core/types';
import { Disposable } from '../shared/disposable';
import { Emitter } from '../shared/event';
import { ChunkMissingError, type ModuleLoader } from '../shared/chunkLoader';
import type { Keychain } from './keychain';
import { KeyGate, type KeyGrant, type OriginConfirm } from './keyGate';
import type { Logger } from '../shared/logger';
import type { Settings } from './settings';

export type ConnectionState =
  | { kind: 'notConfigured'; reason: 'noKey' | 'keychainError'; message?: string }
  | { kind: 'unchecked'; baseUrl: string; model: string }
  | { kind: 'checking'; previous?: VerificationResult }
  /** The effective Base URL's origin is not approved for the saved key: nothing is sent until confirmed. */
  | { kind: 'awaitingOrigin'; origin: string; approved: string[]; fromWorkspace: boolean; baseUrl: string; model: string }
  | { kind: 'checked'; result: VerificationResult; checkedAt: number; model: string; baseUrl: string; keyRedacted: string };

/** Ten minutes: on window focus, re-verify when the last check is older than this. */
export const STALE_AFTER_MS = 10 * 60 * 1000;

/** What the connection and the account read need from dist/gateway.js (src/core/gateway.ts): the engine. */
export interface GatewayModule {
  verify(options: VerifyOptions): Promise<VerificationResult>;
  /**
   * The key's figures and the dashboard links (core/gatewayAccount). Optional in the shape check:
   * without it the product works as for any OpenAI-compatible gateway (no figures).
   */
  readAccount?(options: AccountReadOptions): Promise<AccountRead>;
}

export type GatewayLoader = ModuleLoader<GatewayModule>;

/**
 * Holds the truth about the saved configuration: the last verification of the saved Base URL,
 * key and model, and the state the status bar shows. Every verification goes through run().
 */
export class Connection extends Disposable {
  private _state: ConnectionState = { kind: 'notConfigured', reason: 'noKey' };
  private readonly changed = this._register(new Emitter<ConnectionState>());
  readonly onDidChange = this.changed.event;
  private inflight: AbortController | undefined;
  private lastFingerprint: string | undefined;
  private lastResultAny: VerificationResult | undefined;
  /** Results made because dist/gateway.js is missing: the reload offer already said it (chunkLoader.ts). */
  private readonly reloadResults = new WeakSet<VerificationResult>();
  /** The one gate every use of the saved key goes through (see keyGate.ts). */
  readonly gate: KeyGate;

  constructor(
    private readonly settings: Settings,
    private readonly keychain: Keychain,
    private readonly gateway: GatewayLoader,
    private readonly logger: Logger,
    /** How the gate asks before the saved key goes to an origin not approved for it (see keyGate.ts). */
    confirmOrigin: OriginConfirm,
    private readonly now: () => number = Date.now,
  ) {
    super();
    this.gate = new KeyGate(keychain, settings, logger, confirmOrigin);
  }

  /**
   * The saved key for a request to `baseUrl`, through the origin gate. A refusal for the saved
   * configuration's own Base URL shows as the 'awaitingOrigin' state.
   */
  async savedKeyFor(baseUrl: string, opts: { interactive: boolean }): Promise<KeyGrant> {
    const grant = await this.gate.savedKeyFor(baseUrl, opts);
    if (grant.kind === 'needsApproval' && baseUrl === this.settings.baseUrl) this.awaitOrigin(grant);
    return grant;
  }

  private awaitOrigin(grant: Extract<KeyGrant, { kind: 'needsApproval' }>): void {
    this.inflight?.abort();
    this.lastFingerprint = undefined;
    this.setState({
      kind: 'awaitingOrigin',
      origin: grant.origin,
      approved: grant.approved,
      fromWorkspace: grant.fromWorkspace,
      baseUrl: this.settings.baseUrl,
      model: this.settings.model,
    });
  }

  get state(): ConnectionState {
    return this._state;
  }

  /** The last verification result of any kind (panel, picker, command): what support reports describe. */
  get lastResult(): VerificationResult | undefined {
    return this.lastResultAny;
  }

  get lastCheckedAt(): number | undefined {
    return this._state.kind === 'checked' ? this._state.checkedAt : undefined;
  }

  private setState(s: ConnectionState): void {
    this._state = s;
    this.changed.fire(s);
  }

  /** Runs the engine; never throws (a loader failure becomes a network_error-like result). */
  async run(options: VerifyOptions): Promise<VerificationResult> {
    const started = new Date().toISOString();
    let result: VerificationResult;
    try {
      const gw = await this.gateway.load();
      result = await gw.verify(options);
    } catch (e) {
      this.logger.error('Verification engine failed', e);
      result = failedResult(options, started, e);
      if (e instanceof ChunkMissingError) this.reloadResults.add(result);
    }
    this.lastResultAny = result;
    this.logger.info(
      `verify ${result.ok ? 'ok' : 'failed'}: ${result.diagnosis.code} base=${result.baseUrl.normalized ?? result.baseUrl.input} model=${result.model ?? '-'} steps=${result.steps
        .map((s) => `${s.name}:${s.status ?? '-'}:${s.latencyMs}ms:${s.requestId ?? '-'}`)
        .join(',')}`,
    );
    return result;
  }

  /**
   * True for a result that only says the engine's chunk is missing after an update: the user was
   * offered "Reload Window" for it, so no diagnosis notification should follow.
   */
  awaitsReload(result: VerificationResult): boolean {
    return this.reloadResults.has(result);
  }

  /** Records a result for the saved configuration (e.g. after the panel saved it). */
  adopt(result: VerificationResult, key: string): void {
    this.lastResultAny = result;
    this.lastFingerprint = fingerprint(this.settings.baseUrl, this.settings.model, key);
    this.setState({
      kind: 'checked',
      result,
      checkedAt: this.now(),
      model: this.settings.model,
      baseUrl: this.settings.baseUrl,
      keyRedacted: result.key.redacted,
    });
  }

  /**
   * Verifies the saved configuration. With `force: false` it does nothing when the saved values
   * are the ones last checked (e.g. the settings event that follows our own save).
   */
  async verifySaved(
    opts: { force?: boolean; signal?: AbortSignal; reason?: string; interactive?: boolean } = {},
  ): Promise<VerificationResult | undefined> {
    const baseUrl = this.settings.baseUrl;
    const model = this.settings.model;
    const grant = await this.gate.savedKeyFor(baseUrl, { interactive: opts.interactive === true });
    if (grant.kind === 'keychainError') {
      this.setState({ kind: 'notConfigured', reason: 'keychainError', message: grant.message });
      return undefined;
    }
    if (grant.kind === 'noKey') {
      this.lastFingerprint = undefined;
      this.inflight?.abort();
      this.setState({ kind: 'notConfigured', reason: 'noKey' });
      return undefined;
    }
    if (grant.kind === 'needsApproval') {
      this.awaitOrigin(grant);
      return undefined;
    }
    // No origin: checked without the key, so the engine's pre-flight names the Base URL's problem.
    const key = grant.kind === 'granted' ? grant.key : '';
    const fp = fingerprint(baseUrl, model, key);
    if (!opts.force && fp === this.lastFingerprint && this._state.kind === 'checked') return this._state.result;

    this.inflight?.abort();
    const controller = new AbortController();
    this.inflight = controller;
    const onOuterAbort = () => controller.abort();
    opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
    const previous = this._state.kind === 'checked' ? this._state.result : undefined;
    this.setState({ kind: 'checking', previous });
    this.logger.info(`Verifying saved configuration (${opts.reason ?? 'manual'})`);
    try {
      const result = await this.run({
        apiKey: key,
        baseUrl,
        model: model || undefined,
        timeoutMs: this.settings.timeoutMs,
        asEntered: this.settings.useBaseUrlAsEntered,
        signal: controller.signal,
      });
      if (this.inflight !== controller) return result; // superseded by a newer check
      if (result.diagnosis.code === 'cancelled') {
        if (previous) this.setState({ ...this.stateFor(previous, baseUrl, model) });
        else this.setState({ kind: 'notConfigured', reason: 'noKey' });
        return result;
      }
      this.lastFingerprint = fp;
      this.setState(this.stateFor(result, baseUrl, model));
      return result;
    } finally {
      opts.signal?.removeEventListener('abort', onOuterAbort);
      if (this.inflight === controller) this.inflight = undefined;
    }
  }

  private stateFor(result: VerificationResult, baseUrl: string, model: string): ConnectionState {
    return { kind: 'checked', result, checkedAt: this.now(), model, baseUrl, keyRedacted: result.key.redacted };
  }

  /** Startup with rutaapi.verifyOnStartup off: say whether a key is saved, without any request. */
  async markUnchecked(): Promise<void> {
    try {
      if (await this.keychain.has()) {
        this.setState({ kind: 'unchecked', baseUrl: this.settings.baseUrl, model: this.settings.model });
        return;
      }
      this.setState({ kind: 'notConfigured', reason: 'noKey' });
    } catch (e) {
      this.setState({ kind: 'notConfigured', reason: 'keychainError', message: e instanceof Error ? e.message : String(e) });
    }
  }

  isStale(): boolean {
    const at = this.lastCheckedAt;
    return at === undefined || this.now() - at > STALE_AFTER_MS;
  }

  cancel(): void {
    this.inflight?.abort();
  }

  override dispose(): void {
    this.inflight?.abort();
    super.dispose();
  }
}

function fingerprint(baseUrl: string, model: string, key: string): string {
  return JSON.stringify([baseUrl, model, key]);
}

function failedResult(options: VerifyOptions, startedAt: string, e: unknown): VerificationResult {
  const message = e instanceof Error ? e.message : String(e);
  // Updated underneath this window: the status bar says to reload, not to reinstall.
  const updated = e instanceof ChunkMissingError;
  return {
    ok: false,
    diagnosis: {
      code: 'network_error',
      severity: 'error',
      title: updated ? t('RutaAPI Connect was updated') : t('The verification engine could not start'),
      detail: updated
        ? t('RutaAPI Connect was updated while this window was open. Reload the window to use the new version.')
        : t('RutaAPI Connect could not load its verification engine: {0}. Reinstall the extension and check the RutaAPI log.', message),
      fixes: [],
      evidence: {},
      short: updated ? t('Reload Window') : t('Error'),
    },
    baseUrl: { input: options.baseUrl, normalized: null, findings: [], asEntered: options.asEntered === true },
    key: { cleaned: null, redacted: '…', findings: [] },
    steps: [],
    models: [],
    model: options.model,
    startedAt,
    finishedAt: new Date().toISOString(),
  };
}
