import { RUTAAPI_BASE_URL, DEFAULT_TIMEOUT_MS } from '../core/constants';
import type { ConfigPort, ConfigScope } from './ports';

/** Every contributed setting, typed. test/unit/host/settings.test.ts checks these against package.json. */
export const SETTINGS = {
  baseUrl: { key: 'rutaapi.baseUrl', default: RUTAAPI_BASE_URL },
  model: { key: 'rutaapi.model', default: '' },
  verifyOnStartup: { key: 'rutaapi.verifyOnStartup', default: true },
  requestTimeoutSeconds: { key: 'rutaapi.requestTimeoutSeconds', default: DEFAULT_TIMEOUT_MS / 1000, minimum: 3, maximum: 120 },
  useBaseUrlAsEntered: { key: 'rutaapi.useBaseUrlAsEntered', default: false },
} as const;

export type SettingName = keyof typeof SETTINGS;
export type SettingValue<N extends SettingName> = (typeof SETTINGS)[N]['default'] extends string
  ? string
  : (typeof SETTINGS)[N]['default'] extends boolean
    ? boolean
    : number;

export const SETTINGS_SECTION = 'rutaapi';

export class Settings {
  constructor(private readonly config: ConfigPort) {}

  get<N extends SettingName>(name: N): SettingValue<N> {
    const def = SETTINGS[name].default as SettingValue<N>;
    const v = this.config.get<unknown>(SETTINGS[name].key);
    if (typeof v !== typeof def) return def;
    return v as SettingValue<N>;
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
