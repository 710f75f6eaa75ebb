import type { AccountRead } from '../../core/gatewayAccount/types';
import type { Connection, ConnectionState, GatewayLoader } from '../connection/connectionState';
import { Disposable } from '../shared/disposable';
import { Emitter } from '../shared/event';
import type { Logger } from '../shared/logger';
import type { Settings } from '../connection/settings';
import { dashboardOf, type KnownDashboard } from './links';
import { AccountRefreshPolicy, type RefreshDecision, type RefreshReason } from './refreshPolicy';

/** The last `readAccount` answer for the saved configuration. */
export interface AccountSnapshot {
  read: AccountRead;
  /** The saved Base URL (setting) and key it was read for. */
  baseUrl: string;
  keyRedacted: string;
  readAt: number;
}

export type RefreshOutcome =
  | { kind: 'read'; snapshot: AccountSnapshot }
  | { kind: 'skipped'; decision: Exclude<RefreshDecision, { read: true }> }
  | { kind: 'rateLimited'; retryAt: number }
  /** Nothing to read for: no successful check of the saved configuration, or no key for its origin. */
  | { kind: 'notChecked' }
  | { kind: 'failed' };

interface AccountStateDeps {
  connection: Connection;
  /** dist/gateway.js: `readAccount` lives next to `verify`. */
  gateway: GatewayLoader;
  settings: Settings;
  logger: Logger;
  now?: () => number;
  policy?: AccountRefreshPolicy;
}

/**
 * The saved key's figures and dashboard links (core `readAccount`), kept next to the connection
 * state. Read after each successful check of the saved configuration (after its verdict is shown,
 * never before), on window focus when old, and on request; `AccountRefreshPolicy` says when. The key
 * comes from `Connection.savedKeyFor` (the origin gate), never interactively: a read never asks.
 */
export class AccountState extends Disposable {
  private snap: AccountSnapshot | undefined;
  private readonly changed = this._register(new Emitter<AccountSnapshot | undefined>());
  readonly onDidChange = this.changed.event;
  readonly policy: AccountRefreshPolicy;
  private readonly now: () => number;
  private lastCheckedAt: number | undefined;
  private generation = 0;
  private inflight: AbortController | undefined;

  constructor(private readonly d: AccountStateDeps) {
    super();
    this.now = d.now ?? Date.now;
    this.policy = d.policy ?? new AccountRefreshPolicy(this.now);
    this._register(d.connection.onDidChange((s) => this.connectionChanged(s)));
    this._register({ dispose: () => this.inflight?.abort() });
  }

  /** The last figures for the saved key and Base URL, if any were read. */
  get current(): AccountSnapshot | undefined {
    return this.snap;
  }

  /**
   * The dashboard of the saved configuration's gateway: from the last account read, else from the
   * last check's result. undefined when nothing is known yet.
   */
  get dashboard(): KnownDashboard {
    if (this.snap && this.snap.read.dashboard !== undefined) return this.snap.read.dashboard;
    const s = this.d.connection.state;
    const result = s.kind === 'checked' ? s.result : s.kind === 'checking' ? s.previous : undefined;
    return dashboardOf(result);
  }

  setFocused(focused: boolean): void {
    this.policy.setFocused(focused);
    if (focused) void this.refresh('focus');
  }

  private connectionChanged(s: ConnectionState): void {
    if (s.kind === 'checking') return;
    if (s.kind !== 'checked') {
      this.clear();
      return;
    }
    if (this.snap && (this.snap.baseUrl !== s.baseUrl || this.snap.keyRedacted !== s.keyRedacted)) this.clear();
    if (!s.result.ok || s.checkedAt === this.lastCheckedAt) return;
    this.lastCheckedAt = s.checkedAt;
    // After the verdict: this listener runs inside the state change; the read starts a task later.
    void Promise.resolve().then(() => this.refresh('check'));
  }

  private clear(): void {
    this.generation += 1;
    this.inflight?.abort();
    this.policy.reset();
    if (!this.snap) return;
    this.snap = undefined;
    this.changed.fire(undefined);
  }

  /** Reads the figures if the policy allows it now. Never throws. */
  async refresh(reason: RefreshReason): Promise<RefreshOutcome> {
    const s = this.d.connection.state;
    // A failed check may still be read on request: new-api answers for a spent or expired key too.
    if (s.kind !== 'checked' || (!s.result.ok && reason !== 'manual')) return { kind: 'notChecked' };
    const decision = this.policy.decide(reason);
    if (!decision.read) return { kind: 'skipped', decision };
    const generation = this.generation;
    this.policy.started();
    let read: AccountRead | undefined;
    try {
      const grant = await this.d.connection.savedKeyFor(s.baseUrl, { interactive: false });
      if (grant.kind !== 'granted') {
        this.policy.finished('failed');
        return { kind: 'notChecked' };
      }
      const gw = await this.d.gateway.load();
      if (typeof gw.readAccount !== 'function') {
        this.d.logger.info("Account: this verification engine cannot read the key's figures");
        this.policy.finished('failed');
        return { kind: 'failed' };
      }
      const controller = new AbortController();
      this.inflight = controller;
      read = await gw.readAccount({
        baseUrl: s.result.baseUrl.normalized ?? s.baseUrl,
        apiKey: grant.key,
        timeoutMs: this.d.settings.timeoutMs,
        signal: controller.signal,
      });
    } catch (e) {
      this.d.logger.warn("Account: reading the key's figures failed", e);
      this.policy.finished('failed');
      return { kind: 'failed' };
    } finally {
      this.inflight = undefined;
    }
    if (read.rateLimited) {
      this.policy.finished('rateLimited');
      const retryAt = this.now() + this.policy.backoffMs;
      this.d.logger.info(`Account: the gateway answered 429; not asking again for ${Math.round(this.policy.backoffMs / 1000)} s`);
      return { kind: 'rateLimited', retryAt };
    }
    this.policy.finished('ok');
    // The saved key or Base URL changed while reading: these figures belong to the old ones.
    const after = this.d.connection.state;
    if (generation !== this.generation || after.kind !== 'checked' || after.baseUrl !== s.baseUrl || after.keyRedacted !== s.keyRedacted) {
      return { kind: 'failed' };
    }
    const snapshot: AccountSnapshot = { read, baseUrl: s.baseUrl, keyRedacted: s.keyRedacted, readAt: this.now() };
    this.snap = snapshot;
    this.d.logger.info(`Account (${reason}): ${describeRead(read)}`);
    this.changed.fire(snapshot);
    return { kind: 'read', snapshot };
  }
}

/** For the log: figures and which dashboard, never the key. */
export function describeRead(r: AccountRead): string {
  const a = r.account;
  const figures = !a
    ? 'no figures'
    : a.unlimited
      ? `unlimited, used ${a.used ?? '?'} ${a.unit}`
      : `available ${a.available ?? '?'} of ${a.granted ?? '?'} ${a.unit}, used ${a.used ?? '?'}`;
  const expiry = a?.expiresAt ? `, expires ${a.expiresAt}` : '';
  const dashboard = r.dashboard === null ? 'no dashboard' : `dashboard ${r.dashboard.keys} (theme ${r.dashboard.theme ?? 'default links'})`;
  return `${figures}${expiry}; ${dashboard}`;
}
