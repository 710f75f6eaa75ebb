/**
 * `readAccount`: discovery (cached /api/status, no key) plus the key's own figures, for the
 * editor's balance display and the doctor. Routine reads use the billing endpoints only
 * (subscription + usage, one after the other on one connection); the rate-limited
 * /api/usage/token/ (name, model limits) only when the caller asks with `includeKeyDetails`.
 * The key goes only to the Base URL's origin (the guarded client), and outside the Base URL's path
 * only to a gateway that identified itself as new-api (`billingRoot`). Never throws.
 */
import { createGatewayClient, type GatewayClient } from '../gatewayClient';
import type { AccountFigures, AccountRead, AccountReadOptions, GatewayStatus, ReadAccount } from './types';
import { dashboardLinks, discoverGateway } from './discovery';
import { figuresFromBilling, parseSubscription, parseUsage } from './billing';
import { figuresFromTokenUsage, parseTokenUsage } from './tokenUsage';
import { USD_DISPLAY } from './units';
import { timeoutOr } from '../timeout';

const DEFAULT_READ_TIMEOUT_MS = 10_000;
const MAX_JSON_BYTES = 256 * 1024;

interface AccountReadOptionsMore extends AccountReadOptions {
  /** For tests: "now" in ms. */
  now?: () => number;
}

type JsonAnswer = { kind: 'json'; json: unknown } | { kind: 'rateLimited' } | { kind: 'none' };

/** A keyed GET through the guard: JSON on 2xx, `rateLimited` on 429, else nothing. */
export async function getKeyedJson(gateway: GatewayClient, url: string, signal: AbortSignal): Promise<JsonAnswer> {
  try {
    const response = await gateway.request(url, { signal });
    if (response.status === 429) {
      response.body?.cancel().catch(() => undefined);
      return { kind: 'rateLimited' };
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (response.status < 200 || response.status >= 300 || bytes.byteLength > MAX_JSON_BYTES) return { kind: 'none' };
    return { kind: 'json', json: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) };
  } catch {
    return { kind: 'none' };
  }
}

/**
 * Where the billing endpoints are read with the key: new-api's `{origin}/v1/dashboard/billing/*`
 * only for a gateway whose /api/status identified it as new-api; any other gateway only under the
 * Base URL's own path (`…/tenant-a/v1/dashboard/billing/*`), never elsewhere on its origin.
 */
function billingRoot(origin: string, baseUrl: string, status: GatewayStatus | null): string {
  if (status) return `${origin}/v1`;
  return `${origin}${new URL(baseUrl).pathname.replace(/\/+$/, '')}`;
}

export const readAccount = async (options: AccountReadOptionsMore): Promise<AccountRead> => {
  const none: AccountRead = { dashboard: null, account: null, rateLimited: false };
  let origin: string;
  let baseUrl: string;
  try {
    const u = new URL(String(options?.baseUrl ?? ''));
    if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.username || u.password) return none;
    origin = u.origin;
    baseUrl = u.href;
  } catch {
    return none;
  }
  const now = options.now ?? Date.now;
  let status: GatewayStatus | null;
  try {
    status = await discoverGateway(origin, { fetch: options.fetch });
  } catch {
    status = null;
  }
  const dashboard = dashboardLinks(baseUrl, status);
  const apiKey = typeof options.apiKey === 'string' ? options.apiKey.trim() : '';
  if (!apiKey || options.signal?.aborted) return { dashboard, account: null, rateLimited: false };

  const timeoutMs = timeoutOr(options.timeoutMs, DEFAULT_READ_TIMEOUT_MS);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  timer.unref?.();
  const onAbort = (): void => controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const display = status?.display ?? USD_DISPLAY;
  try {
    let gateway: GatewayClient;
    try {
      gateway = createGatewayClient({ apiKey, baseURL: baseUrl, fetch: options.fetch, timeoutMs });
    } catch {
      return { dashboard, account: null, rateLimited: false };
    }
    let account: AccountFigures | null = null;
    let rateLimited = false;
    const billing = billingRoot(origin, baseUrl, status);
    const sub = await getKeyedJson(gateway, `${billing}/dashboard/billing/subscription`, controller.signal);
    if (sub.kind === 'rateLimited') rateLimited = true;
    const subscription = sub.kind === 'json' ? parseSubscription(sub.json) : undefined;
    if (subscription) {
      const usage = await getKeyedJson(gateway, `${billing}/dashboard/billing/usage`, controller.signal);
      if (usage.kind === 'rateLimited') rateLimited = true;
      account = figuresFromBilling(subscription, usage.kind === 'json' ? parseUsage(usage.json) : undefined, display, now());
    }
    if (options.includeKeyDetails && status && !rateLimited && !controller.signal.aborted) {
      const details = await getKeyedJson(gateway, `${origin}/api/usage/token/`, controller.signal);
      if (details.kind === 'rateLimited') rateLimited = true;
      const usage = details.kind === 'json' ? parseTokenUsage(details.json) : undefined;
      if (usage) account = figuresFromTokenUsage(usage, display, now());
    }
    return { dashboard, account, rateLimited };
  } catch {
    return { dashboard, account: null, rateLimited: false };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
};

/** Compile-time check: `readAccount` is the contract's `ReadAccount`. */
const conforms: ReadAccount = readAccount;
void conforms;
