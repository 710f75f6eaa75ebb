/**
 * The slices of the editor API the host logic uses. vscode's own objects satisfy them
 * structurally; unit tests pass small fakes. Logic modules import only these types.
 */
import type { DisposableLike } from './disposable';
import type { ShownText } from './shown';

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

/** The slice of vscode.EnvironmentVariableCollection the terminal environment uses (connection/terminalEnvironment.ts). */
export interface EnvCollectionPort {
  persistent: boolean;
  /** Shown in the terminal's hover (a string, or the editor's MarkdownString). */
  description: unknown;
  get(variable: string): { readonly value: string } | undefined;
  replace(variable: string, value: string): void;
  delete(variable: string): void;
  clear(): void;
}

export interface ClipboardPort {
  writeText(text: string): PromiseLike<void>;
}

/**
 * Notifications with action buttons; resolves to the chosen action. Messages are `ShownText`
 * (host/shared/shown.ts: `tShown('notification', …)`), so text from the network cannot form a link.
 */
export interface NotifyPort {
  info(message: ShownText, ...actions: string[]): PromiseLike<string | undefined>;
  warn(message: ShownText, ...actions: string[]): PromiseLike<string | undefined>;
  error(message: ShownText, ...actions: string[]): PromiseLike<string | undefined>;
  /** A modal warning dialog (message + detail) with one or more actions; undefined when dismissed. */
  modal?(message: ShownText, detail: ShownText, ...actions: string[]): PromiseLike<string | undefined>;
}
