/**
 * The slices of the editor API the host logic uses. vscode's own objects satisfy them
 * structurally; unit tests pass small fakes. Logic modules import only these types.
 */
import type { DisposableLike } from './disposable';

export interface SecretStoragePort {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
  onDidChange(listener: (e: { key: string }) => unknown): DisposableLike;
}

export interface MementoPort {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export type ConfigScope = 'user' | 'workspace';

/** Reads and writes `rutaapi.*` settings by full key (e.g. `rutaapi.baseUrl`). */
export interface ConfigPort {
  get<T>(key: string): T | undefined;
  inspect<T>(key: string): { globalValue?: T; workspaceValue?: T } | undefined;
  update(key: string, value: unknown, scope: ConfigScope): PromiseLike<void>;
}

export interface LogChannelPort {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  show(preserveFocus?: boolean): void;
}

export interface ClipboardPort {
  writeText(text: string): PromiseLike<void>;
}

/** Non-modal notifications with action buttons; resolves to the chosen action. */
export interface NotifyPort {
  info(message: string, ...actions: string[]): PromiseLike<string | undefined>;
  warn(message: string, ...actions: string[]): PromiseLike<string | undefined>;
  error(message: string, ...actions: string[]): PromiseLike<string | undefined>;
}
