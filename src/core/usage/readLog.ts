/**
 * `GET {origin}/api/log/token` with the key as Bearer (middleware/auth.go `TokenAuthReadOnly`): the
 * key's own request records. Asked only of a gateway that identified itself as new-api (its
 * `/api/status`, core/gatewayAccount/discovery.ts), only through the shared budget (budget.ts),
 * within a time limit, redirects not followed, the body read up to a size cap. Never throws.
 */
import { abortable } from '../abortable';
import { USER_AGENT } from '../constants';
import type { GatewayStatus } from '../gatewayAccount/types';
import { readCapped } from '../readCapped';
import { timeoutOr } from '../timeout';
import type { UsageBudget } from './budget';
import { parseLogAnswer } from './logRows';
import type { UsageEntry } from './types';

/** 1000 rows of about 1 KB each, with room: an answer larger than this is not a log. */
export const MAX_LOG_BYTES = 8 * 1024 * 1024;
export const LOG_TIMEOUT_MS = 20_000;

export interface ReadUsageLogOptions {
  /** The saved, verified Base URL; its origin is asked. */
  baseUrl: string;
  apiKey: string;
  /** The gateway's /api/status (null: not new-api, nothing is asked). */
  status: GatewayStatus | null;
  budget: UsageBudget;
  fetch?: typeof globalThis.fetch;
  signal?: AbortSignal;
  timeoutMs?: number;
  maxBytes?: number;
}

export type UsageLogRead =
  | { kind: 'ok'; entries: UsageEntry[]; dropped: number }
  /** Not new-api (no /api/status): the gateway keeps no such records. */
  | { kind: 'not_new_api' }
  /** new-api without the endpoint, or with it turned off (404, a web page, a refusal). */
  | { kind: 'unavailable' }
  | { kind: 'unauthorized' }
  /** The client's budget or the gateway's 429: not before `retryAt` (ms since epoch). */
  | { kind: 'rate_limited'; retryAt: number; byGateway: boolean }
  | { kind: 'failed'; reason: 'timeout' | 'network' | 'too_large' | 'bad_answer' | 'cancelled' };

function logUrl(baseUrl: string): string | undefined {
  try {
    const u = new URL(baseUrl);
    return u.protocol === 'https:' || u.protocol === 'http:' ? `${u.origin}/api/log/token` : undefined;
  } catch {
    return undefined;
  }
}

class Timeout extends Error {}

export async function readUsageLog(o: ReadUsageLogOptions): Promise<UsageLogRead> {
  const url = logUrl(o.baseUrl);
  if (!o.status || !url) return { kind: 'not_new_api' };
  const decision = o.budget.take();
  if (!decision.ok) return { kind: 'rate_limited', retryAt: decision.retryAt, byGateway: false };
  const controller = new AbortController();
  const onOuterAbort = (): void => controller.abort();
  o.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const timer = setTimeout(() => controller.abort(new Timeout()), timeoutOr(o.timeoutMs, LOG_TIMEOUT_MS));
  timer.unref?.();
  try {
    return await request(url, o, controller.signal);
  } catch {
    if (o.signal?.aborted) return { kind: 'failed', reason: 'cancelled' };
    return { kind: 'failed', reason: controller.signal.aborted ? 'timeout' : 'network' };
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', onOuterAbort);
  }
}

async function request(url: string, o: ReadUsageLogOptions, signal: AbortSignal): Promise<UsageLogRead> {
  const impl = o.fetch ?? globalThis.fetch;
  const response = await abortable(
    impl(url, {
      method: 'GET',
      headers: { authorization: `Bearer ${o.apiKey}`, accept: 'application/json', 'accept-language': 'en', 'user-agent': USER_AGENT },
      redirect: 'manual',
      signal,
    }),
    signal,
    () => new Timeout(),
  );
  const status = response.status;
  if (status !== 200) {
    response.body?.cancel().catch(() => undefined);
    if (status === 401 || status === 403) return { kind: 'unauthorized' };
    if (status === 429)
      return { kind: 'rate_limited', retryAt: o.budget.gatewayLimited(retryAfterMs(response.headers.get('retry-after'))), byGateway: true };
    if (status >= 500) return { kind: 'failed', reason: 'network' };
    return { kind: 'unavailable' };
  }
  const text = await abortable(readCapped(response, o.maxBytes ?? MAX_LOG_BYTES), signal, () => new Timeout());
  if (text === undefined) return { kind: 'failed', reason: 'too_large' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // new-api's front-end (a web page) where the endpoint is missing.
    return { kind: 'unavailable' };
  }
  const answer = parseLogAnswer(json);
  if (answer.ok) return { kind: 'ok', entries: answer.entries, dropped: answer.dropped };
  return answer.reason === 'refused' ? { kind: 'unavailable' } : { kind: 'failed', reason: 'bad_answer' };
}

function retryAfterMs(header: string | null): number | undefined {
  const seconds = header ? Number(header.trim()) : NaN;
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}
