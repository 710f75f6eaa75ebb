import { analyzeBaseUrl } from '../../core/baseUrl';
import { RUTAAPI_BASE_URL } from '../../core/constants';
import type { Keychain } from './keychain';
import type { Logger } from '../shared/logger';
import type { Settings } from './settings';

/**
 * The saved key goes only to an origin the user chose for it. Every code path that sends the SAVED
 * key (start-up check, focus and settings re-checks, Verify, the model picker, the panel with an
 * empty key field) obtains it through `KeyGate.savedKeyFor(baseUrl)`, never from the keychain
 * directly. The origins approved for a key live next to it in SecretStorage (Keychain.binding):
 *
 * - saving from the panel after a successful verification binds the key to that origin (a kept key
 *   gains it); "Set API Key" binds the new key to the Base URL's origin at that time; a new key
 *   starts with no other approvals; removing the key removes them;
 * - a key saved before bindings existed (or stored by another window without one) is migrated:
 *   approved for the origin of the USER (global) rutaapi.baseUrl if set, else api.rutaapi.com; a
 *   workspace value is never approved by migration;
 * - any other origin (a workspace value, a hand-edited setting) needs a one-time confirmation per
 *   key (a modal naming the origin); without it nothing is sent and the status bar says why;
 * - a Base URL without any origin gets no key at all ('noOrigin'): the engine's pre-flight then
 *   explains the Base URL without a key in hand.
 *
 * A NEW key (Set API Key, the panel with a typed key) goes through `confirmNewKey(baseUrl)` before
 * its first request: an origin that only workspace settings chose (the workspace's rutaapi.baseUrl
 * on another origin than the user's value or the default), or a host that only resembles RutaAPI's,
 * is put to the person first (the same modal).
 */
export type KeyGrant =
  | { kind: 'granted'; key: string }
  | { kind: 'noKey' }
  | { kind: 'keychainError'; message: string }
  | { kind: 'needsApproval'; origin: string; approved: string[]; fromWorkspace: boolean }
  /** The Base URL has no http(s) origin: the key is not handed out (nothing could be sent anyway). */
  | { kind: 'noOrigin' };

export interface OriginRequest {
  origin: string;
  baseUrl: string;
  /** The origins the saved key is approved for; for a new key, the user's own (user setting or default). */
  approved: string[];
  /** The effective rutaapi.baseUrl comes from the workspace's settings. */
  fromWorkspace: boolean;
  /** The host is not RutaAPI's but its name resembles it (the `lookalike_host` finding): the safe answer is the default. */
  lookalike?: boolean;
  /** A key the person is entering now (Set API Key, the panel), not the saved one. */
  newKey?: boolean;
  /** The key and Base URL come from a link (the dashboard's "open in app", commands/connectUri.ts): any web page can make one. */
  fromLink?: boolean;
  /** The key is Cursor's own (read from Cursor's settings by Check Cursor Settings, commands/cursorKeyGate.ts). */
  fromCursor?: boolean;
}

/** Asks the person (a modal); true only on an explicit "Send key to <origin>". */
export type OriginConfirm = (request: OriginRequest) => PromiseLike<boolean>;

/** Where a value of rutaapi.baseUrl / rutaapi.model comes from, as the panel shows it. */
type SettingSource = 'user' | 'workspace' | 'default';

/** The scope the effective value of `name` comes from (workspace wins over user, as in the editor). */
export function settingSource(settings: Settings, name: 'baseUrl' | 'model'): SettingSource {
  const set = (v: unknown) => typeof v === 'string' && v.trim() !== '';
  if (settings.inspect(name, 'workspace') !== undefined) return set(settings.inspect(name, 'workspace')) ? 'workspace' : 'default';
  return set(settings.inspect(name, 'user')) ? 'user' : 'default';
}

/** True when the URL analysis flags `baseUrl`'s host as a look-alike of RutaAPI's (`lookalike_host`). */
function isLookalike(baseUrl: string, asEntered = false): boolean {
  try {
    return analyzeBaseUrl(baseUrl, { asEntered }).findings.some((f) => f.code === 'lookalike_host');
  } catch {
    return false;
  }
}

/**
 * The origin a request for `baseUrl` goes to: the origin of the URL the engine uses (its
 * normalisation), else of the text read as a URL (with https:// when it has no `://`).
 */
export function originOf(baseUrl: string, asEntered = false): string | undefined {
  const candidates: string[] = [];
  try {
    const normalized = analyzeBaseUrl(baseUrl, { asEntered }).normalized;
    if (normalized) candidates.push(normalized);
  } catch {
    // fall back to reading the text itself
  }
  const text = String(baseUrl ?? '').trim();
  candidates.push(text);
  // Only text without a scheme is read with https:// ("https://" itself or "http://[::1" has no origin).
  if (!text.includes('://')) candidates.push(`https://${text}`);
  for (const c of candidates) {
    try {
      const u = new URL(c);
      if (u.protocol === 'http:' || u.protocol === 'https:') return u.origin;
    } catch {
      // next candidate
    }
  }
  return undefined;
}

export const DEFAULT_ORIGIN = new URL(RUTAAPI_BASE_URL).origin;

export class KeyGate {
  /**
   * `confirm` is the question an unapproved origin is put to the person with (originDialog.ts in the
   * host): a gate is built with it, so no gate exists that refuses without asking.
   */
  constructor(
    private readonly keychain: Keychain,
    private readonly settings: Settings,
    private readonly logger: Logger,
    private readonly confirm: OriginConfirm,
  ) {}

  /** The origins the saved key may go to, migrating a key saved before bindings existed. */
  async approvedOrigins(key: string): Promise<string[]> {
    const b = await this.keychain.binding(key);
    if (b.matches) return b.origins;
    const userValue = this.settings.inspect('baseUrl', 'user');
    const fromUser = typeof userValue === 'string' && userValue.trim() ? originOf(userValue, this.settings.useBaseUrlAsEntered) : undefined;
    const origins = [fromUser ?? DEFAULT_ORIGIN];
    this.logger.info(`The saved key has no origin binding yet: bound to ${origins.join(', ')} (${fromUser ? 'user setting' : 'default'})`);
    try {
      await this.keychain.setOrigins(key, origins);
    } catch (e) {
      this.logger.warn("Could not store the key's origin binding", e);
    }
    return origins;
  }

  /**
   * The saved key, if it may be sent to `baseUrl`'s origin. With `interactive`, an unapproved origin
   * is put to the person once (and remembered for this key on "Send").
   */
  async savedKeyFor(baseUrl: string, opts: { interactive: boolean }): Promise<KeyGrant> {
    let key: string | undefined;
    try {
      key = await this.keychain.get();
    } catch (e) {
      return { kind: 'keychainError', message: e instanceof Error ? e.message : String(e) };
    }
    if (!key) return { kind: 'noKey' };
    const origin = originOf(baseUrl, this.settings.useBaseUrlAsEntered);
    // No origin at all: fail closed. The key stays here; the engine's pre-flight explains the Base URL.
    if (origin === undefined) {
      this.logger.info('Not handing out the saved key: the Base URL has no http(s) origin');
      return { kind: 'noOrigin' };
    }
    const approved = await this.approvedOrigins(key);
    if (approved.includes(origin)) return { kind: 'granted', key };
    const fromWorkspace = this.settings.inspect('baseUrl', 'workspace') !== undefined;
    const lookalike = isLookalike(baseUrl, this.settings.useBaseUrlAsEntered);
    const request: OriginRequest = { origin, baseUrl, approved, fromWorkspace, ...(lookalike ? { lookalike } : {}) };
    if (opts.interactive) {
      this.logger.info(`Asking before sending the saved key to ${origin}`);
      let yes = false;
      try {
        yes = (await this.confirm(request)) === true;
      } catch (e) {
        this.logger.warn('The origin confirmation failed', e);
      }
      if (yes) {
        await this.keychain.approveOrigin(key, origin);
        this.logger.info(`The saved key may now be sent to ${origin} (confirmed)`);
        return { kind: 'granted', key };
      }
    }
    this.logger.info(
      `Not sending the saved key to ${origin}: not approved for it${fromWorkspace ? ' (Base URL from workspace settings)' : ''}`,
    );
    return { kind: 'needsApproval', origin, approved, fromWorkspace };
  }

  /** The origin of the user's own Base URL: the user setting's, else RutaAPI's default. */
  userOrigin(): string {
    const user = this.settings.inspect('baseUrl', 'user');
    return (typeof user === 'string' && user.trim() ? originOf(user, this.settings.useBaseUrlAsEntered) : undefined) ?? DEFAULT_ORIGIN;
  }

  /**
   * The origin that only workspace settings chose: the workspace's rutaapi.baseUrl when its origin
   * differs from the user's own (user setting or default); undefined otherwise.
   */
  workspaceOnlyOrigin(): string | undefined {
    const ws = this.settings.inspect('baseUrl', 'workspace');
    if (typeof ws !== 'string' || !ws.trim()) return undefined;
    const origin = originOf(ws, this.settings.useBaseUrlAsEntered);
    return origin !== undefined && origin !== this.userOrigin() ? origin : undefined;
  }

  /**
   * What a confirmation for a NEW key sent to `baseUrl` would ask, or undefined when none is needed:
   * asked when the origin is the one only workspace settings chose, or the host only resembles RutaAPI's.
   */
  newKeyRequest(baseUrl: string): OriginRequest | undefined {
    const asEntered = this.settings.useBaseUrlAsEntered;
    const origin = originOf(baseUrl, asEntered);
    if (origin === undefined) return undefined; // the engine's pre-flight sends nothing
    const fromWorkspace = origin === this.workspaceOnlyOrigin();
    const lookalike = isLookalike(baseUrl, asEntered);
    if (!fromWorkspace && !lookalike) return undefined;
    return { origin, baseUrl, approved: [this.userOrigin()], fromWorkspace, newKey: true, ...(lookalike ? { lookalike } : {}) };
  }

  /**
   * A dashboard link's key for `baseUrl`, whose origin is neither RutaAPI's nor one the person chose
   * (commands/connectUri.ts): always asked, "Don't Send" first. True only on "Send". Approves
   * nothing: the key is bound to the origin only when the person saves it.
   */
  confirmLinkOrigin(baseUrl: string): Promise<boolean> {
    return this.confirmOtherKey(baseUrl, 'link');
  }

  /**
   * Cursor's own key (read from Cursor's settings) for `baseUrl`, whose origin is neither RutaAPI's
   * nor approved for it (commands/cursorKeyGate.ts): always asked, "Don't Send" first. True only on
   * "Send". Approves nothing in SecretStorage: that key is Cursor's, not the one saved here.
   */
  confirmCursorKeyOrigin(baseUrl: string): Promise<boolean> {
    return this.confirmOtherKey(baseUrl, 'cursor');
  }

  /** The question for a key that is not the saved one and comes from a link or from Cursor. */
  private async confirmOtherKey(baseUrl: string, from: 'link' | 'cursor'): Promise<boolean> {
    const origin = originOf(baseUrl);
    if (origin === undefined) return false;
    const lookalike = isLookalike(baseUrl);
    const request: OriginRequest = {
      origin,
      baseUrl,
      approved: [this.userOrigin()],
      fromWorkspace: false,
      newKey: true,
      ...(from === 'link' ? { fromLink: true } : { fromCursor: true }),
    };
    this.logger.info(
      `Asking before sending a key from ${from === 'link' ? 'a link' : 'Cursor'} to ${origin}${lookalike ? ' (look-alike host)' : ''}`,
    );
    try {
      return (await this.confirm(lookalike ? { ...request, lookalike } : request)) === true;
    } catch (e) {
      this.logger.warn('The origin confirmation failed', e);
      return false;
    }
  }

  /**
   * Before the first request with a key the person is entering for `baseUrl`: true when it may go
   * there (no question needed, or an explicit "Send").
   */
  async confirmNewKey(baseUrl: string): Promise<boolean> {
    const request = this.newKeyRequest(baseUrl);
    if (!request) return true;
    this.logger.info(
      `Asking before sending a new key to ${request.origin}${request.fromWorkspace ? ' (Base URL from workspace settings)' : ''}${request.lookalike ? ' (look-alike host)' : ''}`,
    );
    let yes = false;
    try {
      yes = (await this.confirm(request)) === true;
    } catch (e) {
      this.logger.warn('The origin confirmation failed', e);
    }
    if (!yes) this.logger.info(`Not sending the new key to ${request.origin}: not confirmed`);
    return yes;
  }
}
