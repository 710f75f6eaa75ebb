// Small stand-ins for the editor APIs the host layer uses (no `vscode` module in plain Node).
import type { AccountFigures, AccountRead } from '../../../src/core/gatewayAccount/types';
import type { VerificationResult, VerifyOptions } from '../../../src/core/types';
import type { ModuleLoader } from '../../../src/host/shared/chunkLoader';
import type { OriginConfirm } from '../../../src/host/connection/keyGate';
import { Emitter } from '../../../src/host/shared/event';
import type {
  ClipboardPort,
  ConfigPort,
  ConfigScope,
  LogChannelPort,
  MementoPort,
  NotifyPort,
  SecretStoragePort,
} from '../../../src/host/shared/ports';
import { Keychain } from '../../../src/host/connection/keychain';
import { Logger } from '../../../src/host/shared/logger';
import { Settings } from '../../../src/host/connection/settings';
import { SetupController } from '../../../src/host/panel/setupController';
import type { SetupDeps } from '../../../src/host/panel/setupDeps';
import type { HostMessage } from '../../../src/protocol/messages';

/** A chunk that is already at hand: the module the host would load from dist/, imported from src/. */
export class LoadedModule<T> implements ModuleLoader<T> {
  constructor(private readonly mod: T) {}
  load(): Promise<T> {
    return Promise.resolve(this.mod);
  }
}

/** The origin gate's question answered "Don't Send" (or dismissed): for hosts built without the editor's modal. */
export const dontSend: OriginConfirm = async () => false;

export class FakeSecretStorage implements SecretStoragePort {
  readonly data = new Map<string, string>();
  private readonly changed = new Emitter<{ key: string }>();
  failStore = false;
  failGet = false;
  reads = 0;
  get(key: string) {
    this.reads++;
    if (this.failGet) return Promise.reject(new Error('no keyring'));
    return Promise.resolve(this.data.get(key));
  }
  store(key: string, value: string) {
    if (this.failStore) return Promise.reject(new Error('Cannot store: no OS keyring available'));
    this.data.set(key, value);
    this.changed.fire({ key });
    return Promise.resolve();
  }
  delete(key: string) {
    this.data.delete(key);
    this.changed.fire({ key });
    return Promise.resolve();
  }
  onDidChange = (l: (e: { key: string }) => unknown) => this.changed.event(l);
  /** Another window changed the secret: storage changes without this process calling store(). */
  externalSet(key: string, value: string | undefined) {
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, value);
    this.changed.fire({ key });
  }
}

export class FakeMemento implements MementoPort {
  readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  update(key: string, value: unknown) {
    this.data.set(key, JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
}

export class FakeConfig implements ConfigPort {
  readonly user = new Map<string, unknown>();
  readonly workspace = new Map<string, unknown>();
  /** Keys whose next write fails. */
  readonly failWrites = new Set<string>();
  writes: Array<{ key: string; value: unknown; scope: ConfigScope }> = [];
  get<T>(key: string): T | undefined {
    return (this.workspace.has(key) ? this.workspace.get(key) : this.user.get(key)) as T | undefined;
  }
  inspect<T>(key: string) {
    return { globalValue: this.user.get(key) as T | undefined, workspaceValue: this.workspace.get(key) as T | undefined };
  }
  update(key: string, value: unknown, scope: ConfigScope) {
    if (this.failWrites.has(key)) return Promise.reject(new Error(`Unable to write ${key}: settings file is read-only`));
    this.writes.push({ key, value, scope });
    const m = scope === 'workspace' ? this.workspace : this.user;
    if (value === undefined) m.delete(key);
    else m.set(key, value);
    return Promise.resolve();
  }
}

export class FakeLogChannel implements LogChannelPort {
  lines: string[] = [];
  trace = (m: string) => void this.lines.push(`trace ${m}`);
  debug = (m: string) => void this.lines.push(`debug ${m}`);
  info = (m: string) => void this.lines.push(`info ${m}`);
  warn = (m: string) => void this.lines.push(`warn ${m}`);
  error = (m: string) => void this.lines.push(`error ${m}`);
  shown = 0;
  show = () => void this.shown++;
}

export class FakeClipboard implements ClipboardPort {
  text = '';
  writeText(text: string) {
    this.text = text;
    return Promise.resolve();
  }
}

export class FakeNotify implements NotifyPort {
  messages: Array<{ level: string; message: string; actions: string[] }> = [];
  info = (message: string, ...actions: string[]) => this.push('info', message, actions);
  warn = (message: string, ...actions: string[]) => this.push('warn', message, actions);
  error = (message: string, ...actions: string[]) => this.push('error', message, actions);
  /** The answers the next modal dialogs give, in order (undefined: dismissed). */
  modalAnswers: Array<string | undefined> = [];
  modal = (message: string, detail: string, ...actions: string[]) => {
    this.messages.push({ level: 'modal', message: `${message}\n${detail}`, actions });
    return Promise.resolve(this.modalAnswers.shift());
  };
  private push(level: string, message: string, actions: string[]) {
    this.messages.push({ level, message, actions });
    return Promise.resolve(undefined);
  }
}

export function hostParts() {
  const secrets = new FakeSecretStorage();
  const config = new FakeConfig();
  const channel = new FakeLogChannel();
  const logger = new Logger(channel);
  const settings = new Settings(config);
  const keychain = new Keychain(secrets, (s) => logger.addSecret(s));
  return { secrets, config, channel, logger, settings, keychain };
}

export const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

/** What the engine returns for `o`: OK, or a 401 with the "Open Tokens" fix. */
export function fakeResult(o: VerifyOptions, ok = true): VerificationResult {
  return {
    ok,
    diagnosis: ok
      ? { code: 'ok', severity: 'info', title: 'OK', detail: '', fixes: [], evidence: {}, short: 'OK' }
      : {
          code: 'unauthorized',
          severity: 'error',
          title: 'Invalid API key (401 Unauthorized)',
          detail: 'd',
          fixes: [{ kind: 'open_tokens', label: 'Open Tokens in the RutaAPI dashboard' }],
          evidence: { status: 401 },
          short: '401',
        },
    baseUrl: { input: o.baseUrl, normalized: o.baseUrl, findings: [], asEntered: false },
    key: { cleaned: o.apiKey, redacted: 'sk-ru…1234', findings: [] },
    steps: [],
    models: ['gpt-4.1'],
    model: o.model,
    startedAt: '',
    finishedAt: '',
  };
}

/** A new-api dashboard as the engine reports it (core/gatewayAccount). */
export const NEW_API_DASHBOARD = {
  theme: 'classic' as const,
  keys: 'https://app.rutaapi.com/console/token',
  topUp: 'https://app.rutaapi.com/console/topup',
  usage: 'https://app.rutaapi.com/console/log',
};

/** A limited key's figures: 3.21 of 10 USD left. */
export const fakeFigures = (over: Partial<AccountFigures> = {}): AccountFigures => ({
  keyName: null,
  unlimited: false,
  granted: 10,
  used: 6.79,
  available: 3.21,
  unit: 'USD',
  expiresAt: null,
  models: null,
  ...over,
});

/** What `readAccount` returns for a limited key with `available` of 10 USD left. */
export function fakeAccountRead(over: Partial<AccountFigures> = {}, rest: Partial<AccountRead> = {}): AccountRead {
  return {
    dashboard: NEW_API_DASHBOARD,
    account: fakeFigures({ keyName: 'laptop', ...over }),
    rateLimited: false,
    ...rest,
  };
}

/**
 * A stand-in for `context.environmentVariableCollection` (EnvCollectionPort): holds the values and records every
 * write, and whether `persistent` was already false when the first value was written.
 */
export class FakeEnvCollection {
  private readonly values = new Map<string, string>();
  private _persistent = true;
  /** Every change, in order: ['persistent', false], ['replace', name], ['delete', name], ['clear']. */
  readonly ops: Array<[string, ...unknown[]]> = [];
  /** `persistent` at the first replace(); undefined until one happens. */
  persistentAtFirstReplace: boolean | undefined;
  description: unknown;
  get persistent(): boolean {
    return this._persistent;
  }
  set persistent(v: boolean) {
    this._persistent = v;
    this.ops.push(['persistent', v]);
  }
  get(variable: string) {
    const value = this.values.get(variable);
    return value === undefined ? undefined : { value };
  }
  replace(variable: string, value: string) {
    if (this.persistentAtFirstReplace === undefined) this.persistentAtFirstReplace = this._persistent;
    this.values.set(variable, value);
    this.ops.push(['replace', variable]);
  }
  delete(variable: string) {
    this.values.delete(variable);
    this.ops.push(['delete', variable]);
  }
  clear() {
    this.values.clear();
    this.ops.push(['clear']);
  }
  /** The variables as a plain object. */
  env(): Record<string, string> {
    return Object.fromEntries(this.values);
  }
  writes(): number {
    return this.ops.filter((o) => o[0] !== 'persistent').length;
  }
}

/** A setup-panel controller over a test's host parts, posting into `posted`; `over` replaces any dependency. */
export function panelController(
  parts: Pick<SetupDeps, 'settings' | 'keychain' | 'connection' | 'logger'>,
  over: Partial<SetupDeps> = {},
): { c: SetupController; posted: HostMessage[] } {
  const posted: HostMessage[] = [];
  const c = new SetupController({
    post: (m) => void posted.push(m),
    settings: parts.settings,
    keychain: parts.keychain,
    connection: parts.connection,
    logger: parts.logger,
    clipboard: new FakeClipboard(),
    notify: new FakeNotify(),
    open: () => undefined,
    supportReport: () => '',
    isCursor: false,
    hasWorkspace: true,
    ...over,
  });
  return { c, posted };
}
