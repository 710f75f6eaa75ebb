/**
 * Phase 5 of the Base URL analysis: who would receive the key. The URL may be well formed and
 * still be the wrong place for a RutaAPI key: RutaAPI's website or dashboard, another provider,
 * a name that resembles RutaAPI's, an address Cursor's servers cannot reach, or plain http.
 */
import { t } from '../l10n';
import { RUTAAPI_API_HOST, RUTAAPI_BASE_URL, RUTAAPI_DASHBOARD_HOST, RUTAAPI_MARKETING_HOSTS } from '../constants';
import { providerForHost } from '../providers';
import { looksLikeRutaapiHost } from '../hostLookalike';
import { isLoopbackHost, isPrivateHost } from '../hostName';
import type { BaseUrlFinding } from '../types';
import { finding } from './finding';
import type { HostReading } from './host';
import { withV1, type PathReading } from './path';

/** The key would travel unencrypted (plain http to anything but this computer). */
function insecureHttp({ protocol, hostForCompare, hostWithPort }: HostReading, path: string): BaseUrlFinding | undefined {
  if (protocol !== 'http:' || isLoopbackHost(hostForCompare)) return undefined;
  return finding('insecure_http', 'error', t('http:// sends your API key unencrypted to {0}. Use https://.', hostForCompare), {
    suggestedUrl: `https://${hostWithPort}${path}`,
  });
}

/** RutaAPI's own API host, with a path other than its root /v1. */
function rutaapiApiPath(segments: readonly string[], path: string): BaseUrlFinding | undefined {
  if (segments.length === 1 && segments[0] === 'v1') return undefined;
  return finding(
    'missing_v1',
    'warning',
    segments.length === 0
      ? t("RutaAPI's Base URL ends in /v1: {0}. Without it, requests get 404.", RUTAAPI_BASE_URL)
      : t('RutaAPI\'s Base URL is {0}; "{1}" is not its API root.', RUTAAPI_BASE_URL, path),
    { suggestedUrl: RUTAAPI_BASE_URL },
  );
}

/** Whose host this is: RutaAPI's website, dashboard or API, another provider, or a gateway without /v1. */
function whoseHost(
  hostForCompare: string,
  { segments, path, normalized }: PathReading,
  marketing: boolean,
  provider: string | undefined,
): BaseUrlFinding | undefined {
  if (marketing) {
    return finding(
      'marketing_site',
      'error',
      t("{0} is RutaAPI's website, not the API. RutaAPI's Base URL is {1}.", hostForCompare, RUTAAPI_BASE_URL),
      { suggestedUrl: RUTAAPI_BASE_URL },
    );
  }
  if (hostForCompare === RUTAAPI_DASHBOARD_HOST) {
    return finding(
      'dashboard_url',
      'error',
      t(
        "{0} is the RutaAPI dashboard, where you create keys and buy credits; it is not the API. RutaAPI's Base URL is {1}.",
        hostForCompare,
        RUTAAPI_BASE_URL,
      ),
      { suggestedUrl: RUTAAPI_BASE_URL },
    );
  }
  if (hostForCompare === RUTAAPI_API_HOST) return rutaapiApiPath(segments, path);
  if (provider) {
    return finding(
      'foreign_provider',
      'warning',
      t("This is {0}'s API; a RutaAPI key will be rejected there. RutaAPI's Base URL is {1}.", provider, RUTAAPI_BASE_URL),
      { suggestedUrl: RUTAAPI_BASE_URL, provider },
    );
  }
  if (segments.length === 0) {
    return finding(
      'missing_v1',
      'info',
      t(
        'OpenAI-compatible APIs usually have their root at /v1 ({0}). Verification will tell whether this address works as it is.',
        withV1(normalized),
      ),
      { suggestedUrl: withV1(normalized) },
    );
  }
  return undefined;
}

function lookalikeHost(hostForCompare: string): BaseUrlFinding {
  return finding(
    'lookalike_host',
    'warning',
    t(
      "{0} is not a RutaAPI address, but its name resembles one. Check that this is the gateway you meant before you send your key there; RutaAPI's Base URL is {1}.",
      hostForCompare,
      RUTAAPI_BASE_URL,
    ),
    { suggestedUrl: RUTAAPI_BASE_URL },
  );
}

function localAddress(hostForCompare: string): BaseUrlFinding {
  return finding(
    'local_address',
    'warning',
    t(
      "{0} is only reachable from this computer or its local network. It works in VS Code, but it cannot work in Cursor: Cursor sends model requests from Cursor's servers, which cannot reach it.",
      hostForCompare,
    ),
  );
}

export function describeDestination(host: HostReading, pathReading: PathReading, findings: BaseUrlFinding[]): void {
  const { hostForCompare } = host;
  const provider = providerForHost(hostForCompare);
  const marketing = (RUTAAPI_MARKETING_HOSTS as readonly string[]).includes(hostForCompare);

  const insecure = insecureHttp(host, pathReading.path);
  if (insecure) findings.push(insecure);

  const whose = whoseHost(hostForCompare, pathReading, marketing, provider);
  if (whose) findings.push(whose);

  // A homoglyph imitation already says "do not send your key there"; a weaker warning would dilute it.
  const idnError = findings.some((f) => f.code === 'idn_host' && f.severity === 'error');
  if (!idnError && !marketing && !provider && looksLikeRutaapiHost(hostForCompare)) findings.push(lookalikeHost(hostForCompare));

  if (isPrivateHost(hostForCompare)) findings.push(localAddress(hostForCompare));
}
