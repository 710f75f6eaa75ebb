/**
 * One tiny request in the tool's own protocol, as the tool would send it: `POST /v1/responses`
 * for Codex, `POST /v1/messages` for Claude Code (bearer token, as ANTHROPIC_AUTH_TOKEN is sent,
 * or `x-api-key`, as ANTHROPIC_API_KEY is; new-api takes either there). A failure is diagnosed by
 * the engine from new-api's own bodies for those paths (a relay error on /v1/messages comes in
 * Anthropic's shape, `{"type":"error","error":{…}}`, without its code). Never throws.
 */
import { t } from '../l10n';
import { CHAT_TEST_MESSAGE, CHAT_TEST_MAX_TOKENS, MAX_RESPONSE_BYTES, USER_AGENT } from '../constants';
import { diagnoseNetworkError, diagnoseResponse } from '../diagnosis';
import { readCapped } from '../readCapped';
import { timeoutOr } from '../timeout';
import type { ToolFinding } from './types';

export const PROBE_TIMEOUT_MS = 15_000;

export interface ProbeOptions {
  tool: 'claude-code' | 'codex';
  /** The API root, with /v1 (Claude Code's origin with /v1 added). */
  baseUrl: string;
  model: string;
  key: string;
  /** Claude Code: how the key travels. */
  auth?: 'bearer' | 'x-api-key';
  models?: readonly string[];
  timeoutMs?: number;
  signal?: AbortSignal;
  fetch?: typeof globalThis.fetch;
}

export interface ProbeResult {
  ok: boolean;
  url: string;
  status: number | null;
  /** Why it failed, in the engine's words. */
  finding?: ToolFinding;
}

function request(o: ProbeOptions): { url: string; init: RequestInit } {
  const root = o.baseUrl.replace(/\/+$/, '');
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json',
    'accept-language': 'en',
    'user-agent': USER_AGENT,
  };
  if (o.tool === 'codex') {
    headers.authorization = `Bearer ${o.key}`;
    const body = { model: o.model, input: CHAT_TEST_MESSAGE, max_output_tokens: CHAT_TEST_MAX_TOKENS, store: false };
    return { url: `${root}/responses`, init: { method: 'POST', headers, body: JSON.stringify(body) } };
  }
  if (o.auth === 'x-api-key') headers['x-api-key'] = o.key;
  else headers.authorization = `Bearer ${o.key}`;
  headers['anthropic-version'] = '2023-06-01';
  const body = { model: o.model, max_tokens: CHAT_TEST_MAX_TOKENS, messages: [{ role: 'user', content: CHAT_TEST_MESSAGE }] };
  return { url: `${root}/messages`, init: { method: 'POST', headers, body: JSON.stringify(body) } };
}

/** A 200 that is the protocol's answer: a Responses `response` or an Anthropic `message`. */
function looksRight(tool: ProbeOptions['tool'], text: string | undefined): boolean {
  try {
    const json = JSON.parse(text ?? '') as { object?: unknown; type?: unknown };
    return tool === 'codex' ? json.object === 'response' : json.type === 'message';
  } catch {
    return false;
  }
}

function failed(d: { code: ToolFinding['code']; title: string; detail: string }): ToolFinding {
  return { code: d.code, severity: 'error', detail: `${d.title}. ${d.detail}` };
}

export async function probeTool(o: ProbeOptions): Promise<ProbeResult> {
  const { url, init } = request(o);
  const timeoutMs = timeoutOr(o.timeoutMs, PROBE_TIMEOUT_MS);
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = o.signal ? AbortSignal.any([o.signal, timeout]) : timeout;
  const ctx = { step: 'chat' as const, baseUrl: o.baseUrl, url, model: o.model, models: o.models, apiKey: o.key };
  let response: Response;
  let text: string | undefined;
  try {
    response = await (o.fetch ?? globalThis.fetch)(url, { ...init, signal, redirect: 'manual' });
    text = await readCapped(response, MAX_RESPONSE_BYTES);
  } catch (error) {
    const reason = o.signal?.aborted ? ('cancelled' as const) : timeout.aborted ? ('timeout' as const) : undefined;
    return {
      ok: false,
      url,
      status: null,
      finding: failed(diagnoseNetworkError(error, { ...ctx, reason, timeoutMs })),
    };
  }
  if (response.status >= 200 && response.status < 300) {
    if (looksRight(o.tool, text)) return { ok: true, url, status: response.status };
    const what = o.tool === 'codex' ? 'Responses API' : 'Anthropic Messages';
    return {
      ok: false,
      url,
      status: response.status,
      finding: {
        code: 'invalid_response',
        severity: 'error',
        detail: t('The gateway answered {0} with HTTP {1}, but not with a {2} answer.', url, response.status, what),
      },
    };
  }
  const d = diagnoseResponse({ status: response.status, headers: response.headers, bodyText: text, url }, ctx);
  return { ok: false, url, status: response.status, finding: failed(d) };
}
