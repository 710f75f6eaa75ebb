/**
 * What the engine hands the diagnosis about an answer, and how its parts are read. Gateways
 * differ in header casing and error-body shape, so every reader accepts the common variants and
 * returns undefined rather than guess.
 */
import { providerForHost } from '../providers';
import { isRutaapiHost } from '../hostLookalike';
import type { Scrubber } from '../scrub';
import type { StepName } from '../types';
import type { DashboardLinks } from '../gatewayAccount/types';

/** Anything with a case-insensitive `get`, or a plain record of header values. */
export type HeadersLike = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

export interface ResponseFacts {
  status: number;
  headers?: HeadersLike;
  /** The body text (or its first bytes). */
  bodyText?: string;
  /** The request URL. */
  url?: string;
}

export interface DiagnosisContext {
  step: StepName;
  /** The Base URL the request used. */
  baseUrl?: string;
  /** The request URL, when not in the facts. */
  url?: string;
  /** The model the chat step asked for. */
  model?: string;
  /** Model ids from step 1, for suggestions. */
  models?: readonly string[];
  /** The cleaned API key: for platform detection and scrubbing, never displayed. */
  apiKey?: string | null;
  scrubber?: Scrubber;
  /** A proxy is configured between us and the gateway. */
  viaProxy?: boolean;
  /** For Retry-After HTTP dates and key expiry (tests). */
  now?: number;
  /**
   * The gateway's dashboard links for the fixes: links, `null` (none: dashboard fixes are left
   * out), undefined (RutaAPI's known pages for RutaAPI's hosts), or `'defer'` (the caller resolves
   * them: verify, which waits for discovery).
   */
  dashboard?: DashboardLinks | null | 'defer';
}

/** The parts of an OpenAI-shaped `{"error":{...}}` body (or other common shapes) we read. */
export interface ErrorBody {
  message?: string;
  type?: string;
  code?: string;
  param?: string;
}

/** A Retry-After longer than this is shown and offered as this: a wait, not a lock-out. */
const MAX_RETRY_AFTER_SECONDS = 3600;

export function headerValue(headers: HeadersLike | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  try {
    if (typeof (headers as { get?: unknown }).get === 'function') {
      const v = (headers as { get(name: string): string | null }).get(name);
      return v ?? undefined;
    }
    const record = headers as Record<string, string | string[] | undefined>;
    const lower = name.toLowerCase();
    for (const key of Object.keys(record)) {
      if (key.toLowerCase() === lower) {
        const v = record[key];
        return Array.isArray(v) ? v.join(', ') : v;
      }
    }
  } catch {
    // fall through
  }
  return undefined;
}

/** Reads `{"error":{"message","type","param","code"}}` and other common error shapes. */
export function readErrorBody(text: string | undefined): ErrorBody {
  if (!text) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {};
  }
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
  if (!json || typeof json !== 'object') return {};
  const root = json as Record<string, unknown>;
  const err = root.error;
  if (err && typeof err === 'object' && !Array.isArray(err)) {
    const e = err as Record<string, unknown>;
    return { message: str(e.message), type: str(e.type), code: str(e.code), param: str(e.param) };
  }
  if (typeof err === 'string') return { message: err, type: str(root.type), code: str(root.code) };
  return {
    message: str(root.message) ?? str(root.detail) ?? str(root.msg),
    type: str(root.type),
    code: str(root.code),
  };
}

/**
 * Retry-After in whole seconds (delta-seconds or an HTTP date), or undefined. Never negative,
 * never more than MAX_RETRY_AFTER_SECONDS (400 digits or a date in the year 9999 would otherwise
 * show "Retry in Infinity s" or lock Verify for centuries), always a finite number.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = String(value).trim();
  if (!v) return undefined;
  let seconds: number;
  if (/^\d+(\.\d+)?$/.test(v)) {
    // Any number of digits: a value too long to be finite is simply "very long".
    seconds = /^0*\d{1,9}(\.\d+)?$/.test(v) ? Math.ceil(Number(v)) : MAX_RETRY_AFTER_SECONDS;
  } else {
    const date = Date.parse(v);
    if (Number.isNaN(date)) return undefined;
    seconds = Math.ceil((date - (Number.isFinite(now) ? now : Date.now())) / 1000);
  }
  if (!Number.isFinite(seconds)) return undefined;
  return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(0, seconds));
}

export function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname.toLowerCase().replace(/^\[|\]$/g, '');
  } catch {
    return undefined;
  }
}

/** The platform a host belongs to, by display name ('RutaAPI', 'OpenAI' …), when known. */
export function platformOfHost(host: string | undefined): string | undefined {
  if (!host) return undefined;
  if (isRutaapiHost(host)) return 'RutaAPI';
  return providerForHost(host);
}

const CREDIT_WORDING =
  /\b(insufficient[_ ]quota|insufficient (balance|funds|credits?)|balance|credits?|quota|billing|top[- ]?up|recharge|payment required)\b/i;

/**
 * new-api's empty wallet in its hard-coded Chinese (service/pre_consume_quota.go). On /v1/messages
 * the relay's error comes in Anthropic's shape without `insufficient_user_quota`, so the wording
 * is all there is. A key's own limit (令牌额度不足) is read before this, as key_quota_too_low.
 */
const CREDIT_WORDING_ZH = /用户额度不足|预扣费额度失败|余额不足/;

/** Gateways answer "no credits" with 401, 403 or 429 as often as with 402: the body decides. */
export function mentionsCredits(body: ErrorBody): boolean {
  if (body.code === 'insufficient_quota' || body.type === 'insufficient_quota') return true;
  if (body.code && /quota|balance|credit|billing/i.test(body.code)) return true;
  return !!body.message && (CREDIT_WORDING.test(body.message) || CREDIT_WORDING_ZH.test(body.message));
}

export function mentionsModel(body: ErrorBody): boolean {
  if (body.code === 'model_not_found' || body.param === 'model') return true;
  return (
    !!body.message &&
    /\bmodel\b.*\b(not found|does not exist|not exist|unknown|invalid|not available|unsupported|no access)\b/i.test(body.message)
  );
}
