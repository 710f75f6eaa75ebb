/**
 * Claude Code: `~/.claude/settings.json`, its `env` block. The Base URL is the API root without
 * `/v1` (Claude Code adds `/v1/messages`), the key goes in `ANTHROPIC_AUTH_TOKEN` (sent as a bearer
 * token) and `ANTHROPIC_API_KEY` is left out (both set, Claude Code asks which to use). An
 * `apiKeyHelper` (a command printing a key) is one more key: the setup removes it, as it does
 * `ANTHROPIC_API_KEY`, so the diff shows both going; undo brings them back.
 */
import { t } from '../l10n';
import type { ToolAdapter } from './adapter';
import { ConfigError, isRecord, str } from './configError';
import { editJson, parseJsonObject, type JsonChange } from './jsonConfig';
import type { OtherKeySource } from './types';

/** `https://api.rutaapi.com/v1` → `https://api.rutaapi.com` (a path before /v1 is kept). */
export function withoutV1(baseUrl: string): string {
  return baseUrl.trim().replace(/\/+$/, '').replace(/\/v1$/i, '');
}

function envOf(config: Record<string, unknown>): Record<string, unknown> {
  const env = config.env;
  if (env === undefined) return {};
  if (!isRecord(env)) throw new ConfigError({ reason: 'shape', detail: t('"env" in settings.json is not an object.') });
  return env;
}

/**
 * The places beside the key in use. The file's `env` wins over the process environment, so a
 * variable counts only where the file leaves it unset.
 */
function otherKeys(token: string | undefined, apiKey: string | undefined, helper: string | undefined, file: string): OtherKeySource[] {
  const out: OtherKeySource[] = [];
  if (token !== undefined && apiKey !== undefined) out.push({ kind: 'file', name: 'ANTHROPIC_API_KEY', file, text: apiKey });
  if (apiKey === undefined) out.push({ kind: 'variable', name: 'ANTHROPIC_API_KEY' });
  if (token === undefined && apiKey !== undefined) out.push({ kind: 'variable', name: 'ANTHROPIC_AUTH_TOKEN' });
  if (helper !== undefined) out.push({ kind: 'helper', name: 'apiKeyHelper', file });
  return out;
}

export const claudeCode: ToolAdapter = {
  tool: 'claude-code',
  keyStorages: ['file', 'environment'],
  keyVariable: 'ANTHROPIC_AUTH_TOKEN',
  read(texts, files) {
    const config = parseJsonObject(texts.config);
    const env = envOf(config);
    const token = str(env.ANTHROPIC_AUTH_TOKEN);
    const apiKey = str(env.ANTHROPIC_API_KEY);
    const key = token ?? apiKey;
    return {
      baseUrl: str(env.ANTHROPIC_BASE_URL),
      model: str(env.ANTHROPIC_MODEL) ?? str(config.model),
      plainKey:
        key !== undefined
          ? { text: key, file: files.config, name: token !== undefined ? 'ANTHROPIC_AUTH_TOKEN' : 'ANTHROPIC_API_KEY' }
          : undefined,
      keyVariable: key === undefined ? 'ANTHROPIC_AUTH_TOKEN' : undefined,
      otherKeys: otherKeys(token, apiKey, str(config.apiKeyHelper), files.config),
    };
  },
  edit(texts, setup) {
    const changes: JsonChange[] = [
      { path: ['env', 'ANTHROPIC_BASE_URL'], value: withoutV1(setup.baseUrl) },
      { path: ['env', 'ANTHROPIC_AUTH_TOKEN'], value: setup.key.storage === 'file' ? setup.key.key : undefined },
      { path: ['env', 'ANTHROPIC_API_KEY'], value: undefined },
      { path: ['env', 'ANTHROPIC_MODEL'], value: setup.model },
      { path: ['apiKeyHelper'], value: undefined },
    ];
    return { config: editJson(texts.config, changes) };
  },
};
