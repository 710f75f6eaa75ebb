/**
 * Phase 3 of the Base URL analysis: the host the request would really reach. A person reads the
 * URL and trusts the name they see, so everything that makes the name read differently from where
 * the key goes is reported here: look-alike letters, a host hidden behind user info, credentials.
 */
import { t } from '../l10n';
import { RUTAAPI_BASE_URL } from '../constants';
import { cleanHost, hasPunycodeLabel, hostToUnicode, isEmptyHost } from '../hostName';
import { deceptiveUserinfo, imitatesRutaapiWithHomoglyphs } from '../hostLookalike';
import { inertText } from '../inertText';
import type { BaseUrlFinding } from '../types';
import { finding, unparseable } from './finding';
import { splitRaw, type RawParts } from './rawParts';
import type { SchemeReading } from './scheme';

export interface HostReading {
  url: URL;
  raw: RawParts;
  /** `http:` or `https:`. */
  protocol: string;
  /** For comparisons: lower-case, no brackets, no trailing dot. */
  hostForCompare: string;
  /** As it goes into the normalized URL. */
  hostWithPort: string;
}

/** The parsed URL and its host, or undefined when the analysis must stop. */
export function readHost({ candidate, missingScheme }: SchemeReading, findings: BaseUrlFinding[]): HostReading | undefined {
  const raw = splitRaw(candidate);
  if (missingScheme && !looksLikeBareHost(raw.rawHost)) {
    findings.push(unparseable());
    return undefined;
  }

  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    findings.push(unparseable());
    return undefined;
  }
  const protocol = url.protocol.toLowerCase();
  if (protocol !== 'http:' && protocol !== 'https:') {
    findings.push(
      finding(
        'unsupported_scheme',
        'error',
        t('"{0}" is not supported. The Base URL must start with https://, for example {1}.', protocol, RUTAAPI_BASE_URL),
        {
          suggestedUrl: RUTAAPI_BASE_URL,
        },
      ),
    );
    return undefined;
  }
  let hostname = url.hostname;
  if (!hostname || isEmptyHost(hostname)) {
    findings.push(unparseable());
    return undefined;
  }
  if (!hostname.startsWith('[')) {
    const stripped = hostname.replace(/\.+$/, '');
    if (stripped) hostname = stripped;
  }
  const hostWithPort = url.port ? `${hostname}:${url.port}` : hostname;

  // Reported only now: the added https:// led to a URL worth reporting on.
  if (missingScheme) {
    findings.push(finding('missing_scheme', 'info', t('Added https:// in front of the Base URL.')));
  }
  reportHostSpelling(raw.rawHost, hostname, findings);
  reportUserinfo(raw, url, hostWithPort, findings);
  return { url, raw, protocol, hostForCompare: cleanHost(hostname), hostWithPort };
}

/** Without a scheme, only accept something that looks like a host name or address. */
function looksLikeBareHost(rawHost: string): boolean {
  const host = rawHost.toLowerCase();
  const bracketed = host.startsWith('[');
  // eslint-disable-next-line no-control-regex -- "not ASCII" is the range from NUL to DEL
  const looksLikeHost = host.includes('.') || host === 'localhost' || bracketed || /[^\x00-\x7f]/.test(host);
  const startsOrEndsWithPunctuation = /^[.-]|[.-]$/.test(host.replace(/\.$/, ''));
  return looksLikeHost && (bracketed || !startsOrEndsWithPunctuation);
}

function reportHostSpelling(rawHost: string, hostname: string, findings: BaseUrlFinding[]): void {
  // eslint-disable-next-line no-control-regex -- "not ASCII" is the range from NUL to DEL
  const rawHasNonAscii = /[^\x00-\x7f]/.test(rawHost);
  const puny = hasPunycodeLabel(hostname);
  if (rawHasNonAscii || puny) {
    const unicode = rawHasNonAscii ? rawHost.toLowerCase() : hostToUnicode(hostname);
    if (imitatesRutaapiWithHomoglyphs(unicode) || imitatesRutaapiWithHomoglyphs(hostToUnicode(hostname))) {
      findings.push(
        finding(
          'idn_host',
          'error',
          t(
            'The host "{0}" imitates RutaAPI with look-alike letters; its real name is {1}. Do not send your key there. RutaAPI\'s Base URL is {2}.',
            unicode,
            hostname,
            RUTAAPI_BASE_URL,
          ),
          { suggestedUrl: RUTAAPI_BASE_URL },
        ),
      );
    } else if (puny) {
      findings.push(
        finding(
          'idn_host',
          'warning',
          t(
            'The host "{0}" contains non-Latin characters; its real name is {1}. Check that this is the address you meant.',
            unicode,
            hostname,
          ),
        ),
      );
    } else {
      findings.push(finding('idn_host', 'info', t('The host contained special characters and was read as {0}.', hostname)));
    }
  } else if (/[A-Z]/.test(rawHost)) {
    findings.push(finding('uppercase_host', 'info', t('Host names are not case-sensitive; using {0}.', hostname)));
  }
}

function reportUserinfo(raw: RawParts, url: URL, hostWithPort: string, findings: BaseUrlFinding[]): void {
  const deceptive = raw.hasUserinfo ? deceptiveUserinfo(raw.userinfo) : undefined;
  if (deceptive) {
    // `https://api.rutaapi.com@gw.attacker.example/v1` reads as RutaAPI but goes to the attacker.
    findings.push(
      finding(
        'userinfo_host',
        'error',
        t(
          'The Base URL seems to start with "{0}", but that part is only a user name: the request would really go to {1}. Do not send your key there. RutaAPI\'s Base URL is {2}.',
          inertText(deceptive.shown, { maxChars: 80 }),
          hostWithPort,
          RUTAAPI_BASE_URL,
        ),
        { suggestedUrl: RUTAAPI_BASE_URL },
      ),
    );
  } else if (raw.hasUserinfo || url.username || url.password) {
    findings.push(
      finding(
        'credentials_in_url',
        'warning',
        t('The Base URL contains a user name or password; they were removed. Put the API key in the API key field, never in the URL.'),
      ),
    );
  }
}
