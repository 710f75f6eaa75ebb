import { t } from '../l10n';

/**
 * An amount in the site's display unit, as every surface words it (the editor's status bar, Show
 * Account and the panel, and the terminal doctor): whole tokens, or a currency with 2 decimals
 * (2 significant digits for an amount under 0.01, so a nearly spent key does not read 0.00); '?'
 * for a figure that is not a number.
 */
export function formatAmount(value: number, unit: string): string {
  if (!Number.isFinite(value)) return '?';
  if (unit.toUpperCase() === 'TOKENS') return t('{0} tokens', Math.round(value).toLocaleString('en-US'));
  const abs = Math.abs(value);
  const text = abs > 0 && abs < 0.01 ? String(Number(value.toPrecision(2))) : (Math.round(value * 100) / 100).toFixed(2);
  return `${text} ${unit}`;
}
