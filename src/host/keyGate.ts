import { analyzeBaseUrl } from '../core/baseUrl';
import { RUTAAPI_BASE_URL } from '../core/constants';
import type { Keychain } from './keychain';
import type { Logger } from './logger';
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
 *   key (a modal naming the origin); without it nothing is sent and the status bar says why.
 */
export type KeyGrant =
  | { kind: 'granted'; key: string }
  | { kind: 'noKey' }
  | { kind: 'keychainError'; message: string }
  | { kind: 'needsApproval'; origin: string; approved: string[]; fromWorkspace: boolean };

export interface OriginRequest {
  origin: string;
  baseUrl: string;
  approved: string[];
  /** The effective rutaapi.baseUrl comes from the workspace's settings. */
  fromWorkspace: boolean;
}

/** Asks the person (a modal); true only on an explicit "Send key to <origin>". */
export type OriginConfirm = (request: OriginRequest) => PromiseLike<boolean>;

/**
 * The origin a request for `baseUrl` goes to: the origin of the URL the engine uses (its
 * normalisation), else of the text read as a URL (with https:// when it has no scheme).
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
  candidates.push(text, `https://${text}`);
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
  private confirm: OriginConfirm | undefined;

  constructor(
    private readonly keychain: Keychain,
    private readonly settings: Settings,
    private readonly logger: Logger,
  ) {}

  /** Installs the confirmation dialog; without one, an unapproved origin is never sent the key. */
  setConfirm(confirm: OriginConfirm | undefined): void {
    this.confirm = confirm;
  }

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
    // No origin at all: the engine's pre-flight refuses the Base URL and sends nothing.
    if (origin === undefined) return { kind: 'granted', key };
    const approved = await this.approvedOrigins(key);
    if (approved.includes(origin)) return { kind: 'granted', key };
    const fromWorkspace = this.settings.inspect('baseUrl', 'workspace') !== undefined;
    const request: OriginRequest = { origin, baseUrl, approved, fromWorkspace };
    if (opts.interactive && this.confirm) {
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
}
