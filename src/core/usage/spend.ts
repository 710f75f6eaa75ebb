/**
 * What a key spent today and in the last 7 days, from its kept history (newest first): the status
 * bar's figure. Walks only the last 7 days' entries, so a 200,000-row history costs nothing.
 */
import type { DisplayUnit } from '../gatewayAccount/types';
import { quotaToDisplay } from '../gatewayAccount/units';
import { localDay } from './aggregate';
import { LOG_TYPE, type UsageEntry } from './types';

export interface SpendFigures {
  /** In the display unit, net of refunds. */
  today: number;
  last7: number;
}

export function recentSpend(
  newestFirst: readonly UsageEntry[],
  display: DisplayUnit,
  nowS: number,
  dayOf: (s: number) => string = localDay,
): SpendFigures {
  const today = dayOf(nowS);
  let day = 0;
  let week = 0;
  for (const e of newestFirst) {
    if (nowS - e.time >= 7 * 86_400) break;
    const sign = e.type === LOG_TYPE.consume ? 1 : e.type === LOG_TYPE.refund ? -1 : 0;
    if (sign === 0) continue;
    week += sign * e.quota;
    if (dayOf(e.time) === today) day += sign * e.quota;
  }
  return { today: quotaToDisplay(day, display), last7: quotaToDisplay(week, display) };
}
