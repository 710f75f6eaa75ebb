/**
 * Requests that got no answer. undici and the SDK report the same failure under different names
 * and nest the real cause (TypeError 'fetch failed' → cause → AggregateError), so the whole chain
 * is read, and the order of the checks is the policy: the engine's own timeout or cancellation
 * first, then TLS and proxy (which look like resets or DNS failures further down the chain).
 */
import { t } from '../l10n';
import { RUTAAPI_API_HOST, RUTAAPI_BASE_URL } from '../constants';
import type { Diagnosis, Evidence } from '../types';
import { fixes, makeDiagnosis } from './builders';
import { diagnoseContent } from './content';
import { excerpt, scrubberFor, serverText, stripUrlSecrets } from './evidence';
import { hostOf, type DiagnosisContext } from './responseFacts';

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
const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ESOCKETTIMEDOUT',
]);
const RESET_CODES = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_CLOSED']);
const OFFLINE_CODES = new Set(['ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EHOSTDOWN', 'EADDRNOTAVAIL']);

interface NetworkErrorContext extends DiagnosisContext {
  /** Set by the engine: which of its own signals ended the request. */
  reason?: 'timeout' | 'cancelled';
  /** The overall deadline, for the timeout message. */
  timeoutMs?: number;
}

/** What every check of a failed request reads. */
interface Failure {
  error: unknown;
  ctx: NetworkErrorContext;
  facts: ErrorFacts;
  url: string | undefined;
  host: string;
  evidence: Evidence;
  /** The whole chain's messages, one per line. */
  text: string;
  has(set: Set<string>): boolean;
}

type Check = (f: Failure) => Diagnosis | undefined;

/** The order is the policy: the engine's own signals first, then TLS and proxy, then what they look like further down. */
const CHECKS: readonly Check[] = [cancelledByUser, timedOut, tooLarge, tlsError, proxyError, dnsFailure, refused, reset, aborted];

export function diagnoseNetworkError(error: unknown, ctx: NetworkErrorContext): Diagnosis {
  const f = readFailure(error, ctx);
  for (const check of CHECKS) {
    const d = check(f);
    if (d) return d;
  }
  return unreachable(f);
}

function readFailure(error: unknown, ctx: NetworkErrorContext): Failure {
  const scrubber = scrubberFor(ctx);
  const facts = collectErrorFacts(error);
  const url = stripUrlSecrets(ctx.url ?? ctx.baseUrl);
  const evidence: Evidence = {};
  if (url) evidence.url = scrubber.scrub(url);
  const networkCode = facts.codes.find((c) => c !== 'ERR_INVALID_ARG_TYPE') ?? facts.names.find((n) => n !== 'Error' && n !== 'TypeError');
  if (networkCode) evidence.networkCode = serverText(networkCode, scrubber);
  const message = facts.messages
    .filter((m) => m && m !== 'fetch failed')
    .slice(0, 2)
    .join(' — ');
  if (message) evidence.errorMessage = excerpt(message, scrubber, 200);
  return {
    error,
    ctx,
    facts,
    url,
    host: hostOf(url) ?? '',
    evidence,
    text: facts.messages.join(' \n '),
    has: (set) => facts.codes.some((c) => set.has(c)),
  };
}

function cancelled(evidence: Evidence): Diagnosis {
  return makeDiagnosis(
    'cancelled',
    t('Verification cancelled'),
    t('The verification was cancelled before it finished.'),
    [fixes.retry()],
    evidence,
    t('Cancelled'),
  );
}

function cancelledByUser({ ctx, evidence }: Failure): Diagnosis | undefined {
  return ctx.reason === 'cancelled' ? cancelled(evidence) : undefined;
}

const TIMEOUT_NAMES = new Set([
  'APIConnectionTimeoutError',
  'TimeoutError',
  'ConnectTimeoutError',
  'HeadersTimeoutError',
  'BodyTimeoutError',
]);

function timedOut({ ctx, facts, has, host, url, evidence }: Failure): Diagnosis | undefined {
  if (ctx.reason !== 'timeout' && !has(TIMEOUT_CODES) && !facts.names.some((n) => TIMEOUT_NAMES.has(n))) return undefined;
  const seconds = ctx.timeoutMs ? Math.round(ctx.timeoutMs / 100) / 10 : undefined;
  return makeDiagnosis(
    'timeout',
    t('No answer in time'),
    seconds !== undefined
      ? t(
          '{0} did not answer completely within {1} s. The gateway or the network may be slow or blocked; try again, or raise rutaapi.requestTimeoutSeconds.',
          host || url || '',
          seconds,
        )
      : t('{0} did not answer in time. The gateway or the network may be slow or blocked; try again.', host || url || ''),
    [fixes.retry(), fixes.proxySettings()],
    evidence,
    t('Timeout'),
  );
}

function tooLarge({ facts, url, ctx }: Failure): Diagnosis | undefined {
  return facts.names.includes('ResponseTooLargeError') ? diagnoseContent('too_large', { status: 200, url }, ctx) : undefined;
}

const TLS_TEXT =
  /self[- ]signed certificate|unable to verify|certificate (has expired|is not yet valid)|altnames|ssl routines|wrong version number|tls handshake/i;

function tlsError({ has, text, facts, host, evidence }: Failure): Diagnosis | undefined {
  if (!has(TLS_CODES) && !TLS_TEXT.test(text)) return undefined;
  const cause = facts.codes.find((c) => TLS_CODES.has(c));
  return makeDiagnosis(
    'tls_error',
    t('The secure connection could not be verified (TLS)'),
    t(
      "The certificate presented for {0} is not trusted ({1}). This usually means a corporate proxy or antivirus inspects HTTPS traffic with its own certificate. Configure VS Code's proxy settings (http.proxy, http.proxyStrictSSL, http.systemCertificates) so the certificate is trusted, or ask your IT team for the proxy certificate. Do not send the key through an untrusted connection.",
      host,
      cause ?? t('certificate error'),
    ),
    [fixes.proxySettings(), fixes.retry()],
    evidence,
    t('TLS'),
  );
}

function proxyError({ text, facts, ctx, has, host, evidence }: Failure): Diagnosis | undefined {
  const proxy =
    /proxy/i.test(text) || facts.codes.some((c) => /PROXY|PRX/i.test(c)) || /\b407\b/.test(text) || (ctx.viaProxy && has(RESET_CODES));
  if (!proxy) return undefined;
  return makeDiagnosis(
    'proxy_error',
    t('The proxy refused or dropped the connection'),
    t(
      "The request to {0} failed at a proxy between this computer and the gateway. Check VS Code's proxy settings (http.proxy, http.proxyAuthorization, http.proxyStrictSSL) or your system proxy.",
      host,
    ),
    [fixes.proxySettings(), fixes.retry()],
    evidence,
    t('Proxy'),
  );
}

function dnsFailure({ has, text, host, evidence }: Failure): Diagnosis | undefined {
  if (!has(DNS_CODES) && !/getaddrinfo/i.test(text)) return undefined;
  return makeDiagnosis(
    'dns_failure',
    t('The host name could not be found'),
    t(
      "{0} could not be resolved (DNS). Check the spelling of the Base URL (RutaAPI's is {1}) and your internet connection.",
      host,
      RUTAAPI_BASE_URL,
    ),
    host === RUTAAPI_API_HOST
      ? [fixes.retry(), fixes.proxySettings()]
      : [fixes.editBaseUrl(), fixes.useUrl(RUTAAPI_BASE_URL), fixes.retry()],
    evidence,
    t('Offline'),
  );
}

function refused({ facts, text, url, host, evidence }: Failure): Diagnosis | undefined {
  if (!facts.codes.includes('ECONNREFUSED') && !/ECONNREFUSED|connection refused/i.test(text)) return undefined;
  return makeDiagnosis(
    'connection_refused',
    t('Connection refused'),
    t('Nothing accepts connections at {0}. Check the host and port of the Base URL; a local gateway may not be running.', url ?? host),
    [fixes.editBaseUrl(), fixes.retry()],
    evidence,
    t('Refused'),
  );
}

function reset({ has, text, host, evidence }: Failure): Diagnosis | undefined {
  if (!has(RESET_CODES) && !/other side closed|socket hang up|terminated|ECONNRESET/i.test(text)) return undefined;
  return makeDiagnosis(
    'connection_reset',
    t('The connection was reset'),
    t(
      'The connection to {0} was closed in the middle of the answer. This can be a network problem, a firewall or proxy, or a gateway restart; try again.',
      host,
    ),
    [fixes.retry(), fixes.proxySettings()],
    evidence,
    t('Reset'),
  );
}

function aborted({ facts, evidence }: Failure): Diagnosis | undefined {
  return facts.names.includes('AbortError') || facts.names.includes('APIUserAbortError') ? cancelled(evidence) : undefined;
}

function unreachable({ has, host, evidence }: Failure): Diagnosis {
  return makeDiagnosis(
    'network_error',
    t('The gateway could not be reached'),
    (has(OFFLINE_CODES)
      ? t('The network is unreachable from this computer.')
      : t('The request to {0} failed before an answer arrived.', host)) +
      ' ' +
      t('Check your internet connection, VPN and proxy settings.'),
    [fixes.retry(), fixes.proxySettings()],
    evidence,
    t('Offline'),
  );
}
