import { createHash } from 'node:crypto';
import { t } from '../../core/l10n';
import { Disposable } from '../shared/disposable';
import { Emitter } from '../shared/event';
import type { SecretStoragePort } from '../shared/ports';

export const SECRET_KEY = 'rutaapi.apiKey';
/**
 * The origins the saved key may be sent to, next to the key in SecretStorage:
 * `{ v: 1, keyHash, origins }`. keyHash (SHA-256 of the key, hex) ties the list to one key: a key
 * stored without a binding (by an older version, or in another window) does not inherit it.
 */
export const SECRET_ORIGINS = 'rutaapi.apiKey.origins';

interface KeyBinding {
  /** The record belongs to this key. */
  matches: boolean;
  origins: string[];
}

export function keyHash(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A SecretStorage failure (e.g. no OS keyring on Linux), with a message that says what to do. */
export class KeychainError extends Error {
  constructor(
    readonly operation: 'read' | 'store' | 'delete',
    readonly causeMessage: string,
  ) {
    super(
      t(
        'The system keychain is not available ({0}). Nothing was lost. On Linux, install and unlock a keyring (for example GNOME Keyring or KWallet), or start the editor with --password-store=basic, then try again.',
        causeMessage,
      ),
    );
    this.name = 'KeychainError';
  }
}

/**
 * The API key in SecretStorage. The value is re-read when SecretStorage reports a change (another
 * window may have changed it) and onDidChangeKey fires only when the value really differs.
 */
export class Keychain extends Disposable {
  private cached: { value: string | undefined } | undefined;
  private readonly changed = this._register(new Emitter<string | undefined>());
  readonly onDidChangeKey = this.changed.event;

  constructor(
    private readonly secrets: SecretStoragePort,
    private readonly onSecretSeen: (secret: string) => void = () => undefined,
  ) {
    super();
    this._register(
      secrets.onDidChange((e) => {
        if (e.key === SECRET_KEY) void this.reread();
      }),
    );
  }

  private async reread(): Promise<void> {
    const before = this.cached?.value;
    this.cached = undefined;
    let after: string | undefined;
    try {
      after = await this.get();
    } catch {
      return;
    }
    if (before !== after) this.changed.fire(after);
  }

  async get(): Promise<string | undefined> {
    if (this.cached) return this.cached.value;
    let value: string | undefined;
    try {
      value = (await this.secrets.get(SECRET_KEY)) || undefined;
    } catch (e) {
      throw new KeychainError('read', errorText(e));
    }
    if (value) this.onSecretSeen(value);
    this.cached = { value };
    return value;
  }

  async has(): Promise<boolean> {
    return (await this.get()) !== undefined;
  }

  /**
   * Stores the key. With `origin`, the key is bound to that origin alone (a new key starts with no
   * other approvals); without, an existing binding stays only if it belongs to this same key.
   */
  async store(value: string, binding?: { origin: string }): Promise<void> {
    try {
      await this.secrets.store(SECRET_KEY, value);
    } catch (e) {
      throw new KeychainError('store', errorText(e));
    }
    this.onSecretSeen(value);
    const before = this.cached?.value;
    this.cached = { value };
    if (binding) await this.writeOrigins(value, [binding.origin]);
    if (before !== value) this.changed.fire(value);
  }

  /** The origins approved for `key` (see SECRET_ORIGINS). A read failure counts as no record. */
  async binding(key: string): Promise<KeyBinding> {
    let raw: string | undefined;
    try {
      raw = await this.secrets.get(SECRET_ORIGINS);
    } catch {
      return { matches: false, origins: [] };
    }
    try {
      const rec = JSON.parse(raw ?? 'null') as { v?: unknown; keyHash?: unknown; origins?: unknown } | null;
      if (rec && rec.keyHash === keyHash(key) && Array.isArray(rec.origins)) {
        return { matches: true, origins: rec.origins.filter((o): o is string => typeof o === 'string') };
      }
    } catch {
      // unreadable record: as if there were none
    }
    return { matches: false, origins: [] };
  }

  /** Adds an approved origin for `key` (keeping the ones already approved for it). */
  async approveOrigin(key: string, origin: string): Promise<void> {
    const b = await this.binding(key);
    const origins = b.matches ? b.origins : [];
    if (!origins.includes(origin)) await this.writeOrigins(key, [...origins, origin]);
  }

  /** Replaces the approvals for `key` (binding on save, migration of a key saved before bindings). */
  async setOrigins(key: string, origins: string[]): Promise<void> {
    await this.writeOrigins(key, origins);
  }

  private async writeOrigins(key: string, origins: string[]): Promise<void> {
    try {
      await this.secrets.store(SECRET_ORIGINS, JSON.stringify({ v: 1, keyHash: keyHash(key), origins: [...new Set(origins)] }));
    } catch (e) {
      throw new KeychainError('store', errorText(e));
    }
  }

  async delete(): Promise<void> {
    try {
      await this.secrets.delete(SECRET_KEY);
      await this.secrets.delete(SECRET_ORIGINS);
    } catch (e) {
      throw new KeychainError('delete', errorText(e));
    }
    const before = this.cached?.value;
    this.cached = { value: undefined };
    if (before !== undefined) this.changed.fire(undefined);
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
