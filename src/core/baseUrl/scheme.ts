/**
 * Phase 2 of the Base URL analysis: which scheme the request would use. Only http(s) may carry
 * the key; text without a scheme is read as https (what the user almost always meant), and
 * `localhost:8080` is a host and port, not a scheme called "localhost".
 */
import { t } from '../l10n';
import { RUTAAPI_BASE_URL } from '../constants';
import type { BaseUrlFinding } from '../types';
import { finding } from './finding';

const SUPPORTED_SCHEMES = new Set(['http', 'https']);
/** Schemes that are never a host name, even when followed by `user@host`. */
const KNOWN_OTHER_SCHEMES = new Set([
  'mailto',
  'javascript',
  'vbscript',
  'data',
  'file',
  'ftp',
  'ftps',
  'sftp',
  'ssh',
  'git',
  'ws',
  'wss',
  'about',
  'blob',
  'chrome',
  'edge',
  'vscode',
  'cursor',
  'tel',
  'sms',
  'urn',
  'view-source',
]);

export interface SchemeReading {
  /** The text with an http(s) scheme, added when it was missing. */
  candidate: string;
  missingScheme: boolean;
}

/** Returns true when `text` parses as an http(s) URL. */
export function parsesAsHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0;
  } catch {
    return false;
  }
}

function unsupportedScheme(scheme: string, suggestedUrl: string = RUTAAPI_BASE_URL): BaseUrlFinding {
  return finding(
    'unsupported_scheme',
    'error',
    t('"{0}:" is not supported. The Base URL must start with https://, for example {1}.', scheme, RUTAAPI_BASE_URL),
    { suggestedUrl },
  );
}

/**
 * The text with the scheme the request would use, or undefined when the analysis must stop.
 * `normalize` analyses another text: `ftp://host/v1` is offered as its https:// form only when
 * that form is itself a usable Base URL.
 */
export function readScheme(
  trimmed: string,
  findings: BaseUrlFinding[],
  normalize: (text: string) => string | null,
): SchemeReading | undefined {
  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/s.exec(trimmed);
  if (schemeMatch && (schemeMatch[2] ?? '').startsWith('//')) {
    const scheme = (schemeMatch[1] ?? '').toLowerCase();
    if (SUPPORTED_SCHEMES.has(scheme)) return { candidate: trimmed, missingScheme: false };
    let suggestedUrl: string | undefined;
    const rest = (schemeMatch[2] ?? '').slice(2);
    if (rest && !rest.startsWith('/') && parsesAsHttpUrl(`https://${rest}`)) {
      const again = normalize(`https://${rest}`);
      if (again) suggestedUrl = again;
    }
    findings.push(unsupportedScheme(scheme, suggestedUrl ?? RUTAAPI_BASE_URL));
    return undefined;
  }
  if (trimmed.startsWith('//')) return { candidate: `https:${trimmed}`, missingScheme: true };
  if (
    schemeMatch &&
    !/^\d+([/?#]|$)/.test(schemeMatch[2] ?? '') &&
    !(schemeMatch[1] ?? '').includes('.') &&
    (!/^[^/?#]*@/.test(schemeMatch[2] ?? '') || KNOWN_OTHER_SCHEMES.has((schemeMatch[1] ?? '').toLowerCase()))
  ) {
    // javascript:, mailto:, data:, file:foo … (host:port like localhost:8080 is handled below)
    const scheme = (schemeMatch[1] ?? '').toLowerCase();
    if (SUPPORTED_SCHEMES.has(scheme)) {
      // "https:api.rutaapi.com/v1" — a missing "//".
      return { candidate: `${scheme}://${(schemeMatch[2] ?? '').replace(/^\/*/, '')}`, missingScheme: true };
    }
    findings.push(unsupportedScheme(scheme));
    return undefined;
  }
  return { candidate: `https://${trimmed}`, missingScheme: true };
}
