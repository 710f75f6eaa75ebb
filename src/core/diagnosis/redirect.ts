/**
 * 3xx answers. The engine never follows a redirect: the SDK may drop the key on the way or send
 * it to the new host, so the Base URL must be the API root itself.
 */
import { t } from '../l10n';
import { RUTAAPI_BASE_URL, RUTAAPI_DASHBOARD_HOST, RUTAAPI_MARKETING_HOSTS } from '../constants';
import type { Diagnosis, Fix } from '../types';
import { fixes, makeDiagnosis } from './builders';
import { hostOf } from './responseFacts';
import type { StatusReading } from './statusReading';

/**
 * 304 is not a redirect. The engine never sends a conditional request, so a "Not Modified" comes
 * from a proxy or cache between this computer and the gateway (or from a broken gateway).
 */
export function diagnoseNotModified({ status, evidence, url }: StatusReading): Diagnosis | undefined {
  if (status !== 304) return undefined;
  return makeDiagnosis(
    'invalid_response',
    t('Unexpected "Not Modified" answer (HTTP 304)'),
    t(
      '{0} answered HTTP 304 Not Modified, although the request did not ask for a cached copy. A proxy or cache between this computer and the gateway probably answered instead of the gateway. Check the proxy settings, try again, and check that the Base URL is the API root.',
      url,
    ),
    [fixes.proxySettings(), fixes.retry(), fixes.editBaseUrl()],
    evidence,
    '304',
  );
}

export function diagnoseRedirect({ status, evidence, url }: StatusReading): Diagnosis | undefined {
  if (status < 300 || status >= 400) return undefined;
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
    t(
      '{0} answered HTTP {1} and redirects to {2}. API clients do not follow redirects reliably (the key may be dropped or sent elsewhere), so the Base URL must be the API root itself.',
      url,
      status,
      where,
    ),
    fixList,
    evidence,
    String(status),
  );
}
