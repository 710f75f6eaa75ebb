/**
 * Gateway discovery: one unauthenticated `GET {origin}/api/status` per origin and session (new-api's
 * public site settings), within a 2 s budget, never carrying the key. It names the front-end
 * (`theme`), where the dashboard lives (`server_address`) and the display unit. A gateway that is
 * not new-api answers 404 or a web page: `null`, and the product behaves as for any
 * OpenAI-compatible gateway. Never throws.
 */
import { DISCOVERY_BUDGET_MS, RUTAAPI_DASHBOARD_URL, USER_AGENT } from '../constants';
import { isRutaapiHost } from '../hostLookalike';
import { isPrivateHost } from '../hostName';
import { inertText } from '../inertText';
import type { DashboardLinks, DashboardTheme, DisplayUnit, GatewayStatus } from './types';
import { DEFAULT_QUOTA_PER_UNIT } from './units';
import { readCapped } from '../readCapped';
import { timeoutOr } from '../timeout';

/** The largest /api/status answer read (the real one is a few KB). */
const MAX_STATUS_BYTES = 256 * 1024;

/** Dashboard page paths of new-api's two front-ends (web/default and web/classic). */
const DASHBOARD_PATHS: Record<DashboardTheme, { keys: string; topUp: string; usage: string }> = {
  default: { keys: '/keys', topUp: '/wallet', usage: '/usage-logs' },
  classic: { keys: '/console/token', topUp: '/console/topup', usage: '/console/log' },
};

interface DiscoveryOptions {
  fetch?: typeof globalThis.fetch;
  /** Default DISCOVERY_BUDGET_MS. */
  timeoutMs?: number;
}

const cache = new Map<string, Promise<GatewayStatus | null>>();

/** Forget every cached answer (tests; a new session). */
export function clearDiscoveryCache(): void {
  cache.clear();
}

/**
 * The gateway's /api/status for `origin` (cached for the session), or null when it has none. A
 * network failure or a timeout also gives null but is not cached: the next check asks again.
 */
export function discoverGateway(origin: string, options: DiscoveryOptions = {}): Promise<GatewayStatus | null> {
  const existing = cache.get(origin);
  if (existing) return existing;
  const entry: Promise<GatewayStatus | null> = fetchStatus(origin, options).then(
    ({ status, transient }) => {
      if (transient && cache.get(origin) === entry) cache.delete(origin);
      return status;
    },
    () => {
      if (cache.get(origin) === entry) cache.delete(origin);
      return null;
    },
  );
  cache.set(origin, entry);
  return entry;
}

async function fetchStatus(origin: string, options: DiscoveryOptions): Promise<{ status: GatewayStatus | null; transient: boolean }> {
  let url: string;
  try {
    const u = new URL(origin);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return { status: null, transient: false };
    url = `${u.origin}/api/status`;
  } catch {
    return { status: null, transient: false };
  }
  const budget = timeoutOr(options.timeoutMs, DISCOVERY_BUDGET_MS);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve('timeout');
    }, budget);
    timer.unref?.();
  });
  const work = (async (): Promise<{ status: GatewayStatus | null; transient: boolean }> => {
    const impl = options.fetch ?? globalThis.fetch;
    // No key, no cookie: only what identifies the client and asks for English.
    const response = await impl(url, {
      method: 'GET',
      headers: { accept: 'application/json', 'accept-language': 'en', 'user-agent': USER_AGENT },
      redirect: 'manual',
      signal: controller.signal,
    });
    if (response.status === 429 || response.status >= 500) {
      response.body?.cancel().catch(() => undefined);
      return { status: null, transient: true };
    }
    if (response.status !== 200) {
      response.body?.cancel().catch(() => undefined);
      return { status: null, transient: false };
    }
    const text = await readCapped(response, MAX_STATUS_BYTES);
    if (text === undefined) return { status: null, transient: false };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { status: null, transient: false };
    }
    return { status: parseStatus(json), transient: false };
  })();
  work.catch(() => undefined);
  try {
    const outcome = await Promise.race([work, expired]);
    return outcome === 'timeout' ? { status: null, transient: true } : outcome;
  } catch {
    return { status: null, transient: true };
  } finally {
    clearTimeout(timer);
  }
}

const positive = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined);

/** An http(s) URL without credentials, as `origin + path` without a trailing slash; else null. */
function dashboardOrigin(text: unknown): string | null {
  if (typeof text !== 'string' || text.trim() === '' || text.length > 2048) return null;
  let u: URL;
  try {
    u = new URL(text.trim());
  } catch {
    return null;
  }
  if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.username || u.password || !u.hostname) return null;
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

/** new-api's `{"success":true,"data":{…}}` reduced to what the product uses; null for anything else. */
export function parseStatus(json: unknown): GatewayStatus | null {
  if (!json || typeof json !== 'object') return null;
  const root = json as { success?: unknown; data?: unknown };
  if (root.success !== true || !root.data || typeof root.data !== 'object' || Array.isArray(root.data)) return null;
  const d = root.data as Record<string, unknown>;
  const theme: DashboardTheme | null = d.theme === 'default' || d.theme === 'classic' ? d.theme : null;
  const systemName = typeof d.system_name === 'string' && d.system_name.trim() ? inertText(d.system_name.trim(), { maxChars: 100 }) : null;
  return { theme, systemName, serverAddress: dashboardOrigin(d.server_address), display: displayUnitOf(d) };
}

/** The display unit from /api/status fields (`quota_display_type`, or the older `display_in_currency`). */
export function displayUnitOf(d: Record<string, unknown>): DisplayUnit {
  const quotaPerUnit = positive(d.quota_per_unit) ?? DEFAULT_QUOTA_PER_UNIT;
  const type =
    typeof d.quota_display_type === 'string' ? d.quota_display_type.toUpperCase() : d.display_in_currency === false ? 'TOKENS' : 'USD';
  switch (type) {
    case 'CNY':
      return { unit: 'CNY', quotaPerUnit, exchangeRate: positive(d.usd_exchange_rate) ?? 1 };
    case 'TOKENS':
      return { unit: 'TOKENS', quotaPerUnit, exchangeRate: 1 };
    case 'CUSTOM': {
      const symbol = typeof d.custom_currency_symbol === 'string' ? inertText(d.custom_currency_symbol.trim(), { maxChars: 8 }) : '';
      return { unit: symbol || 'CUSTOM', quotaPerUnit, exchangeRate: positive(d.custom_currency_exchange_rate) ?? 1 };
    }
    default:
      return { unit: 'USD', quotaPerUnit, exchangeRate: 1 };
  }
}

function hostOf(baseUrl: string): string | undefined {
  try {
    return new URL(baseUrl).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * A plain-http `server_address` on a public host while the gateway itself answers over https: the
 * dashboard (where one signs in and tops up) would open over http, so the gateway's own https
 * origin is used instead. Loopback and private hosts, and a gateway that is itself http, keep it.
 */
function plainHttpInstead(serverAddress: string, baseUrl: string): boolean {
  try {
    const address = new URL(serverAddress);
    return address.protocol === 'http:' && !isPrivateHost(address.hostname) && new URL(baseUrl).protocol === 'https:';
  } catch {
    return true;
  }
}

/**
 * Dashboard links for a Base URL:
 * - with a status answer: at `server_address` (an http(s) URL; plain http on a public host only
 *   when the gateway is http too), else RutaAPI's dashboard for
 *   RutaAPI's hosts, else the gateway's own origin (new-api serves its front-end there); paths by
 *   `theme` (`classic`, the server's built-in default, when it says none);
 * - without one (`null` or not asked, `undefined`): RutaAPI's dashboard with the classic paths for
 *   RutaAPI's hosts (what RutaAPI's public sign-up links match), and no links for any other gateway.
 */
export function dashboardLinks(baseUrl: string, status: GatewayStatus | null | undefined): DashboardLinks | null {
  const host = hostOf(baseUrl);
  if (!host) return null;
  const rutaapi = isRutaapiHost(host);
  let origin: string;
  let theme: DashboardTheme | null = null;
  if (status) {
    theme = status.theme;
    const own = rutaapi ? RUTAAPI_DASHBOARD_URL : new URL(baseUrl).origin;
    origin = status.serverAddress && !plainHttpInstead(status.serverAddress, baseUrl) ? status.serverAddress : own;
  } else if (rutaapi) {
    origin = RUTAAPI_DASHBOARD_URL;
  } else {
    return null;
  }
  const paths = DASHBOARD_PATHS[theme ?? 'classic'];
  return { theme, keys: `${origin}${paths.keys}`, topUp: `${origin}${paths.topUp}`, usage: `${origin}${paths.usage}` };
}
