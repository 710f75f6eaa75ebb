/**
 * Claude Code: `~/.claude/settings.json`, its `env` block. The Base URL is the API root without
 * `/v1` (Claude Code adds `/v1/messages`), the key goes in `ANTHROPIC_AUTH_TOKEN` (sent as a bearer
 * token) and `ANTHROPIC_API_KEY` is left out (both set, Claude Code asks which to use).
 */
import { t } from '../l10n';
import type { ToolAdapter } from './adapter';
import { ConfigError, isRecord, str } from './configError';
import { editJson, parseJsonObject, type JsonChange } from './jsonConfig';

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

export const claudeCode: ToolAdapter = {
  tool: 'claude-code',
  keyStorages: ['file', 'environment'],
  keyVariable: 'ANTHROPIC_AUTH_TOKEN',
  read(texts, files) {
    const config = parseJsonObject(texts.config);
    const env = envOf(config);
    const key = str(env.ANTHROPIC_AUTH_TOKEN) ?? str(env.ANTHROPIC_API_KEY);
    return {
      baseUrl: str(env.ANTHROPIC_BASE_URL),
      model: str(env.ANTHROPIC_MODEL) ?? str(config.model),
      plainKey: key !== undefined ? { text: key, file: files.config } : undefined,
      keyVariable: key === undefined ? 'ANTHROPIC_AUTH_TOKEN' : undefined,
    };
  },
  edit(texts, setup) {
    const changes: JsonChange[] = [
      { path: ['env', 'ANTHROPIC_BASE_URL'], value: withoutV1(setup.baseUrl) },
      { path: ['env', 'ANTHROPIC_AUTH_TOKEN'], value: setup.key.storage === 'file' ? setup.key.key : undefined },
      { path: ['env', 'ANTHROPIC_API_KEY'], value: undefined },
      { path: ['env', 'ANTHROPIC_MODEL'], value: setup.model },
    ];
    return { config: editJson(texts.config, changes) };
  },
};
