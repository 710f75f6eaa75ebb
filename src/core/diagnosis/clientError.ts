/** The 4xx answers that name neither the key, the credits, the model nor the path. */
import { t } from '../l10n';
import type { Diagnosis } from '../types';
import { fixes, makeDiagnosis } from './builders';
import type { StatusReading } from './statusReading';

/** 407 comes from a proxy on the way, never from the gateway: the key was not even seen. */
export function diagnoseProxyAuthentication({ status, evidence, url }: StatusReading): Diagnosis | undefined {
  if (status !== 407) return undefined;
  return makeDiagnosis(
    'proxy_error',
    t('The proxy requires authentication (HTTP 407)'),
    t(
      'A proxy between this computer and {0} refused the request. Check the proxy settings in VS Code (http.proxy, http.proxyAuthorization) or your system proxy.',
      url,
    ),
    [fixes.proxySettings(), fixes.retry()],
    evidence,
    t('Proxy'),
  );
}

export function diagnoseRequestTimeout({ status, evidence }: StatusReading): Diagnosis | undefined {
  if (status !== 408) return undefined;
  return makeDiagnosis(
    'timeout',
    t('The gateway timed out (HTTP 408)'),
    t('The server gave up waiting for the request. Try again with a short request.'),
    [fixes.retry()],
    evidence,
    t('Timeout'),
  );
}

/**
 * Remaining 4xx (400, 405, 409, 413, 422 …): the gateway refused the test request. Not a
 * server fault: calling it one would send the user to support for a wrong Base URL.
 */
export function diagnoseRequestRejected({ status, evidence, url, serverSays }: StatusReading): Diagnosis {
  return makeDiagnosis(
    'request_rejected',
    t('The gateway refused the request (HTTP {0})', status),
    t(
      '{0} answered HTTP {1}. Check that the Base URL is an OpenAI-compatible API root; if it is RutaAPI, contact support with the request id.',
      url,
      status,
    ) + serverSays,
    [fixes.editBaseUrl(), fixes.contactSupport()],
    evidence,
    String(status),
  );
}
