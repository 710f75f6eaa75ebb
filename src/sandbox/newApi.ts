/**
 * The sandbox as a faithful new-api (RutaAPI's gateway, ../shared/gateway/NEW-API-FACTS.md): the
 * new-api scenarios' key records, error bodies (`new_api_error`, ` (request id: …)` suffix),
 * Chinese messages unless `Accept-Language: en`, `GET /api/status` (theme switchable),
 * `GET /api/usage/token/` (read-only auth, 20 requests per 20 minutes per IP, then 429 with an
 * empty body) and `/v1/dashboard/billing/subscription` + `/usage`. Node built-ins only.
 */
import type * as http from 'node:http';
import { randomBytes } from 'node:crypto';
import { KIND_MODELS, NEW_API_SCENARIOS, SANDBOX_MODELS, type NewApiScenario, type SandboxScenario } from './models';

export type SandboxTheme = 'default' | 'classic' | 'none';
export type SandboxDisplayType = 'USD' | 'CNY' | 'TOKENS' | 'CUSTOM';

export function isNewApiScenario(scenario: SandboxScenario | undefined): scenario is NewApiScenario & SandboxScenario {
  return !!scenario && (NEW_API_SCENARIOS as readonly string[]).includes(scenario);
}

const QUOTA_PER_UNIT = 500_000;
/** `usd_exchange_rate` the sandbox reports (CNY display). */
const SANDBOX_USD_EXCHANGE_RATE = 7.3;
/** `custom_currency_exchange_rate` and symbol (CUSTOM display). */
const SANDBOX_CUSTOM_RATE = 2;
const SANDBOX_CUSTOM_SYMBOL = '¤';
/** `modellimit`: the models the key is limited to. */
const LIMITED_MODELS: readonly string[] = ['gpt-4o-mini', 'deepseek-chat'];
/** `nochannel`: the listed model without a route. */
export const NO_CHANNEL_MODEL = 'claude-3-5-sonnet-20241022';
const TOKEN_USAGE_LIMIT = 20;
export const TOKEN_USAGE_WINDOW_MS = 20 * 60 * 1000;
/** 2030-01-01T00:00:00Z, `limited`'s expiry. */
const LIMITED_EXPIRES_AT = 1_893_456_000;
/** 2024-01-01T00:00:00Z, `expired`'s expiry. */
const EXPIRED_AT = 1_704_067_200;

/** A key's record, in raw quota units (QUOTA_PER_UNIT per USD). */
interface KeyRecord {
  name: string;
  unlimited: boolean;
  remain: number;
  used: number;
  /** Unix seconds, 0 = never. */
  expiresAt: number;
  modelLimits: readonly string[] | null;
}

/** The record behind each known sandbox key (the old scenarios: an unlimited key, nothing used). */
export function keyRecord(scenario: SandboxScenario): KeyRecord {
  const base: KeyRecord = { name: `sandbox-${scenario}`, unlimited: true, remain: 0, used: 0, expiresAt: 0, modelLimits: null };
  switch (scenario) {
    case 'unlimited':
      return { ...base, used: 1_605_000 };
    case 'limited':
      return { ...base, unlimited: false, remain: 6_250_000, used: 3_750_000, expiresAt: LIMITED_EXPIRES_AT };
    case 'exhausted':
      return { ...base, unlimited: false, remain: 0, used: 5_000_000 };
    case 'expired':
      return { ...base, unlimited: false, remain: 2_500_000, used: 500_000, expiresAt: EXPIRED_AT };
    case 'disabled':
      return { ...base, unlimited: false, remain: 2_500_000, used: 0 };
    case 'keylimit':
      return { ...base, unlimited: false, remain: 1_200, used: 998_800 };
    case 'modellimit':
      return { ...base, modelLimits: LIMITED_MODELS };
    default:
      return base;
  }
}

/** Keys the API refuses with 401 `Invalid token` (new-api folds these into one answer). */
export function refusedByApi(scenario: SandboxScenario | undefined): boolean {
  return scenario === 'exhausted' || scenario === 'expired' || scenario === 'disabled' || scenario === 'invalid';
}

/** new-api's request id: time digits and random hex. */
export function newApiRequestId(): string {
  return `${new Date().toISOString().replace(/\D/g, '').slice(0, 17)}${randomBytes(4).toString('hex')}`;
}

/** `Accept-Language: en…` selects English; anything else (or nothing) gets new-api's Chinese. */
export function wantsEnglish(req: http.IncomingMessage): boolean {
  const header = String(req.headers['accept-language'] ?? '')
    .trim()
    .toLowerCase();
  return /^en\b/.test(header);
}

/** new-api's error body: the message ends with the request id; `type` is `new_api_error`. */
export function newApiErrorBody(message: string, code: string, requestId: string): string {
  return JSON.stringify({ error: { message: `${message} (request id: ${requestId})`, type: 'new_api_error', param: '', code } });
}

export const MESSAGES = {
  invalidToken: (en: boolean) => (en ? 'Invalid token' : '无效的令牌'),
  noAccessToModel: (en: boolean, model: string) => (en ? `This token has no access to model ${model}` : `该令牌无权访问模型 ${model}`),
  noChannel: (en: boolean, model: string, group: string) =>
    en
      ? `No available channel for model ${model} under group ${group} (distributor)`
      : `分组 ${group} 下模型 ${model} 无可用渠道（distributor）`,
  /** Hard-coded Chinese in new-api (service/pre_consume_quota.go), whatever the language. */
  walletEmpty: () => '用户额度不足, 剩余额度: ＄0.000000',
  /** service/quota.go: English only. */
  keyQuota: (remain: number, need: number) => `token quota is not enough, token remain quota: ${remain}, need quota: ${need}`,
};

interface StatusSettings {
  theme: SandboxTheme;
  /** `server_address`; default the sandbox's own origin. */
  serverAddress: string;
  displayType: SandboxDisplayType;
}

/** `GET /api/status`'s body (a subset of new-api's, with its field names). */
export function statusBody(s: StatusSettings): string {
  return JSON.stringify({
    success: true,
    message: '',
    data: {
      version: 'v0.9.0-sandbox',
      system_name: 'RutaAPI Sandbox',
      server_address: s.serverAddress,
      theme: s.theme === 'none' ? 'classic' : s.theme,
      quota_per_unit: QUOTA_PER_UNIT,
      display_in_currency: s.displayType !== 'TOKENS',
      quota_display_type: s.displayType,
      usd_exchange_rate: SANDBOX_USD_EXCHANGE_RATE,
      custom_currency_symbol: SANDBOX_CUSTOM_SYMBOL,
      custom_currency_exchange_rate: SANDBOX_CUSTOM_RATE,
      docs_link: '',
      top_up_link: '',
    },
  });
}

/** Raw quota in the billing endpoints' unit (controller/billing.go: CUSTOM falls to USD). */
function billingAmount(raw: number, display: SandboxDisplayType): number {
  if (display === 'TOKENS') return raw;
  if (display === 'CNY') return (raw / QUOTA_PER_UNIT) * SANDBOX_USD_EXCHANGE_RATE;
  return raw / QUOTA_PER_UNIT;
}

export function subscriptionBody(record: KeyRecord, display: SandboxDisplayType): string {
  const amount = record.unlimited ? 100_000_000 : billingAmount(record.remain + record.used, display);
  return JSON.stringify({
    object: 'billing_subscription',
    has_payment_method: true,
    soft_limit_usd: amount,
    hard_limit_usd: amount,
    system_hard_limit_usd: amount,
    access_until: record.expiresAt,
  });
}

export function usageBody(record: KeyRecord, display: SandboxDisplayType): string {
  return JSON.stringify({ object: 'list', total_usage: billingAmount(record.used, display) * 100 });
}

export function tokenUsageBody(record: KeyRecord): string {
  return JSON.stringify({
    code: true,
    message: 'ok',
    data: {
      object: 'token_usage',
      name: record.name,
      total_granted: record.remain + record.used,
      total_used: record.used,
      total_available: record.remain,
      unlimited_quota: record.unlimited,
      model_limits: Object.fromEntries((record.modelLimits ?? []).map((m) => [m, true])),
      model_limits_enabled: record.modelLimits !== null,
      expires_at: record.expiresAt,
    },
  });
}

/** new-api's CriticalRateLimit: at most `limit` requests per `windowMs`, counted on arrival. */
export class WindowLimiter {
  private readonly hits: number[] = [];
  constructor(
    private readonly now: () => number,
    private readonly limit = TOKEN_USAGE_LIMIT,
    private readonly windowMs = TOKEN_USAGE_WINDOW_MS,
  ) {}

  /** True when this request may go ahead. */
  take(): boolean {
    const t = this.now();
    while (this.hits.length > 0 && this.hits[0] <= t - this.windowMs) this.hits.shift();
    if (this.hits.length >= this.limit) return false;
    this.hits.push(t);
    return true;
  }
}

/** The models a new-api scenario's key sees on GET /v1/models. */
const ALL_KINDS: readonly string[] = [...SANDBOX_MODELS, ...KIND_MODELS];

export function newApiModels(scenario: NewApiScenario): readonly string[] {
  if (scenario === 'kinds') return ALL_KINDS;
  return scenario === 'modellimit' ? LIMITED_MODELS : SANDBOX_MODELS;
}
