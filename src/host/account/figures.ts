import { t } from '../../core/l10n';
import { formatAmount } from '../../core/gatewayAccount/amount';
import type { AccountFigures } from '../../core/gatewayAccount/types';
import { tShown, type Surface } from '../shared/shown';

/**
 * The key's figures as text, for every surface (status bar tooltip, Show Account, the panel). Pure.
 * The unit, the key name, the model ids and the expiry come from the gateway: they reach a surface
 * only as `tShown(surface, …)` arguments.
 */

/** The share of a limited key's grant that is left, 0–100, or undefined when it cannot be told. */
export function percentLeft(a: AccountFigures): number | undefined {
  if (a.unlimited || a.available === null || a.granted === null || !(a.granted > 0)) return undefined;
  return Math.max(0, Math.min(100, (a.available / a.granted) * 100));
}

/** A limited key under `thresholdPercent` of its grant (0 turns the warning off), or spent. */
export function isLowBalance(a: AccountFigures | null | undefined, thresholdPercent: number): boolean {
  if (!a || a.unlimited || thresholdPercent <= 0) return false;
  if (a.available !== null && a.available <= 0) return true;
  const p = percentLeft(a);
  return p !== undefined && p < thresholdPercent;
}

export interface FigureFormat {
  /** An ISO date as the person reads it. */
  formatDate?: (iso: string) => string;
  now?: number;
}

const defaultDate = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString();
};

/** One line: what the key has left (limited) or has used (unlimited). */
export function balanceLine(a: AccountFigures, surface: Surface): string {
  if (a.unlimited) return a.used === null ? t('Unlimited key') : tShown(surface, 'Unlimited key · {0} used', formatAmount(a.used, a.unit));
  if (a.available === null)
    return a.used === null ? t('Limited key · balance unknown') : tShown(surface, 'Limited key · {0} used', formatAmount(a.used, a.unit));
  const p = percentLeft(a);
  if (a.granted === null || p === undefined) return tShown(surface, '{0} left', formatAmount(a.available, a.unit));
  return tShown(surface, '{0} left of {1} ({2} %)', formatAmount(a.available, a.unit), formatAmount(a.granted, a.unit), Math.floor(p));
}

/** Every line about the key, the balance first. */
export function accountLines(a: AccountFigures, surface: Surface, f: FigureFormat = {}): string[] {
  const lines = [balanceLine(a, surface)];
  if (!a.unlimited && a.available !== null && a.used !== null) lines.push(tShown(surface, 'Used: {0}', formatAmount(a.used, a.unit)));
  if (a.expiresAt) {
    const at = Date.parse(a.expiresAt);
    const date = (f.formatDate ?? defaultDate)(a.expiresAt);
    lines.push(
      Number.isFinite(at) && at <= (f.now ?? Date.now())
        ? tShown(surface, 'Expired on {0}', date)
        : tShown(surface, 'Expires on {0}', date),
    );
  }
  if (a.keyName) lines.push(tShown(surface, 'Key name: {0}', a.keyName));
  if (a.models && a.models.length) {
    const shownIds = a.models.slice(0, 5).join(', ');
    lines.push(
      a.models.length > 5
        ? tShown(surface, 'Only these models: {0} and {1} more', shownIds, a.models.length - 5)
        : tShown(surface, 'Only these models: {0}', shownIds),
    );
  }
  return lines;
}
