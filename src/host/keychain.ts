import { t } from '../core/l10n';
import { Disposable } from './disposable';
import { Emitter } from './event';
import type { SecretStoragePort } from './ports';

export const SECRET_KEY = 'rutaapi.apiKey';

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

  async store(value: string): Promise<void> {
    try {
      await this.secrets.store(SECRET_KEY, value);
    } catch (e) {
      throw new KeychainError('store', errorText(e));
    }
    this.onSecretSeen(value);
    const before = this.cached?.value;
    this.cached = { value };
    if (before !== value) this.changed.fire(value);
  }

  async delete(): Promise<void> {
    try {
      await this.secrets.delete(SECRET_KEY);
    } catch (e) {
      throw new KeychainError('delete', errorText(e));
    }
    const before = this.cached?.value;
    this.cached = { value: undefined };
    if (before !== undefined) this.changed.fire(undefined);
  }
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
