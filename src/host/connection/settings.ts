import { RUTAAPI_BASE_URL, DEFAULT_TIMEOUT_MS } from '../../core/constants';
import type { ConfigPort, ConfigScope } from '../shared/ports';

/** Every contributed setting, typed. test/unit/host/settings.test.ts checks these against package.json. */
export const SETTINGS = {
  baseUrl: { key: 'rutaapi.baseUrl', default: RUTAAPI_BASE_URL },
  model: { key: 'rutaapi.model', default: '' },
  verifyOnStartup: { key: 'rutaapi.verifyOnStartup', default: true },
  requestTimeoutSeconds: { key: 'rutaapi.requestTimeoutSeconds', default: DEFAULT_TIMEOUT_MS / 1000, minimum: 3, maximum: 120 },
  useBaseUrlAsEntered: { key: 'rutaapi.useBaseUrlAsEntered', default: false },
  /** Percent of a limited key's grant under which the status bar warns (0 = never). */
  lowBalanceWarning: { key: 'rutaapi.lowBalanceWarning', default: 10, minimum: 0, maximum: 100 },
  /**
   * Per model id: token limits and capabilities for the chat provider (core/lm/limits.ts reads it).
   * User-only: it decides how much context each chat request packs, billed to the user's key, so a
   * repository's `.vscode/settings.json` must not raise it (ignored even in a trusted workspace; also a
   * restricted configuration in package.json for Restricted Mode).
   */
  modelLimits: { key: 'rutaapi.modelLimits', default: {} as Readonly<Record<string, unknown>>, userOnly: true },
  /**
   * The saved key and Base URL in the integrated terminals (connection/terminalEnvironment.ts). User-only
   * (application scope in package.json): a repository that could turn it on would hand the key to every
   * task its terminals run.
   */
  terminalEnvironment: { key: 'rutaapi.terminalEnvironment', default: false, userOnly: true },
} as const;

export type SettingName = keyof typeof SETTINGS;
type SettingValue<N extends SettingName> = (typeof SETTINGS)[N]['default'] extends string
  ? string
  : (typeof SETTINGS)[N]['default'] extends boolean
    ? boolean
    : (typeof SETTINGS)[N]['default'] extends number
      ? number
      : (typeof SETTINGS)[N]['default'];

export const SETTINGS_SECTION = 'rutaapi';

/** Settings read from the user's own settings only: a workspace could use them against the user's key or money. */
function isUserOnly(name: SettingName): boolean {
  return 'userOnly' in SETTINGS[name];
}

export class Settings {
  constructor(private readonly config: ConfigPort) {}

  get<N extends SettingName>(name: N): SettingValue<N> {
    const def = SETTINGS[name].default as SettingValue<N>;
    const v = isUserOnly(name)
      ? this.config.inspect<unknown>(SETTINGS[name].key)?.globalValue
      : this.config.get<unknown>(SETTINGS[name].key);
    if (typeof v !== typeof def) return def;
    return v as SettingValue<N>;
  }

  /** A user-only setting (`userOnly` in SETTINGS) has a workspace value, which `get` ignores. */
  ignoredWorkspaceValue(name: SettingName): boolean {
    return isUserOnly(name) && this.config.inspect<unknown>(SETTINGS[name].key)?.workspaceValue !== undefined;
  }

  get baseUrl(): string {
    return this.get('baseUrl').trim() || SETTINGS.baseUrl.default;
  }
  get model(): string {
    return this.get('model').trim();
  }
  get verifyOnStartup(): boolean {
    return this.get('verifyOnStartup');
  }
  get useBaseUrlAsEntered(): boolean {
    return this.get('useBaseUrlAsEntered');
  }
  get timeoutMs(): number {
    const s = SETTINGS.requestTimeoutSeconds;
    const v = Number(this.get('requestTimeoutSeconds'));
    const clamped = Number.isFinite(v) ? Math.min(s.maximum, Math.max(s.minimum, v)) : s.default;
    return clamped * 1000;
  }

  /** rutaapi.lowBalanceWarning, clamped to 0–100 (percent). */
  get lowBalancePercent(): number {
    const s = SETTINGS.lowBalanceWarning;
    const v = Number(this.get('lowBalanceWarning'));
    return Number.isFinite(v) ? Math.min(s.maximum, Math.max(s.minimum, v)) : s.default;
  }

  /** The scope a setting is currently defined in (workspace wins), defaulting to user. */
  scopeOf(name: SettingName): ConfigScope {
    const i = this.config.inspect<unknown>(SETTINGS[name].key);
    return i?.workspaceValue !== undefined ? 'workspace' : 'user';
  }

  inspect(name: SettingName, scope: ConfigScope): unknown {
    const i = this.config.inspect<unknown>(SETTINGS[name].key);
    return scope === 'workspace' ? i?.workspaceValue : i?.globalValue;
  }

  update(name: SettingName, value: unknown, scope: ConfigScope): PromiseLike<void> {
    return this.config.update(SETTINGS[name].key, value, scope);
  }
}
