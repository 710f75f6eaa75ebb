/**
 * new-api's `GET {origin}/api/usage/token/`: the key's own record, readable with the key even when
 * the key is exhausted, expired or disabled (read-only auth), which the API itself folds into one
 * 401 `Invalid token`. Rate-limited to ~20 requests per 20 minutes per IP: read at most once per
 * failed check, never on success, never in a loop. Amounts are raw quota units.
 */
import { inertText } from '../inertText';
import type { AccountFigures, DisplayUnit } from './types';
import { quotaToDisplay, saneAmount } from './units';

export interface TokenUsage {
  name: string | null;
  unlimited: boolean;
  /** Raw quota units. */
  granted: number;
  used: number;
  available: number;
  /** Unix seconds; 0 = never. */
  expiresAt: number;
  /** Models the key is limited to (`model_limits` when `model_limits_enabled`), or null. */
  models: string[] | null;
  /** `status` when a gateway reports it (1 enabled, 2 disabled, 3 expired, 4 exhausted); stock new-api does not. */
  status?: number;
}

export type KeyState = 'exhausted' | 'expired' | 'disabled';

const MAX_MODELS = 1000;
const MAX_MODEL_ID_CHARS = 200;

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The `data` of a `{"code":true,"data":{"object":"token_usage",…}}` answer, or undefined. */
export function parseTokenUsage(json: unknown): TokenUsage | undefined {
  if (!json || typeof json !== 'object') return undefined;
  const root = json as { code?: unknown; success?: unknown; data?: unknown };
  if (root.code !== true && root.success !== true) return undefined;
  const d = root.data as Record<string, unknown> | undefined;
  if (!d || typeof d !== 'object' || Array.isArray(d)) return undefined;
  const granted = num(d.total_granted);
  const used = num(d.total_used);
  const available = num(d.total_available);
  if (granted === undefined && used === undefined && available === undefined) return undefined;
  let models: string[] | null = null;
  if (d.model_limits_enabled === true) {
    const limits = d.model_limits;
    const ids = Array.isArray(limits)
      ? limits.filter((m): m is string => typeof m === 'string')
      : limits && typeof limits === 'object'
        ? Object.entries(limits as Record<string, unknown>)
            .filter(([, on]) => on !== false)
            .map(([id]) => id)
        : typeof limits === 'string'
          ? limits.split(',')
          : [];
    // At most 1000 ids of at most 200 characters (no model id is longer): a list, not a payload.
    models = ids
      .map((m) => m.trim())
      .filter((m) => m.length > 0 && m.length <= MAX_MODEL_ID_CHARS)
      .slice(0, MAX_MODELS);
  }
  const status = num(d.status);
  return {
    name: typeof d.name === 'string' && d.name.trim() ? inertText(d.name.trim(), { maxChars: 100 }) : null,
    unlimited: d.unlimited_quota === true,
    granted: granted ?? (available ?? 0) + (used ?? 0),
    used: used ?? 0,
    available: available ?? (granted ?? 0) - (used ?? 0),
    expiresAt: Math.max(0, num(d.expires_at) ?? 0),
    models,
    ...(status !== undefined ? { status } : {}),
  };
}

/**
 * Why a key the gateway knows was refused: its own limit is spent, it expired, or (neither) it was
 * disabled. `now` in ms.
 */
export function keyStateOf(usage: TokenUsage, now: number): KeyState {
  if (usage.status === 4) return 'exhausted';
  if (usage.status === 3) return 'expired';
  if (usage.status === 2) return 'disabled';
  if (usage.expiresAt > 0 && usage.expiresAt * 1000 <= now) return 'expired';
  if (!usage.unlimited && usage.available <= 0) return 'exhausted';
  return 'disabled';
}

export function expiryIso(unixSeconds: number): string | null {
  if (!(unixSeconds > 0)) return null;
  const d = new Date(unixSeconds * 1000);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** The key's figures from its /api/usage/token/ record, in the display unit. */
export function figuresFromTokenUsage(usage: TokenUsage, display: DisplayUnit, readAt?: number): AccountFigures {
  return {
    keyName: usage.name,
    unlimited: usage.unlimited,
    // Each figure sane or null ("unknown"): no Infinity, negative or absurd amount is shown.
    granted: usage.unlimited ? null : saneAmount(quotaToDisplay(usage.granted, display)),
    used: saneAmount(quotaToDisplay(usage.used, display)),
    available: usage.unlimited ? null : saneAmount(quotaToDisplay(Math.max(0, usage.available), display)),
    unit: display.unit,
    expiresAt: expiryIso(usage.expiresAt),
    models: usage.models,
    ...(readAt !== undefined ? { readAt } : {}),
  };
}
