/**
 * new-api's OpenAI-style billing endpoints, readable with the key (180 requests per 180 s per IP,
 * so fit for routine refreshes): `/v1/dashboard/billing/subscription` (`hard_limit_usd` = what the
 * key was granted, remaining + used, in display units; 100000000 for an unlimited key;
 * `access_until` = expiry) and `/v1/dashboard/billing/usage` (`total_usage` = used × 100). They
 * answer errors as HTTP 200 with `{"error":{…}}`. No key name and no model limits here. A figure
 * that is not finite, negative or absurd (`saneAmount`) is null: the product says "unknown".
 */
import type { AccountFigures, DisplayUnit } from './types';
import { expiryIso } from './tokenUsage';
import { UNLIMITED_AMOUNT, billingToDisplay, saneAmount } from './units';

interface BillingSubscription {
  /** `hard_limit_usd` (or `soft_limit_usd`), in the billing unit. */
  limit: number;
  /** Unix seconds, 0 = never. */
  accessUntil: number;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function parseSubscription(json: unknown): BillingSubscription | undefined {
  if (!json || typeof json !== 'object' || 'error' in (json as object)) return undefined;
  const j = json as Record<string, unknown>;
  const limit = num(j.hard_limit_usd) ?? num(j.soft_limit_usd) ?? num(j.system_hard_limit_usd);
  if (limit === undefined) return undefined;
  return { limit, accessUntil: Math.max(0, num(j.access_until) ?? 0) };
}

/** `total_usage` (hundredths of the billing unit), or undefined. */
export function parseUsage(json: unknown): number | undefined {
  if (!json || typeof json !== 'object' || 'error' in (json as object)) return undefined;
  const total = num((json as Record<string, unknown>).total_usage);
  return total === undefined ? undefined : total / 100;
}

/** The key's figures from the billing endpoints; `used` undefined when /usage did not answer. */
export function figuresFromBilling(
  sub: BillingSubscription,
  used: number | undefined,
  display: DisplayUnit,
  readAt?: number,
): AccountFigures {
  const unlimited = sub.limit >= UNLIMITED_AMOUNT;
  // Each figure sane or null ("unknown"); what is left only from a known grant and a known use.
  const usedShown = used === undefined ? null : saneAmount(billingToDisplay(used, display));
  const granted = unlimited ? null : saneAmount(billingToDisplay(sub.limit, display));
  const available =
    granted === null || usedShown === null ? null : saneAmount(billingToDisplay(Math.max(0, sub.limit - (used ?? 0)), display));
  return {
    keyName: null,
    unlimited,
    granted,
    used: usedShown,
    available,
    unit: display.unit,
    expiresAt: expiryIso(sub.accessUntil),
    models: null,
    ...(readAt !== undefined ? { readAt } : {}),
  };
}
