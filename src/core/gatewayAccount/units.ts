/**
 * Amounts in the site's display unit, as new-api computes them (controller/billing.go): raw quota
 * units ÷ `quota_per_unit` for USD; × `usd_exchange_rate` for CNY; × the custom rate for CUSTOM;
 * the raw number for TOKENS. The billing endpoints already answer in display units for USD, CNY
 * and TOKENS, but in USD for CUSTOM (their `default` branch), so CUSTOM needs the rate applied.
 */
import type { DisplayUnit } from './types';

/** new-api's `quota_per_unit` default: 500 000 raw units per USD. */
export const DEFAULT_QUOTA_PER_UNIT = 500_000;

/** What an unknown gateway (no /api/status) is assumed to use: USD, new-api's defaults. */
export const USD_DISPLAY: DisplayUnit = { unit: 'USD', quotaPerUnit: DEFAULT_QUOTA_PER_UNIT, exchangeRate: 1 };

/** The subscription's `hard_limit_usd` for an unlimited key. */
export const UNLIMITED_AMOUNT = 100_000_000;

function isTokens(display: DisplayUnit): boolean {
  return display.unit === 'TOKENS';
}

/** Rounds away float noise: whole tokens, or 6 decimals of a currency. */
function roundAmount(value: number, display: DisplayUnit): number {
  if (!Number.isFinite(value)) return 0;
  if (isTokens(display)) return Math.round(value);
  return Math.round(value * 1e6) / 1e6;
}

/** Raw quota units (/api/usage/token/) in the display unit. */
export function quotaToDisplay(raw: number, display: DisplayUnit): number {
  if (isTokens(display)) return roundAmount(raw, display);
  const perUnit = display.quotaPerUnit > 0 ? display.quotaPerUnit : DEFAULT_QUOTA_PER_UNIT;
  return roundAmount((raw / perUnit) * display.exchangeRate, display);
}

/**
 * The most a figure may be, in display units: no key holds a quadrillion dollars, yuan or tokens
 * (new-api's own "unlimited" is 1e8), and up to here `toFixed(2)` still writes plain digits.
 */
const MAX_AMOUNT = 1e15;

/**
 * A figure as the product shows it, or null ("unknown"): a gateway's (or a custom rate's) Infinity,
 * NaN, negative amount or absurd magnitude is never shown as if it were the key's balance.
 */
export function saneAmount(value: number | null | undefined): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_AMOUNT) return null;
  return value === 0 ? 0 : value; // no -0
}

/** An amount from /v1/dashboard/billing/* in the display unit (only CUSTOM differs: it comes in USD). */
export function billingToDisplay(amount: number, display: DisplayUnit): number {
  if (isTokens(display) || display.unit === 'USD' || display.unit === 'CNY') return roundAmount(amount, display);
  return roundAmount(amount * display.exchangeRate, display);
}
