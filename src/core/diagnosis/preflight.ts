/**
 * Before any request: findings that mean the request cannot work, or must not be sent, become a
 * diagnosis without touching the network. A wrong Base URL or key is cheaper to explain than to
 * send, and some Base URLs must never see the key at all.
 */
import { t } from '../l10n';
import { RUTAAPI_BASE_URL } from '../constants';
import type { BaseUrlAnalysis, Diagnosis, Fix, KeyAnalysis } from '../types';
import { fixes, makeDiagnosis, resolveDashboard } from './builders';
import type { DashboardLinks } from '../gatewayAccount/types';

/** Base URL error findings that mean the key would go somewhere it must not: unsafe_base_url. */
const UNSAFE_FINDINGS: ReadonlySet<string> = new Set(['idn_host', 'userinfo_host']);

interface PreflightOptions {
  allowInsecureHttp?: boolean;
  chatOnly?: boolean;
  model?: string;
  /** Links for the dashboard fixes; default: RutaAPI's known pages for RutaAPI's hosts (and an unusable Base URL), none for other gateways. */
  dashboard?: DashboardLinks | null;
}

/**
 * Findings that mean the request cannot possibly work (or must not be sent) become a diagnosis
 * without any network request. Returns undefined when verification may go ahead.
 */
export function diagnosePreflight(base: BaseUrlAnalysis, key: KeyAnalysis, options: PreflightOptions = {}): Diagnosis | undefined {
  const d = preflightDiagnosis(base, key, options);
  return d && resolveDashboard(d, options.dashboard, base.normalized ?? RUTAAPI_BASE_URL);
}

/** What every pre-flight check reads. */
interface Preflight {
  base: BaseUrlAnalysis;
  key: KeyAnalysis;
  options: PreflightOptions;
  find(code: string): Finding | undefined;
}

type Finding = BaseUrlAnalysis['findings'][number];
type Check = (p: Preflight) => Diagnosis | undefined;

/** The checks, in order: the first that finds something is the diagnosis. */
const CHECKS: readonly Check[] = [
  websiteUrl,
  dashboardUrl,
  unreadableBaseUrl,
  notHttp,
  unsafeBaseUrl,
  unusableKey,
  insecureHttp,
  otherBaseUrlError,
  keyErrors,
  missingModel,
];

function preflightDiagnosis(base: BaseUrlAnalysis, key: KeyAnalysis, options: PreflightOptions): Diagnosis | undefined {
  const p: Preflight = { base, key, options, find: (code) => base.findings.find((f) => f.code === code) };
  for (const check of CHECKS) {
    const d = check(p);
    if (d) return d;
  }
  return undefined;
}

function websiteUrl({ base, find }: Preflight): Diagnosis | undefined {
  const marketing = find('marketing_site');
  if (!marketing) return undefined;
  const url = marketing.suggestedUrl ?? RUTAAPI_BASE_URL;
  return makeDiagnosis(
    'marketing_site',
    t('This is the RutaAPI website, not the API'),
    t('{0} is the marketing site. Requests to it cannot work, so none was sent. Use the API Base URL {1}.', base.input.trim(), url),
    [fixes.useUrl(url)],
    {},
    t('Website URL'),
  );
}

function dashboardUrl({ base, find }: Preflight): Diagnosis | undefined {
  const dashboard = find('dashboard_url');
  if (!dashboard) return undefined;
  const url = dashboard.suggestedUrl ?? RUTAAPI_BASE_URL;
  return makeDiagnosis(
    'dashboard_url',
    t('This is the RutaAPI dashboard, not the API'),
    t(
      '{0} is the dashboard, where you create keys (Tokens) and buy credits (Billing). Requests to it cannot work, so none was sent. Use the API Base URL {1}.',
      base.input.trim(),
      url,
    ),
    [fixes.useUrl(url), fixes.openTokens()],
    {},
    t('Dashboard URL'),
  );
}

function unreadableBaseUrl({ base, find }: Preflight): Diagnosis | undefined {
  if (base.normalized !== null) return undefined;
  const empty = find('empty');
  const first = base.findings.find((f) => f.severity === 'error');
  const suggested = base.findings.find((f) => f.suggestedUrl)?.suggestedUrl;
  return makeDiagnosis(
    'invalid_base_url',
    empty ? t('Enter a Base URL') : t('The Base URL is not a usable URL'),
    empty
      ? t("The Base URL is empty. RutaAPI's Base URL is {0}.", RUTAAPI_BASE_URL)
      : (first?.message ?? t('The Base URL could not be read as an http(s) URL.')) +
          ' ' +
          t("No request was sent. RutaAPI's Base URL is {0}.", RUTAAPI_BASE_URL),
    [fixes.useUrl(suggested ?? RUTAAPI_BASE_URL), fixes.editBaseUrl()],
    {},
    t('Base URL'),
  );
}

/** Defence in depth: only http(s) ever reaches the client. */
function notHttp({ base }: Preflight): Diagnosis | undefined {
  try {
    const u = new URL(base.normalized as string);
    if (u.protocol === 'https:' || u.protocol === 'http:') return undefined;
  } catch {
    // not a URL at all: the same diagnosis
  }
  return makeDiagnosis(
    'invalid_base_url',
    t('The Base URL is not a usable URL'),
    t("The Base URL could not be read as an http(s) URL. No request was sent. RutaAPI's Base URL is {0}.", RUTAAPI_BASE_URL),
    [fixes.useUrl(RUTAAPI_BASE_URL), fixes.editBaseUrl()],
    {},
    t('Base URL'),
  );
}

/**
 * An error finding that warns the user not to send the key there: stop, whatever else is set
 * (allowInsecureHttp and asEntered included). The finding's own sentence is the explanation.
 */
function unsafeBaseUrl({ base }: Preflight): Diagnosis | undefined {
  const unsafe = base.findings.find((f) => f.severity === 'error' && UNSAFE_FINDINGS.has(f.code));
  if (!unsafe) return undefined;
  const url = unsafe.suggestedUrl ?? RUTAAPI_BASE_URL;
  return makeDiagnosis(
    'unsafe_base_url',
    t('Do not send your key to this Base URL'),
    unsafe.message + ' ' + t('No request was sent.'),
    [fixes.useUrl(url), fixes.editBaseUrl()],
    {},
    t('Unsafe URL'),
  );
}

/** No key at all, or text that cannot be one. */
function unusableKey({ key }: Preflight): Diagnosis | undefined {
  if (key.cleaned !== null) return undefined;
  const empty = key.findings.some((f) => f.code === 'empty');
  if (empty) {
    return makeDiagnosis(
      'missing_key',
      t('Enter your API key'),
      t('No API key was entered. Create a key in the RutaAPI dashboard (Tokens); it is shown only once, so copy it right away.'),
      [fixes.openTokens(), fixes.editKey()],
      {},
      t('No key'),
    );
  }
  const reasons = key.findings.filter((f) => f.severity === 'error').map((f) => f.message);
  return makeDiagnosis(
    'invalid_key_format',
    t('This is not an API key'),
    (reasons.length > 0 ? reasons.join(' ') : t('The text entered cannot be an API key.')) +
      ' ' +
      t('No request was sent. Copy the key again from the RutaAPI dashboard (Tokens).'),
    [fixes.editKey(), fixes.openTokens()],
    {},
    t('Key format'),
  );
}

function insecureHttp({ base, find, options }: Preflight): Diagnosis | undefined {
  const insecure = find('insecure_http');
  if (!insecure || options.allowInsecureHttp) return undefined;
  const fixList: Fix[] = [];
  if (insecure.suggestedUrl) fixList.push(fixes.useUrl(insecure.suggestedUrl));
  fixList.push(fixes.confirmInsecure());
  return makeDiagnosis(
    'insecure_http',
    t('The Base URL is not encrypted (http://)'),
    t(
      '{0} uses http://, which would send your API key unencrypted over the network. No request was sent. Use https://, or confirm that you want to send the key over http:// anyway.',
      base.normalized as string,
    ),
    fixList,
    { url: base.normalized as string },
    t('http://'),
  );
}

/** Every other error finding stops too: an error means "this must not be sent as it is". */
function otherBaseUrlError({ base }: Preflight): Diagnosis | undefined {
  const otherBase = base.findings.find((f) => f.severity === 'error' && f.code !== 'insecure_http');
  if (!otherBase) return undefined;
  const suggested = base.findings.find((f) => f.suggestedUrl)?.suggestedUrl;
  const fixList: Fix[] = [];
  if (suggested) fixList.push(fixes.useUrl(suggested));
  fixList.push(fixes.editBaseUrl());
  return makeDiagnosis(
    'invalid_base_url',
    t('The Base URL is not a usable URL'),
    otherBase.message + ' ' + t('No request was sent.'),
    fixList,
    {},
    t('Base URL'),
  );
}

function keyErrors({ key }: Preflight): Diagnosis | undefined {
  const errors = key.findings.filter((f) => f.severity === 'error');
  if (errors.length === 0) return undefined;
  return makeDiagnosis(
    'invalid_key_format',
    t('This is not an API key'),
    errors.map((f) => f.message).join(' ') + ' ' + t('No request was sent. Copy the key again from the RutaAPI dashboard (Tokens).'),
    [fixes.editKey(), fixes.openTokens()],
    {},
    t('Key format'),
  );
}

function missingModel({ options }: Preflight): Diagnosis | undefined {
  if (!options.chatOnly || options.model) return undefined;
  return makeDiagnosis(
    'missing_model',
    t('Choose a model'),
    t('No model was chosen for the test request. Pick one of the ids returned by /v1/models; do not guess model names.'),
    [fixes.pickModel()],
    {},
    t('No model'),
  );
}
