import { RUTAAPI_DASHBOARD_URL } from '../../core/constants';
import type { DashboardLinks } from '../../core/gatewayAccount/types';
import { isRutaapiHost } from '../../core/hostLookalike';
import type { VerificationResult } from '../../core/types';

/**
 * Dashboard pages, as the engine discovered them for the gateway (`VerificationResult.dashboard`,
 * `AccountRead.dashboard`, the `value` of an `open_tokens`/`open_billing` fix). The host never
 * makes up a page path: `/tokens` and `/billing` do not exist on new-api (RutaAPI's gateway).
 *
 * - `DashboardLinks`: the gateway's pages;
 * - `null`: the gateway has none the engine knows of: no dashboard link is offered;
 * - `undefined`: nothing known yet (no successful check): every page falls back to RutaAPI's own
 *   dashboard home, and only when the Base URL is RutaAPI's.
 */
export type KnownDashboard = DashboardLinks | null | undefined;

/** The page a command, a walkthrough link or the panel asks for. */
export type DashboardPage = 'keys' | 'topUp' | 'usage' | 'home';

const MAX_URL_CHARS = 2048;

/** `text` when it is an absolute http(s) URL without user info (and not absurdly long), else undefined. */
export function safeHttpUrl(text: unknown): string | undefined {
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_URL_CHARS) return undefined;
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  if (u.username || u.password) return undefined;
  return u.href;
}

/** The dashboard links a result carries (a field the engine adds; absent in older engines). */
export function dashboardOf(result: VerificationResult | undefined): KnownDashboard {
  if (!result) return undefined;
  const d = (result as VerificationResult & { dashboard?: DashboardLinks | null }).dashboard;
  if (d === null) return null;
  return isLinks(d) ? d : undefined;
}

function isLinks(d: unknown): d is DashboardLinks {
  if (!d || typeof d !== 'object') return false;
  const l = d as Record<string, unknown>;
  return typeof l.keys === 'string' && typeof l.topUp === 'string' && typeof l.usage === 'string';
}

/** The URL of `page`, validated; undefined when there is none. */
export function pageUrl(links: KnownDashboard, page: DashboardPage, baseUrl?: string): string | undefined {
  if (links === null) return undefined;
  // Nothing known yet: RutaAPI's dashboard home (its front page links to every page), never a guessed path.
  if (links === undefined) return isRutaapiBase(baseUrl) ? RUTAAPI_DASHBOARD_URL : undefined;
  if (page === 'home') {
    const keys = safeHttpUrl(links.keys);
    return keys ? `${new URL(keys).origin}/` : undefined;
  }
  return safeHttpUrl(links[page]);
}

/** Whether the Base URL is RutaAPI's own (or unset, which means RutaAPI's default). */
function isRutaapiBase(baseUrl: string | undefined): boolean {
  if (!baseUrl) return true;
  try {
    return isRutaapiHost(new URL(baseUrl).hostname);
  } catch {
    return false;
  }
}

/** The panel's and the commands' old page names (walkthrough links pass them as arguments). */
export function pageOfTarget(target: string): DashboardPage | undefined {
  switch (target) {
    case 'tokens':
    case 'keys':
      return 'keys';
    case 'billing':
    case 'topUp':
      return 'topUp';
    case 'usage':
      return 'usage';
    case 'dashboard':
    case 'support':
      return 'home';
    default:
      return undefined;
  }
}

/** The page a diagnosis fix opens. */
export function pageOfFix(kind: string): DashboardPage | undefined {
  return kind === 'open_tokens' ? 'keys' : kind === 'open_billing' ? 'topUp' : kind === 'open_dashboard' ? 'home' : undefined;
}
