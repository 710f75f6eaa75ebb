/**
 * Turns pre-flight findings, HTTP responses and network errors into one `Diagnosis`: a stable code,
 * a title, a detail sentence, one-click fixes and evidence. It reads the response BODY, not just
 * the status (a 401/403 that says "balance" means no credits, not a bad key). Every string goes
 * through t(); every text taken from the network or an error goes through the Scrubber.
 * Pure TypeScript, no `vscode` import. Never throws.
 */
import { t } from './l10n';
import { looksLikeHtml } from './html';
import { Scrubber } from './scrub';
import { inertText } from './inertText';
import { platformForKey, providerForHost } from './providers';
import { closestModel } from './closestModel';
import {
  RUTAAPI_API_HOST,
  RUTAAPI_BASE_URL,
  RUTAAPI_DASHBOARD_HOST,
  RUTAAPI_DASHBOARD_URL,
  RUTAAPI_BILLING_URL,
  RUTAAPI_MARKETING_HOSTS,
  RUTAAPI_TOKENS_URL,
  MAX_RESPONSE_BYTES,
} from './constants';
import type {
  BaseUrlAnalysis,
  Diagnosis,
  DiagnosisCode,
  Evidence,
  Fix,
  KeyAnalysis,
  Severity,
  StepName,
} from './types';

/** Anything with a case-insensitive `get`, or a plain record of header values. */
export type HeadersLike = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

export interface ResponseFacts {
  status: number;
  headers?: HeadersLike;
  /** The body text (or its first bytes). */
  bodyText?: string;
  /** The request URL. */
  url?: string;
}

export interface DiagnosisContext {
  step: StepName;
  /** The Base URL the request used. */
  baseUrl?: string;
  /** The request URL, when not in the facts. */
  url?: string;
  /** The model the chat step asked for. */
  model?: string;
  /** Model ids from step 1, for suggestions. */
  models?: readonly string[];
  /** The cleaned API key: for platform detection and scrubbing, never displayed. */
  apiKey?: string | null;
  scrubber?: Scrubber;
  /** A proxy is configured between us and the gateway. */
  viaProxy?: boolean;
  /** For Retry-After HTTP dates (tests). */
  now?: number;
}

/** The parts of an OpenAI-shaped `{"error":{...}}` body (or other common shapes) we read. */
export interface ErrorBody {
  message?: string;
  type?: string;
  code?: string;
  param?: string;
}

const MAX_EVIDENCE_TEXT = 300;
/** Short server texts (request id, error code/type, Location, Content-Type). */
const MAX_EVIDENCE_FIELD = 500;
/** A Retry-After longer than this is shown and offered as this: a wait, not a lock-out. */
export const MAX_RETRY_AFTER_SECONDS = 3600;

// ---------------------------------------------------------------------------------------------
// Builders

function fix(kind: Fix['kind'], label: string, value?: string): Fix {
  return value === undefined ? { kind, label } : { kind, label, value };
}

const fixes = {
  useUrl: (url: string): Fix => fix('use_url', t('Use {0}', url), url),
  openTokens: (): Fix => fix('open_tokens', t('Open Tokens in the RutaAPI dashboard'), RUTAAPI_TOKENS_URL),
  openBilling: (): Fix => fix('open_billing', t('Add credits in Billing'), RUTAAPI_BILLING_URL),
  openDashboard: (): Fix => fix('open_dashboard', t('Open the RutaAPI dashboard'), RUTAAPI_DASHBOARD_URL),
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

export { fixes as diagnosisFixes };

const SEVERITY: Partial<Record<DiagnosisCode, Severity>> = {
  ok: 'info',
  cancelled: 'info',
  rate_limited: 'warning',
  upstream_unavailable: 'warning',
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

function scrubberFor(ctx: { scrubber?: Scrubber; apiKey?: string | null }): Scrubber {
  const scrubber = ctx.scrubber ?? new Scrubber();
  if (ctx.apiKey) scrubber.add(ctx.apiKey);
  return scrubber;
}

/**
 * Server text for a diagnosis: scrubbed FIRST (a cut must never split a secret the scrubber would
 * have recognised whole), then flattened and made inert (no control or bidi character survives),
 * then cut. `mayBeCut`: the text is a body prefix whose end may split a secret.
 */
function excerpt(text: string, scrubber: Scrubber, max = MAX_EVIDENCE_TEXT, mayBeCut = false): string {
  const scrubbed = mayBeCut ? scrubber.scrubCutText(text) : scrubber.scrub(text);
  const flat = inertText(scrubbed.replace(/\s+/g, ' ').trim());
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** A short server text (header value, error code): scrubbed, inert, bounded. */
function serverText(text: string, scrubber: Scrubber): string {
  return excerpt(text, scrubber, MAX_EVIDENCE_FIELD);
}

/** A model id inside a sentence or a label: inert. The id sent in requests is never altered. */
function shownModel(model: string): string {
  return inertText(model, { maxChars: 200 });
}

function stripUrlSecrets(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString();
  } catch {
    return url;
  }
}

// ---------------------------------------------------------------------------------------------
// Reading responses

export function headerValue(headers: HeadersLike | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  try {
    if (typeof (headers as { get?: unknown }).get === 'function') {
      const v = (headers as { get(name: string): string | null }).get(name);
      return v ?? undefined;
    }
    const record = headers as Record<string, string | string[] | undefined>;
    const lower = name.toLowerCase();
    for (const key of Object.keys(record)) {
      if (key.toLowerCase() === lower) {
        const v = record[key];
        return Array.isArray(v) ? v.join(', ') : v;
      }
    }
  } catch {
    // fall through
  }
  return undefined;
}

/** Reads `{"error":{"message","type","param","code"}}` and other common error shapes. */
export function readErrorBody(text: string | undefined): ErrorBody {
  if (!text) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {};
  }
  const str = (v: unknown): string | undefined =>
    typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
  if (!json || typeof json !== 'object') return {};
  const root = json as Record<string, unknown>;
  const err = root.error;
  if (err && typeof err === 'object' && !Array.isArray(err)) {
    const e = err as Record<string, unknown>;
    return { message: str(e.message), type: str(e.type), code: str(e.code), param: str(e.param) };
  }
  if (typeof err === 'string') return { message: err, type: str(root.type), code: str(root.code) };
  return {
    message: str(root.message) ?? str(root.detail) ?? str(root.msg),
    type: str(root.type),
    code: str(root.code),
  };
}

/**
 * Retry-After in whole seconds (delta-seconds or an HTTP date), or undefined. Never negative,
 * never more than MAX_RETRY_AFTER_SECONDS (400 digits or a date in the year 9999 would otherwise
 * show "Retry in Infinity s" or lock Verify for centuries), always a finite number.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = String(value).trim();
  if (!v) return undefined;
  let seconds: number;
  if (/^\d+(\.\d+)?$/.test(v)) {
    // Any number of digits: a value too long to be finite is simply "very long".
    seconds = /^0*\d{1,9}(\.\d+)?$/.test(v) ? Math.ceil(Number(v)) : MAX_RETRY_AFTER_SECONDS;
  } else {
    const date = Date.parse(v);
    if (Number.isNaN(date)) return undefined;
    seconds = Math.ceil((date - (Number.isFinite(now) ? now : Date.now())) / 1000);
  }
  if (!Number.isFinite(seconds)) return undefined;
  return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(0, seconds));
}


function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname.toLowerCase().replace(/^\[|\]$/g, '');
  } catch {
    return undefined;
  }
}

function isRutaHost(host: string | undefined): boolean {
  return !!host && (host === 'rutaapi.com' || host.endsWith('.rutaapi.com'));
}

const CREDIT_WORDING = /\b(insufficient[_ ]quota|insufficient (balance|funds|credits?)|balance|credits?|quota|billing|top[- ]?up|recharge|payment required)\b/i;

function mentionsCredits(body: ErrorBody): boolean {
  if (body.code === 'insufficient_quota' || body.type === 'insufficient_quota') return true;
  if (body.code && /quota|balance|credit|billing/i.test(body.code)) return true;
  return !!body.message && CREDIT_WORDING.test(body.message);
}

function mentionsModel(body: ErrorBody): boolean {
  if (body.code === 'model_not_found' || body.param === 'model') return true;
  return !!body.message && /\bmodel\b.*\b(not found|does not exist|not exist|unknown|invalid|not available|unsupported|no access)\b/i.test(body.message);
}

function baseEvidence(facts: ResponseFacts, ctx: DiagnosisContext, scrubber: Scrubber): Evidence {
  const body = readErrorBody(facts.bodyText);
  const evidence: Evidence = { status: facts.status };
  const requestId = headerValue(facts.headers, 'x-request-id') ?? headerValue(facts.headers, 'request-id');
  if (requestId) evidence.requestId = serverText(requestId, scrubber);
  if (body.code) evidence.errorCode = serverText(body.code, scrubber);
  if (body.type) evidence.errorType = serverText(body.type, scrubber);
  if (body.message) evidence.errorMessage = excerpt(body.message, scrubber);
  else if (facts.bodyText && facts.status >= 400) {
    const text = looksLikeHtml(facts.bodyText, headerValue(facts.headers, 'content-type'))
      ? (/<title[^>]*>([^<]*)<\/title>/i.exec(facts.bodyText)?.[1] ?? facts.bodyText.replace(/<[^>]*>/g, ' '))
      : facts.bodyText;
    // The body text is a prefix of the body: its end may split a secret.
    const cleaned = excerpt(text, scrubber, 200, true);
    if (cleaned) evidence.errorMessage = cleaned;
  }
  const url = stripUrlSecrets(facts.url ?? ctx.url);
  if (url) evidence.url = scrubber.scrub(url);
  const contentType = headerValue(facts.headers, 'content-type');
  if (contentType) evidence.contentType = serverText(contentType, scrubber);
  const retryAfter = parseRetryAfter(headerValue(facts.headers, 'retry-after'), ctx.now);
  if (retryAfter !== undefined) evidence.retryAfterSeconds = retryAfter;
  const location = headerValue(facts.headers, 'location');
  if (location) evidence.location = serverText(resolveLocation(location, url) ?? location, scrubber);
  return evidence;
}

function resolveLocation(location: string, url: string | undefined): string | undefined {
  try {
    return new URL(location, url).toString();
  } catch {
    return undefined;
  }
}

function platformOfHost(host: string | undefined): string | undefined {
  if (!host) return undefined;
  if (isRutaHost(host)) return 'RutaAPI';
  return providerForHost(host);
}

// ---------------------------------------------------------------------------------------------
// HTTP responses (non-2xx)

/** A diagnosis for a response that is not a success (3xx, 4xx, 5xx). */
export function diagnoseResponse(facts: ResponseFacts, ctx: DiagnosisContext): Diagnosis {
  try {
    return diagnoseResponseUnsafe(facts, ctx);
  } catch {
    const scrubber = scrubberFor(ctx);
    return makeDiagnosis(
      'server_error',
      t('Unexpected answer (HTTP {0})', facts.status),
      t('The gateway answered with HTTP {0}.', facts.status),
      [fixes.retry(), fixes.contactSupport()],
      { status: facts.status, url: scrubber.scrub(stripUrlSecrets(facts.url ?? ctx.url) ?? '') || undefined },
      String(facts.status),
    );
  }
}

function diagnoseResponseUnsafe(facts: ResponseFacts, ctx: DiagnosisContext): Diagnosis {
  const scrubber = scrubberFor(ctx);
  const status = facts.status;
  const body = readErrorBody(facts.bodyText);
  const evidence = baseEvidence(facts, ctx, scrubber);
  const url = evidence.url ?? '';
  const serverSays = evidence.errorMessage ? ` ${t('The server says: "{0}"', evidence.errorMessage)}` : '';

  // 304: not a redirect. The engine never sends a conditional request, so a "Not Modified" comes
  // from a proxy or cache between this computer and the gateway (or from a broken gateway).
  if (status === 304) {
    return makeDiagnosis(
      'invalid_response',
      t('Unexpected "Not Modified" answer (HTTP 304)'),
      t('{0} answered HTTP 304 Not Modified, although the request did not ask for a cached copy. A proxy or cache between this computer and the gateway probably answered instead of the gateway. Check the proxy settings, try again, and check that the Base URL is the API root.', url),
      [fixes.proxySettings(), fixes.retry(), fixes.editBaseUrl()],
      evidence,
      '304',
    );
  }

  // 3xx: the Base URL redirects somewhere; we never follow silently.
  if (status >= 300 && status < 400) {
    const location = evidence.location;
    const host = hostOf(location);
    let where: string;
    const fixList: Fix[] = [];
    if (!location) {
      where = t('a location it did not name');
    } else if (host === RUTAAPI_DASHBOARD_HOST) {
      where = t('{0}, the RutaAPI dashboard (not the API)', location);
      fixList.push(fixes.useUrl(RUTAAPI_BASE_URL));
    } else if (host && (RUTAAPI_MARKETING_HOSTS as readonly string[]).includes(host)) {
      where = t('{0}, the RutaAPI website (not the API)', location);
      fixList.push(fixes.useUrl(RUTAAPI_BASE_URL));
    } else {
      where = location;
      if (/^https:\/\//i.test(location)) {
        try {
          const u = new URL(location);
          const path = u.pathname.replace(/\/(models|chat\/completions)\/?$/, '').replace(/\/+$/, '');
          fixList.push(fixes.useUrl(`${u.origin}${path}`));
        } catch {
          // no usable suggestion
        }
      }
    }
    fixList.push(fixes.editBaseUrl());
    return makeDiagnosis(
      'redirect',
      t('The Base URL redirects (HTTP {0})', status),
      t('{0} answered HTTP {1} and redirects to {2}. API clients do not follow redirects reliably (the key may be dropped or sent elsewhere), so the Base URL must be the API root itself.', url, status, where),
      fixList,
      evidence,
      String(status),
    );
  }

  // Out of credits: read the body, not just the status.
  if (status === 402 || ([401, 403, 429].includes(status) && mentionsCredits(body))) {
    return makeDiagnosis(
      'insufficient_credits',
      t('No credits left (HTTP {0})', status),
      t('The key was accepted, but the account has no credits for this request. Add a prepaid credit pack in the RutaAPI dashboard (Billing); credits apply immediately.') + serverSays,
      [fixes.openBilling(), fixes.openDashboard()],
      evidence,
      t('No credits'),
    );
  }

  if (status === 407) {
    return makeDiagnosis(
      'proxy_error',
      t('The proxy requires authentication (HTTP 407)'),
      t('A proxy between this computer and {0} refused the request. Check the proxy settings in VS Code (http.proxy, http.proxyAuthorization) or your system proxy.', url),
      [fixes.proxySettings(), fixes.retry()],
      evidence,
      t('Proxy'),
    );
  }

  if (status === 401) {
    const keyPlatform = platformForKey(ctx.apiKey ?? undefined);
    const host = hostOf(facts.url ?? ctx.url ?? ctx.baseUrl);
    const hostPlatform = platformOfHost(host);
    const hostForeign = !!hostPlatform && hostPlatform !== 'RutaAPI';
    if ((keyPlatform && keyPlatform !== (hostPlatform ?? 'RutaAPI')) || (hostForeign && keyPlatform !== hostPlatform)) {
      const hostName = hostPlatform ?? t('the gateway at {0}', host ?? url);
      const fixList: Fix[] = [];
      if (hostForeign) fixList.push(fixes.useUrl(RUTAAPI_BASE_URL));
      fixList.push(fixes.openTokens(), fixes.editKey());
      return makeDiagnosis(
        'key_platform_mismatch',
        t('Key and Base URL come from different platforms'),
        (keyPlatform
          ? t('The server rejected the key (401). The key looks like one from {0}, but the Base URL belongs to {1}. The API key and the Base URL must come from the same platform: for RutaAPI, use a key from the RutaAPI dashboard (Tokens) with {2}.', keyPlatform, hostName, RUTAAPI_BASE_URL)
          : t('The server rejected the key (401). The Base URL belongs to {0}, which does not accept RutaAPI keys. The API key and the Base URL must come from the same platform: for RutaAPI, use {1} with a key from the RutaAPI dashboard (Tokens).', hostName, RUTAAPI_BASE_URL)) + serverSays,
        fixList,
        evidence,
        t('Wrong platform'),
      );
    }
    return makeDiagnosis(
      'unauthorized',
      t('Invalid API key (401 Unauthorized)'),
      t('The API key is missing, incorrect or revoked, or it was sent to the wrong Base URL. Verify that the key and the Base URL both come from RutaAPI; create a new key in the dashboard (Tokens) if needed.') + serverSays,
      [fixes.editKey(), fixes.openTokens()],
      evidence,
      '401',
    );
  }

  if (status === 403) {
    const fixList: Fix[] = [fixes.openBilling(), fixes.openDashboard()];
    if (ctx.step === 'chat') fixList.push(fixes.pickModel());
    return makeDiagnosis(
      'forbidden',
      t('Access denied (403 Forbidden)'),
      t('The key exists but lacks permission for this request. Check that the account has enough prepaid credits and that the model is enabled for your account in the RutaAPI dashboard.') + serverSays,
      fixList,
      evidence,
      '403',
    );
  }

  const modelProblem = ctx.step === 'chat' && (status === 404 || body.code === 'model_not_found' || (status >= 400 && status < 500 && mentionsModel(body)));
  if (modelProblem) {
    const requested = ctx.model ?? '';
    const suggestion = ctx.models && ctx.models.length > 0 ? closestModel(requested, ctx.models) : undefined;
    const fixList: Fix[] = [];
    if (suggestion && suggestion !== requested) fixList.push(fixes.pickModel(suggestion));
    fixList.push(fixes.pickModel());
    fixList.push(fixes.openBilling(), fixes.contactSupport());
    const detail = (suggestion && suggestion !== requested
      ? t('The model "{0}" is not available for this key. Do not guess model names: use an id returned by /v1/models. The closest returned id is "{1}".', shownModel(requested), shownModel(suggestion))
      : t('The model "{0}" is not available for this key. Do not guess model names: run GET /v1/models and copy one of the returned ids.', shownModel(requested))) +
      ' ' + t('If a model is not in your /v1/models response, it is not active in your account: add credits or contact support.');
    return makeDiagnosis('model_not_found', t('Model not found (HTTP {0})', status), detail + serverSays, fixList, evidence, t('Model?'));
  }

  if (status === 404) {
    const fixList: Fix[] = [];
    const host = hostOf(facts.url ?? ctx.baseUrl);
    if (host === RUTAAPI_API_HOST && ctx.baseUrl !== RUTAAPI_BASE_URL) fixList.push(fixes.useUrl(RUTAAPI_BASE_URL));
    fixList.push(fixes.editBaseUrl());
    return makeDiagnosis(
      'path_not_found',
      t('Nothing at this Base URL (404 Not Found)'),
      t('{0} does not exist (404), so the Base URL is not an OpenAI-compatible API root. The Base URL must be the API root that ends in /v1, such as {1}, not a website, dashboard or endpoint URL.', url, RUTAAPI_BASE_URL) + serverSays,
      fixList,
      evidence,
      '404',
    );
  }

  if (status === 429) {
    const seconds = evidence.retryAfterSeconds;
    const fixList: Fix[] = seconds !== undefined ? [fixes.retryAfter(seconds)] : [fixes.retry()];
    return makeDiagnosis(
      'rate_limited',
      t('Too many requests (429)'),
      (seconds !== undefined
        ? t('Rate or concurrency limit reached. Lower the number of concurrent requests, pause parallel tasks and retry in {0} seconds.', seconds)
        : t('Rate or concurrency limit reached. Lower the number of concurrent requests, pause parallel tasks and retry after a short pause.')) + serverSays,
      fixList,
      evidence,
      '429',
    );
  }

  if (status === 408) {
    return makeDiagnosis(
      'timeout',
      t('The gateway timed out (HTTP 408)'),
      t('The server gave up waiting for the request. Try again with a short request.'),
      [fixes.retry()],
      evidence,
      t('Timeout'),
    );
  }

  if (status === 503) {
    const fixList: Fix[] = [];
    if (evidence.retryAfterSeconds !== undefined) fixList.push(fixes.retryAfter(evidence.retryAfterSeconds));
    else fixList.push(fixes.retry());
    if (ctx.step === 'chat') fixList.push(fixes.pickModel());
    fixList.push(fixes.contactSupport());
    return makeDiagnosis(
      'upstream_unavailable',
      t('Route temporarily unavailable (503)'),
      t('The provider route is temporarily unavailable. Try a short request again, check the model\'s availability, and contact support if it persists.') + serverSays,
      fixList,
      evidence,
      '503',
    );
  }

  if (status >= 500) {
    return makeDiagnosis(
      'server_error',
      t('Server error (HTTP {0})', status),
      t('The gateway had an internal error. Try again; if it persists, contact support with the request id.') + serverSays,
      [fixes.retry(), fixes.contactSupport()],
      evidence,
      String(status),
    );
  }

  // Remaining 4xx (400, 405, 409, 413, 422 …): the gateway refused the test request. Not a
  // server fault: calling it one would send the user to support for a wrong Base URL.
  return makeDiagnosis(
    'request_rejected',
    t('The gateway refused the request (HTTP {0})', status),
    t('{0} answered HTTP {1}. Check that the Base URL is an OpenAI-compatible API root; if it is RutaAPI, contact support with the request id.', url, status) + serverSays,
    [fixes.editBaseUrl(), fixes.contactSupport()],
    evidence,
    String(status),
  );
}

// ---------------------------------------------------------------------------------------------
// 2xx answers that are not what an OpenAI-compatible API returns

export type ContentProblem = 'html' | 'not_json' | 'not_utf8' | 'no_data' | 'no_choices' | 'empty_models' | 'too_large';

export function diagnoseContent(problem: ContentProblem, facts: ResponseFacts, ctx: DiagnosisContext): Diagnosis {
  const scrubber = scrubberFor(ctx);
  const evidence = baseEvidence(facts, ctx, scrubber);
  const url = evidence.url ?? '';
  const path = ctx.step === 'chat' ? '/chat/completions' : '/models';
  switch (problem) {
    case 'html': {
      const title = facts.bodyText ? /<title[^>]*>([^<]*)<\/title>/i.exec(facts.bodyText)?.[1] : undefined;
      if (title) evidence.errorMessage = excerpt(title, scrubber, 120);
      return makeDiagnosis(
        'html_response',
        t('The Base URL serves a web page, not the API'),
        t('{0} answered with an HTML page{1}. That is a website or dashboard, not an OpenAI-compatible API. Use the API root, e.g. {2}.', url, title ? ` ("${excerpt(title, scrubber, 80, true)}")` : '', RUTAAPI_BASE_URL),
        [fixes.useUrl(RUTAAPI_BASE_URL), fixes.editBaseUrl()],
        evidence,
        t('HTML'),
      );
    }
    case 'too_large':
      return makeDiagnosis(
        'response_too_large',
        t('The response is too large'),
        t('{0} sent more than {1} MB, so it was cut off instead of being loaded into memory. An OpenAI-compatible {2} answer is much smaller; check that the Base URL is the API root.', url, Math.round(MAX_RESPONSE_BYTES / (1024 * 1024)), path),
        [fixes.editBaseUrl(), fixes.contactSupport()],
        evidence,
        t('Too large'),
      );
    case 'empty_models':
      return makeDiagnosis(
        'no_models',
        t('No models are enabled for this key'),
        t('The key works, but /v1/models returned an empty list, so there is no model to use. Model availability is per account: add credits or enable models in the RutaAPI dashboard, or contact support.'),
        [fixes.openDashboard(), fixes.openBilling(), fixes.contactSupport()],
        evidence,
        t('No models'),
      );
    default: {
      const what =
        problem === 'not_utf8' ? t('is not valid UTF-8 text')
        : problem === 'not_json' ? t('is not valid JSON')
        : problem === 'no_data' ? t('has no "data" array of models')
        : t('has no "choices" array');
      return makeDiagnosis(
        'invalid_response',
        t('Not an OpenAI-compatible answer'),
        t('{0} answered HTTP {1}, but the body {2}. The Base URL does not look like an OpenAI-compatible API root (expected {3} in the OpenAI format).', url, facts.status, what, path),
        [fixes.editBaseUrl(), fixes.contactSupport()],
        evidence,
        t('Bad response'),
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Network errors

interface ErrorFacts {
  codes: string[];
  names: string[];
  messages: string[];
}

/** Walks `error.cause` chains (undici wraps errors in TypeError 'fetch failed') and AggregateErrors. */
export function collectErrorFacts(error: unknown): ErrorFacts {
  const facts: ErrorFacts = { codes: [], names: [], messages: [] };
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.size < 16) {
    const e = queue.shift();
    if (e === null || e === undefined || seen.has(e)) continue;
    seen.add(e);
    if (typeof e === 'string') {
      facts.messages.push(e);
      continue;
    }
    if (typeof e !== 'object') continue;
    const o = e as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown; errors?: unknown; reason?: unknown };
    if (typeof o.code === 'string') facts.codes.push(o.code);
    if (typeof o.name === 'string') facts.names.push(o.name);
    if (typeof o.message === 'string') facts.messages.push(o.message);
    if (o.cause !== undefined) queue.push(o.cause);
    if (Array.isArray(o.errors)) queue.push(...o.errors);
  }
  return facts;
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ESOCKETTIMEDOUT']);
const RESET_CODES = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_CLOSED']);
const OFFLINE_CODES = new Set(['ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EHOSTDOWN', 'EADDRNOTAVAIL']);

export interface NetworkErrorContext extends DiagnosisContext {
  /** Set by the engine: which of its own signals ended the request. */
  reason?: 'timeout' | 'cancelled';
  /** The overall deadline, for the timeout message. */
  timeoutMs?: number;
}

export function diagnoseNetworkError(error: unknown, ctx: NetworkErrorContext): Diagnosis {
  const scrubber = scrubberFor(ctx);
  const facts = collectErrorFacts(error);
  const url = stripUrlSecrets(ctx.url ?? ctx.baseUrl);
  const host = hostOf(url) ?? '';
  const evidence: Evidence = {};
  if (url) evidence.url = scrubber.scrub(url);
  const networkCode = facts.codes.find((c) => c !== 'ERR_INVALID_ARG_TYPE') ?? facts.names.find((n) => n !== 'Error' && n !== 'TypeError');
  if (networkCode) evidence.networkCode = serverText(networkCode, scrubber);
  const message = facts.messages.filter((m) => m && m !== 'fetch failed').slice(0, 2).join(' — ');
  if (message) evidence.errorMessage = excerpt(message, scrubber, 200);
  const has = (set: Set<string>): boolean => facts.codes.some((c) => set.has(c));
  const text = facts.messages.join(' \n ');

  if (ctx.reason === 'cancelled') {
    return makeDiagnosis('cancelled', t('Verification cancelled'), t('The verification was cancelled before it finished.'), [fixes.retry()], evidence, t('Cancelled'));
  }
  if (ctx.reason === 'timeout' || has(TIMEOUT_CODES) || facts.names.some((n) => n === 'APIConnectionTimeoutError' || n === 'TimeoutError' || n === 'ConnectTimeoutError' || n === 'HeadersTimeoutError' || n === 'BodyTimeoutError')) {
    const seconds = ctx.timeoutMs ? Math.round(ctx.timeoutMs / 100) / 10 : undefined;
    return makeDiagnosis(
      'timeout',
      t('No answer in time'),
      (seconds !== undefined
        ? t('{0} did not answer completely within {1} s. The gateway or the network may be slow or blocked; try again, or raise rutaapi.requestTimeoutSeconds.', host || url || '', seconds)
        : t('{0} did not answer in time. The gateway or the network may be slow or blocked; try again.', host || url || '')),
      [fixes.retry(), fixes.proxySettings()],
      evidence,
      t('Timeout'),
    );
  }
  if (facts.names.includes('ResponseTooLargeError')) {
    return diagnoseContent('too_large', { status: 200, url }, ctx);
  }
  if (has(TLS_CODES) || /self[- ]signed certificate|unable to verify|certificate (has expired|is not yet valid)|altnames|ssl routines|wrong version number|tls handshake/i.test(text)) {
    const cause = facts.codes.find((c) => TLS_CODES.has(c));
    return makeDiagnosis(
      'tls_error',
      t('The secure connection could not be verified (TLS)'),
      t('The certificate presented for {0} is not trusted ({1}). This usually means a corporate proxy or antivirus inspects HTTPS traffic with its own certificate. Configure VS Code\'s proxy settings (http.proxy, http.proxyStrictSSL, http.systemCertificates) so the certificate is trusted, or ask your IT team for the proxy certificate. Do not send the key through an untrusted connection.', host, cause ?? t('certificate error')),
      [fixes.proxySettings(), fixes.retry()],
      evidence,
      t('TLS'),
    );
  }
  if (/proxy/i.test(text) || facts.codes.some((c) => /PROXY|PRX/i.test(c)) || /\b407\b/.test(text) || (ctx.viaProxy && has(RESET_CODES))) {
    return makeDiagnosis(
      'proxy_error',
      t('The proxy refused or dropped the connection'),
      t('The request to {0} failed at a proxy between this computer and the gateway. Check VS Code\'s proxy settings (http.proxy, http.proxyAuthorization, http.proxyStrictSSL) or your system proxy.', host),
      [fixes.proxySettings(), fixes.retry()],
      evidence,
      t('Proxy'),
    );
  }
  if (has(DNS_CODES) || /getaddrinfo/i.test(text)) {
    return makeDiagnosis(
      'dns_failure',
      t('The host name could not be found'),
      t('{0} could not be resolved (DNS). Check the spelling of the Base URL (RutaAPI\'s is {1}) and your internet connection.', host, RUTAAPI_BASE_URL),
      host === RUTAAPI_API_HOST ? [fixes.retry(), fixes.proxySettings()] : [fixes.editBaseUrl(), fixes.useUrl(RUTAAPI_BASE_URL), fixes.retry()],
      evidence,
      t('Offline'),
    );
  }
  if (facts.codes.includes('ECONNREFUSED') || /ECONNREFUSED|connection refused/i.test(text)) {
    return makeDiagnosis(
      'connection_refused',
      t('Connection refused'),
      t('Nothing accepts connections at {0}. Check the host and port of the Base URL; a local gateway may not be running.', url ?? host),
      [fixes.editBaseUrl(), fixes.retry()],
      evidence,
      t('Refused'),
    );
  }
  if (has(RESET_CODES) || /other side closed|socket hang up|terminated|ECONNRESET/i.test(text)) {
    return makeDiagnosis(
      'connection_reset',
      t('The connection was reset'),
      t('The connection to {0} was closed in the middle of the answer. This can be a network problem, a firewall or proxy, or a gateway restart; try again.', host),
      [fixes.retry(), fixes.proxySettings()],
      evidence,
      t('Reset'),
    );
  }
  if (facts.names.includes('AbortError') || facts.names.includes('APIUserAbortError')) {
    return makeDiagnosis('cancelled', t('Verification cancelled'), t('The verification was cancelled before it finished.'), [fixes.retry()], evidence, t('Cancelled'));
  }
  return makeDiagnosis(
    'network_error',
    t('The gateway could not be reached'),
    (has(OFFLINE_CODES) ? t('The network is unreachable from this computer.') : t('The request to {0} failed before an answer arrived.', host)) +
      ' ' + t('Check your internet connection, VPN and proxy settings.'),
    [fixes.retry(), fixes.proxySettings()],
    evidence,
    t('Offline'),
  );
}

// ---------------------------------------------------------------------------------------------
// Before any request

/** Base URL error findings that mean the key would go somewhere it must not: unsafe_base_url. */
const UNSAFE_FINDINGS: ReadonlySet<string> = new Set(['idn_host', 'userinfo_host']);

export interface PreflightOptions {
  allowInsecureHttp?: boolean;
  chatOnly?: boolean;
  model?: string;
}

/**
 * Findings that mean the request cannot possibly work (or must not be sent) become a diagnosis
 * without any network request. Returns undefined when verification may go ahead.
 */
export function diagnosePreflight(base: BaseUrlAnalysis, key: KeyAnalysis, options: PreflightOptions = {}): Diagnosis | undefined {
  const find = (code: string) => base.findings.find((f) => f.code === code);
  const evidence: Evidence = {};

  const marketing = find('marketing_site');
  if (marketing) {
    const url = marketing.suggestedUrl ?? RUTAAPI_BASE_URL;
    return makeDiagnosis(
      'marketing_site',
      t('This is the RutaAPI website, not the API'),
      t('{0} is the marketing site. Requests to it cannot work, so none was sent. Use the API Base URL {1}.', base.input.trim(), url),
      [fixes.useUrl(url)],
      evidence,
      t('Website URL'),
    );
  }
  const dashboard = find('dashboard_url');
  if (dashboard) {
    const url = dashboard.suggestedUrl ?? RUTAAPI_BASE_URL;
    return makeDiagnosis(
      'dashboard_url',
      t('This is the RutaAPI dashboard, not the API'),
      t('{0} is the dashboard, where you create keys (Tokens) and buy credits (Billing). Requests to it cannot work, so none was sent. Use the API Base URL {1}.', base.input.trim(), url),
      [fixes.useUrl(url), fixes.openTokens()],
      evidence,
      t('Dashboard URL'),
    );
  }
  if (base.normalized === null) {
    const empty = find('empty');
    const first = base.findings.find((f) => f.severity === 'error');
    const suggested = base.findings.find((f) => f.suggestedUrl)?.suggestedUrl;
    return makeDiagnosis(
      'invalid_base_url',
      empty ? t('Enter a Base URL') : t('The Base URL is not a usable URL'),
      empty
        ? t('The Base URL is empty. RutaAPI\'s Base URL is {0}.', RUTAAPI_BASE_URL)
        : (first?.message ?? t('The Base URL could not be read as an http(s) URL.')) + ' ' + t('No request was sent. RutaAPI\'s Base URL is {0}.', RUTAAPI_BASE_URL),
      [fixes.useUrl(suggested ?? RUTAAPI_BASE_URL), fixes.editBaseUrl()],
      evidence,
      t('Base URL'),
    );
  }
  // Defence in depth: only http(s) ever reaches the client.
  try {
    const u = new URL(base.normalized);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('scheme');
  } catch {
    return makeDiagnosis(
      'invalid_base_url',
      t('The Base URL is not a usable URL'),
      t('The Base URL could not be read as an http(s) URL. No request was sent. RutaAPI\'s Base URL is {0}.', RUTAAPI_BASE_URL),
      [fixes.useUrl(RUTAAPI_BASE_URL), fixes.editBaseUrl()],
      evidence,
      t('Base URL'),
    );
  }

  // An error finding that warns the user not to send the key there: stop, whatever else is set
  // (allowInsecureHttp and asEntered included). The finding's own sentence is the explanation.
  const unsafe = base.findings.find((f) => f.severity === 'error' && UNSAFE_FINDINGS.has(f.code));
  if (unsafe) {
    const url = unsafe.suggestedUrl ?? RUTAAPI_BASE_URL;
    return makeDiagnosis(
      'unsafe_base_url',
      t('Do not send your key to this Base URL'),
      unsafe.message + ' ' + t('No request was sent.'),
      [fixes.useUrl(url), fixes.editBaseUrl()],
      evidence,
      t('Unsafe URL'),
    );
  }

  if (key.cleaned === null) {
    const empty = key.findings.some((f) => f.code === 'empty');
    if (empty) {
      return makeDiagnosis(
        'missing_key',
        t('Enter your API key'),
        t('No API key was entered. Create a key in the RutaAPI dashboard (Tokens); it is shown only once, so copy it right away.'),
        [fixes.openTokens(), fixes.editKey()],
        evidence,
        t('No key'),
      );
    }
    const reasons = key.findings.filter((f) => f.severity === 'error').map((f) => f.message);
    return makeDiagnosis(
      'invalid_key_format',
      t('This is not an API key'),
      (reasons.length > 0 ? reasons.join(' ') : t('The text entered cannot be an API key.')) + ' ' + t('No request was sent. Copy the key again from the RutaAPI dashboard (Tokens).'),
      [fixes.editKey(), fixes.openTokens()],
      evidence,
      t('Key format'),
    );
  }

  const insecure = find('insecure_http');
  if (insecure && !options.allowInsecureHttp) {
    const fixList: Fix[] = [];
    if (insecure.suggestedUrl) fixList.push(fixes.useUrl(insecure.suggestedUrl));
    fixList.push(fixes.confirmInsecure());
    return makeDiagnosis(
      'insecure_http',
      t('The Base URL is not encrypted (http://)'),
      t('{0} uses http://, which would send your API key unencrypted over the network. No request was sent. Use https://, or confirm that you want to send the key over http:// anyway.', base.normalized),
      fixList,
      { url: base.normalized },
      t('http://'),
    );
  }

  // Every other error finding stops too: an error means "this must not be sent as it is".
  const otherBase = base.findings.find((f) => f.severity === 'error' && f.code !== 'insecure_http');
  if (otherBase) {
    const suggested = base.findings.find((f) => f.suggestedUrl)?.suggestedUrl;
    const fixList: Fix[] = [];
    if (suggested) fixList.push(fixes.useUrl(suggested));
    fixList.push(fixes.editBaseUrl());
    return makeDiagnosis(
      'invalid_base_url',
      t('The Base URL is not a usable URL'),
      otherBase.message + ' ' + t('No request was sent.'),
      fixList,
      evidence,
      t('Base URL'),
    );
  }
  const keyErrors = key.findings.filter((f) => f.severity === 'error');
  if (keyErrors.length > 0) {
    return makeDiagnosis(
      'invalid_key_format',
      t('This is not an API key'),
      keyErrors.map((f) => f.message).join(' ') + ' ' + t('No request was sent. Copy the key again from the RutaAPI dashboard (Tokens).'),
      [fixes.editKey(), fixes.openTokens()],
      evidence,
      t('Key format'),
    );
  }

  if (options.chatOnly && !options.model) {
    return makeDiagnosis(
      'missing_model',
      t('Choose a model'),
      t('No model was chosen for the test request. Pick one of the ids returned by /v1/models; do not guess model names.'),
      [fixes.pickModel()],
      evidence,
      t('No model'),
    );
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Special outcomes

export function diagnoseMissingV1(suggestedUrl: string, facts: ResponseFacts, ctx: DiagnosisContext): Diagnosis {
  const scrubber = scrubberFor(ctx);
  const evidence = baseEvidence(facts, ctx, scrubber);
  return makeDiagnosis(
    'missing_v1',
    t('The Base URL is missing /v1'),
    t('{0} gives 404, but {1}/models answers. The OpenAI-compatible API root ends in /v1: use {1} as the Base URL.', evidence.url ?? '', suggestedUrl),
    [fixes.useUrl(suggestedUrl)],
    evidence,
    t('No /v1'),
  );
}

export function diagnoseEndpointAsBaseUrl(suggestedUrl: string, facts: ResponseFacts, ctx: DiagnosisContext): Diagnosis {
  const scrubber = scrubberFor(ctx);
  const evidence = baseEvidence(facts, ctx, scrubber);
  return makeDiagnosis(
    'endpoint_as_base_url',
    t('The Base URL is a single endpoint, not the API root'),
    t('The Base URL ends with an endpoint such as /chat/completions, so requests go to the wrong path (HTTP {0}). Use the API root {1}; clients add the endpoint themselves.', facts.status, suggestedUrl),
    [fixes.useUrl(suggestedUrl), fixes.editBaseUrl()],
    evidence,
    t('Endpoint URL'),
  );
}

export interface OkSummary {
  modelCount?: number;
  model?: string;
  replyExcerpt?: string;
  requestId?: string;
  url?: string;
}

export function diagnoseOk(summary: OkSummary): Diagnosis {
  const parts: string[] = [];
  if (summary.modelCount !== undefined) parts.push(t('/v1/models returned {0} models.', summary.modelCount));
  if (summary.model) {
    parts.push(
      summary.replyExcerpt
        ? t('The test request to {0} answered: "{1}".', shownModel(summary.model), inertText(summary.replyExcerpt))
        : t('The test request to {0} succeeded.', shownModel(summary.model)),
    );
    parts.push(t('The key, Base URL, model and credits work together.'));
  } else {
    parts.push(t('The key and Base URL work. Pick one of the returned model ids to finish.'));
  }
  const evidence: Evidence = { status: 200 };
  if (summary.requestId) evidence.requestId = inertText(summary.requestId);
  if (summary.url) evidence.url = summary.url;
  return makeDiagnosis('ok', summary.model ? t('Connected') : t('Key and Base URL work'), parts.join(' '), [], evidence, t('OK'));
}
