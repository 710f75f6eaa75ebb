import type { AccountView, DashboardView } from '../../protocol/messages';
import type { AccountSnapshot } from './accountState';
import { accountLines, isLowBalance, type FigureFormat } from './figures';
import { pageUrl, type KnownDashboard } from './links';

/**
 * What the setup panel gets about the saved key's figures and the gateway's dashboard. Pure and
 * stateless (copied into panel.js). The wording is done here, in the host, with t(); the webview
 * shows it as text.
 */
export function accountView(
  snap: AccountSnapshot | undefined,
  links: KnownDashboard,
  lowBalancePercent: number,
  f: FigureFormat = {},
): AccountView | null {
  const a = snap?.read.account;
  if (!snap || !a) return null;
  // 'label': single line, no controls or bidi from the gateway (the panel shows it as text).
  const [summary, ...lines] = accountLines(a, 'label', f);
  return {
    summary,
    lines: lines.slice(0, 8),
    unlimited: a.unlimited,
    low: isLowBalance(a, lowBalancePercent),
    available: finite(a.available),
    granted: finite(a.granted),
    used: finite(a.used),
    unit: a.unit.slice(0, 32),
    expiresAt: a.expiresAt ? a.expiresAt.slice(0, 64) : null,
    readAt: snap.readAt,
    topUp: pageUrl(links, 'topUp', snap.baseUrl) ?? null,
  };
}

/** The dashboard pages for the panel's links; null when the gateway has none; undefined when unknown. */
export function dashboardView(links: KnownDashboard, baseUrl: string): DashboardView | null | undefined {
  if (links === null) return null;
  const keys = pageUrl(links, 'keys', baseUrl) ?? null;
  const topUp = pageUrl(links, 'topUp', baseUrl) ?? null;
  const usage = pageUrl(links, 'usage', baseUrl) ?? null;
  if (links === undefined && keys === null) return undefined;
  return { keys, topUp, usage };
}

/** Every URL in a dashboard or account view (what the panel may ask the host to open). */
export function urlsOf(...views: Array<DashboardView | AccountView | null | undefined>): string[] {
  const out: string[] = [];
  for (const v of views) {
    if (!v) continue;
    if ('keys' in v) out.push(...[v.keys, v.topUp, v.usage].filter((u): u is string => !!u));
    else if (v.topUp) out.push(v.topUp);
  }
  return out;
}

function finite(n: number | null): number | null {
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}
