/**
 * What the product reads from a new-api gateway (RutaAPI runs one) besides the OpenAI-compatible
 * API: its front-end (dashboard links), the key's own figures and the exact cause of a 401.
 * Everything here is optional: a gateway that is not new-api yields `null`s and the product
 * behaves as for any OpenAI-compatible gateway. Shared by core, host, webview (via protocol) and
 * the doctor's --json (fields are added, never renamed).
 */

/** Which of new-api's two front-ends serves the dashboard (`theme` in `/api/status`). */
export type DashboardTheme = 'default' | 'classic';

/** Dashboard pages for the user's key, top-up and usage logs; absolute URLs. */
export interface DashboardLinks {
  /** null when the gateway said nothing and the links are RutaAPI's known defaults. */
  theme: DashboardTheme | null;
  keys: string;
  topUp: string;
  usage: string;
}

/** How amounts are shown: the site's display unit. */
export interface DisplayUnit {
  /** 'USD' | 'CNY' | 'TOKENS' | a custom symbol. */
  unit: string;
  /** Raw quota units per one display unit (new-api `quota_per_unit`, 500000 by default). */
  quotaPerUnit: number;
  /** Display units per USD, for CNY/CUSTOM (new-api `usd_exchange_rate` / custom rate); 1 for USD. */
  exchangeRate: number;
}

/** The unauthenticated `GET {origin}/api/status` answer, reduced to what the product uses. */
export interface GatewayStatus {
  theme: DashboardTheme | null;
  systemName: string | null;
  /** `server_address` when it is an http(s) URL, else null. */
  serverAddress: string | null;
  display: DisplayUnit;
}

/** The key's own figures (doctor --json `account`). Amounts in `unit`. */
export interface AccountFigures {
  keyName: string | null;
  unlimited: boolean;
  granted: number | null;
  used: number | null;
  available: number | null;
  unit: string;
  /** ISO 8601, or null when the key never expires. */
  expiresAt: string | null;
  /** Models this key is limited to, or null when it is not limited. */
  models: string[] | null;
  /** When the figures were read (ms since epoch); not in the doctor's JSON. */
  readAt?: number;
}

export interface AccountReadOptions {
  /** The saved, verified Base URL; the origin's /api/status, /api/usage/token/ and /v1/dashboard/billing/* are read. */
  baseUrl: string;
  /** Sent only to the Base URL's origin, like every other request. */
  apiKey: string;
  fetch?: typeof globalThis.fetch;
  signal?: AbortSignal;
  timeoutMs?: number;
  /**
   * Also read `/api/usage/token/` (key name, model limits). That endpoint is rate-limited on the
   * gateway (~20 per 20 minutes per IP): not for routine refreshes. Default false: routine reads
   * use `/v1/dashboard/billing/subscription` + `/usage` only.
   */
  includeKeyDetails?: boolean;
}

export interface AccountRead {
  dashboard: DashboardLinks | null;
  account: AccountFigures | null;
  /** The gateway answered 429: the caller backs off. */
  rateLimited: boolean;
}

/** Exported by dist/gateway.js next to `verify`; never throws. */
export type ReadAccount = (options: AccountReadOptions) => Promise<AccountRead>;
