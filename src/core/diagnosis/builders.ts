/**
 * How every diagnosis is put together: its severity follows from its code, and its fixes come
 * from one list, so the panel, the doctor and the status bar offer the same buttons for the same
 * problem.
 */
import { t } from '../l10n';
import type { DashboardLinks } from '../gatewayAccount/types';
import { dashboardLinks } from '../gatewayAccount/discovery';
import type { Diagnosis, DiagnosisCode, Evidence, Fix, Severity } from '../types';
import { shownModel } from './evidence';

function fix(kind: Fix['kind'], label: string, value?: string): Fix {
  return value === undefined ? { kind, label } : { kind, label, value };
}

export const fixes = {
  useUrl: (url: string): Fix => fix('use_url', t('Use {0}', url), url),
  // Dashboard fixes get their URL from the gateway's dashboard links (withDashboard), never a guess.
  openTokens: (label?: string): Fix => fix('open_tokens', label ?? t('Open Tokens in the RutaAPI dashboard')),
  openBilling: (label?: string): Fix => fix('open_billing', label ?? t('Add credits in Billing')),
  openDashboard: (): Fix => fix('open_dashboard', t('Open the RutaAPI dashboard')),
  editKey: (): Fix => fix('edit_key', t('Enter the API key again')),
  editBaseUrl: (): Fix => fix('edit_base_url', t('Edit the Base URL')),
  pickModel: (model?: string): Fix =>
    model ? fix('pick_model', t('Use model {0}', shownModel(model)), model) : fix('pick_model', t('Pick a model returned by /v1/models')),
  retry: (): Fix => fix('retry', t('Try again')),
  retryAfter: (seconds: number): Fix => fix('retry_after', t('Retry in {0} s', seconds), String(seconds)),
  proxySettings: (): Fix => fix('open_proxy_settings', t('Open proxy settings (http.proxy, http.proxyStrictSSL)'), 'http.proxy'),
  contactSupport: (): Fix => fix('contact_support', t('Copy a support report')),
  confirmInsecure: (): Fix => fix('confirm_insecure', t('Send the key over http:// anyway')),
};

const DASHBOARD_FIXES: ReadonlySet<Fix['kind']> = new Set(['open_tokens', 'open_billing', 'open_dashboard']);

/** True when the diagnosis offers a dashboard page (its URL comes from the dashboard links). */
export function needsDashboard(diagnosis: Diagnosis): boolean {
  return diagnosis.fixes.some((f) => DASHBOARD_FIXES.has(f.kind));
}

/**
 * The dashboard fixes with the gateway's pages as `value` (keys, top-up, the dashboard's home);
 * with no dashboard (`null`: a gateway that is not RutaAPI's and has no /api/status) they are left
 * out rather than pointing at RutaAPI's.
 */
export function withDashboard(diagnosis: Diagnosis, links: DashboardLinks | null): Diagnosis {
  if (!needsDashboard(diagnosis)) return diagnosis;
  const fixList: Fix[] = [];
  for (const f of diagnosis.fixes) {
    if (!DASHBOARD_FIXES.has(f.kind)) {
      fixList.push(f);
      continue;
    }
    if (!links) continue;
    const value = f.kind === 'open_tokens' ? links.keys : f.kind === 'open_billing' ? links.topUp : homeOf(links.keys);
    if (value) fixList.push({ kind: f.kind, label: f.label, value });
  }
  return { ...diagnosis, fixes: fixList };
}

/**
 * The dashboard fixes resolved for a diagnosis context: the links it carries, or (none given)
 * RutaAPI's known pages for RutaAPI's hosts and none for other gateways. `'defer'`: left for the
 * caller (verify resolves them with what discovery found).
 */
export function resolveDashboard(
  diagnosis: Diagnosis,
  dashboard: DashboardLinks | null | 'defer' | undefined,
  baseUrl: string | undefined,
): Diagnosis {
  if (dashboard === 'defer') return diagnosis;
  return withDashboard(diagnosis, dashboard !== undefined ? dashboard : dashboardLinks(baseUrl ?? '', undefined));
}

function homeOf(url: string): string | undefined {
  try {
    return `${new URL(url).origin}/`;
  } catch {
    return undefined;
  }
}

const SEVERITY: Partial<Record<DiagnosisCode, Severity>> = {
  ok: 'info',
  cancelled: 'info',
  rate_limited: 'warning',
  upstream_unavailable: 'warning',
  model_unavailable: 'warning',
};

export function makeDiagnosis(
  code: DiagnosisCode,
  title: string,
  detail: string,
  fixList: Fix[],
  evidence: Evidence,
  short: string,
): Diagnosis {
  return { code, severity: SEVERITY[code] ?? 'error', title, detail, fixes: fixList, evidence, short };
}
