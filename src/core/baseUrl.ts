/**
 * Base URL analysis: the raw text the user typed or pasted → the URL verification uses plus a
 * list of findings (stable code, severity, one sentence, optional one-click corrected URL).
 *
 * Fixed silently in `normalized` (and reported): surrounding whitespace, a missing scheme,
 * credentials, query/fragment, trailing and doubled slashes, a pasted endpoint suffix, an
 * uppercase host. Reported with a suggested URL but never replaced: the marketing site, the
 * dashboard, a missing `/v1`, another provider's host, plain http.
 *
 * Pure TypeScript, no `vscode` and no Node built-ins (the webview may bundle it). Never throws.
 */
import { t } from './l10n';
import {
  RUTAAPI_API_HOST,
  RUTAAPI_BASE_URL,
  RUTAAPI_DASHBOARD_HOST,
  RUTAAPI_MARKETING_HOSTS,
} from './constants';
import { providerForHost } from './providers';
import { deceptiveUserinfo, looksLikeRutaapiHost } from './hostLookalike';
import { inertText } from './inertText';
import type { BaseUrlAnalysis, BaseUrlFinding } from './types';

export interface AnalyzeBaseUrlOptions {
  asEntered?: boolean;
}

/**
 * Path suffixes of single endpoints that users paste instead of the API root, longest first.
 * Compared case-insensitively against the last path segments.
 */
const ENDPOINT_SUFFIXES: readonly string[][] = [
  ['chat', 'completions'],
  ['images', 'generations'],
  ['audio', 'transcriptions'],
  ['audio', 'speech'],
  ['completions'],
  ['responses'],
  ['models'],
  ['embeddings'],
  ['moderations'],
  ['messages'],
];

const SUPPORTED_SCHEMES = new Set(['http', 'https']);
/** Longer text is not a Base URL (and would only slow the analysis down). */
export const MAX_URL_LENGTH = 2048;
/** Schemes that are never a host name, even when followed by `user@host`. */
const KNOWN_OTHER_SCHEMES = new Set([
  'mailto', 'javascript', 'vbscript', 'data', 'file', 'ftp', 'ftps', 'sftp', 'ssh', 'git', 'ws', 'wss',
  'about', 'blob', 'chrome', 'edge', 'vscode', 'cursor', 'tel', 'sms', 'urn', 'view-source',
]);

// ---------------------------------------------------------------------------------------------
// Host classification

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function cleanHost(hostname: string): string {
  return stripBrackets(String(hostname ?? '').trim().toLowerCase()).replace(/\.+$/, '');
}

function parseIPv4(host: string): [number, number, number, number] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number) as [number, number, number, number];
  return parts.every((p) => p <= 255) ? parts : undefined;
}

/** Expands an IPv6 literal (no brackets) to 8 numbers, or undefined when it is not one. */
function parseIPv6(host: string): number[] | undefined {
  if (!host.includes(':')) return undefined;
  let text = host.split('%')[0] ?? '';
  // IPv4-mapped / embedded tail.
  const v4tail = /(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(text);
  if (v4tail) {
    const v4 = parseIPv4(v4tail[1] ?? '');
    if (!v4) return undefined;
    const hi = ((v4[0] << 8) | v4[1]).toString(16);
    const lo = ((v4[2] << 8) | v4[3]).toString(16);
    text = text.slice(0, -(v4tail[1] ?? '').length) + `${hi}:${lo}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    for (const part of s.split(':')) {
      if (!/^[0-9a-f]{1,4}$/i.test(part)) return undefined;
      out.push(parseInt(part, 16));
    }
    return out;
  };
  const head = parse(halves[0] ?? '');
  const tail = halves.length === 2 ? parse(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

function isIPv4MappedOrCompat(words: number[]): boolean {
  return words.slice(0, 5).every((w) => w === 0) && (words[5] === 0xffff || words[5] === 0);
}

function v4FromWords(words: number[]): [number, number, number, number] {
  const hi = words[6] ?? 0;
  const lo = words[7] ?? 0;
  return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff];
}

/**
 * True for hosts that are this machine: `localhost` and `*.localhost`, 127.0.0.0/8, 0.0.0.0,
 * ::1 (with or without brackets) and IPv4-mapped loopback. Case-insensitive.
 */
export function isLoopbackHost(hostname: string): boolean {
  try {
    const host = cleanHost(hostname);
    if (!host) return false;
    if (host === 'localhost' || host.endsWith('.localhost')) return true;
    const v4 = parseIPv4(host);
    if (v4) return v4[0] === 127 || (v4[0] === 0 && v4[1] === 0 && v4[2] === 0 && v4[3] === 0);
    const v6 = parseIPv6(host);
    if (v6) {
      if (v6.slice(0, 7).every((w) => w === 0) && (v6[7] === 1 || v6[7] === 0)) return true;
      if (isIPv4MappedOrCompat(v6) && v6[5] === 0xffff) return v4FromWords(v6)[0] === 127;
    }
    return false;
  } catch {
    return false;
  }
}

/**
 * True for hosts only this machine or its local network can reach: loopback, RFC 1918
 * (10/8, 172.16/12, 192.168/16), link-local 169.254/16, carrier-grade NAT 100.64/10,
 * IPv6 unique-local fc00::/7 and link-local fe80::/10, `*.local`, `*.internal`, `*.lan`,
 * `*.home.arpa`, and single-label intranet names (no dot). Cursor's servers cannot reach them.
 */
export function isPrivateHost(hostname: string): boolean {
  try {
    const host = cleanHost(hostname);
    if (!host) return false;
    if (isLoopbackHost(host)) return true;
    const v4 = parseIPv4(host);
    if (v4) return isPrivateV4(v4);
    const v6 = parseIPv6(host);
    if (v6) {
      const first = v6[0] ?? 0;
      if ((first & 0xfe00) === 0xfc00) return true; // fc00::/7
      if ((first & 0xffc0) === 0xfe80) return true; // fe80::/10
      if (isIPv4MappedOrCompat(v6) && v6[5] === 0xffff) return isPrivateV4(v4FromWords(v6));
      return false;
    }
    if (/(^|\.)(local|internal|lan|home\.arpa|intranet|corp)$/.test(host)) return true;
    return !host.includes('.');
  } catch {
    return false;
  }
}

function isPrivateV4([a, b]: [number, number, number, number]): boolean {
  return (
    a === 10 ||
    a === 127 ||
    a === 0 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) ||
    (a === 100 && b >= 64 && b <= 127)
  );
}

/** Adds `/v1` to an API root: `https://api.rutaapi.com` → `https://api.rutaapi.com/v1`. */
export function withV1(url: string): string {
  const text = String(url ?? '').trim();
  try {
    const parsed = new URL(text);
    const path = parsed.pathname.replace(/\/+$/, '');
    if (/\/v1$/i.test(path)) return `${parsed.protocol}//${parsed.host}${path}`;
    return `${parsed.protocol}//${parsed.host}${path}/v1`;
  } catch {
    const base = text.replace(/[?#].*$/s, '').replace(/\/+$/, '');
    return /\/v1$/i.test(base) ? base : `${base}/v1`;
  }
}

// ---------------------------------------------------------------------------------------------
// IDN / homoglyphs

const PUNY_BASE = 36;

/** RFC 3492 decoding of one `xn--` label's payload; undefined when invalid. */
function punycodeDecode(input: string): string | undefined {
  const output: number[] = [];
  const delim = input.lastIndexOf('-');
  const basic = delim > 0 ? delim : 0;
  for (let j = 0; j < basic; j++) {
    const c = input.charCodeAt(j);
    if (c >= 0x80) return undefined;
    output.push(c);
  }
  let n = 128;
  let i = 0;
  let bias = 72;
  for (let index = basic > 0 ? basic + 1 : 0; index < input.length; ) {
    const oldi = i;
    let w = 1;
    for (let k = PUNY_BASE; ; k += PUNY_BASE) {
      if (index >= input.length) return undefined;
      const cp = input.charCodeAt(index++);
      const digit =
        cp >= 48 && cp <= 57 ? cp - 22 : cp >= 65 && cp <= 90 ? cp - 65 : cp >= 97 && cp <= 122 ? cp - 97 : PUNY_BASE;
      if (digit >= PUNY_BASE) return undefined;
      i += digit * w;
      const tk = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
      if (digit < tk) break;
      w *= PUNY_BASE - tk;
      if (w > 0x7fffffff) return undefined;
    }
    const len = output.length + 1;
    let delta = oldi === 0 ? Math.floor((i - oldi) / 700) : (i - oldi) >> 1;
    delta += Math.floor(delta / len);
    let k = 0;
    while (delta > ((PUNY_BASE - 1) * 26) >> 1) {
      delta = Math.floor(delta / (PUNY_BASE - 1));
      k += PUNY_BASE;
    }
    bias = Math.floor(k + ((PUNY_BASE - 1 + 1) * delta) / (delta + 38));
    n += Math.floor(i / len);
    i %= len;
    if (n > 0x10ffff) return undefined;
    output.splice(i++, 0, n);
    if (output.length > 256) return undefined;
  }
  try {
    return String.fromCodePoint(...output);
  } catch {
    return undefined;
  }
}

/** `xn--` labels → Unicode, other labels unchanged. */
export function hostToUnicode(hostname: string): string {
  return String(hostname ?? '')
    .split('.')
    .map((label) => {
      if (!/^xn--/i.test(label)) return label;
      return punycodeDecode(label.slice(4).toLowerCase()) ?? label;
    })
    .join('.');
}

/** Letters that look like Latin ones (Cyrillic, Greek, a few others) → the Latin letter. */
const CONFUSABLES: Record<string, string> = {
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', і: 'i', ј: 'j', ѕ: 's', ԁ: 'd',
  ӏ: 'l', һ: 'h', ԛ: 'q', ԝ: 'w', к: 'k', м: 'm', т: 't', в: 'b', н: 'h', г: 'r', ү: 'y',
  α: 'a', ο: 'o', ρ: 'p', τ: 't', υ: 'u', ι: 'i', κ: 'k', ν: 'v', χ: 'x', ε: 'e',
  'ı': 'i', 'ɑ': 'a', 'ạ': 'a', 'á': 'a', 'à': 'a', 'â': 'a', 'ä': 'a', 'ã': 'a', 'å': 'a',
  'ú': 'u', 'ù': 'u', 'û': 'u', 'ü': 'u', 'ụ': 'u', 'í': 'i', 'ì': 'i', 'ï': 'i', 'ṭ': 't',
  'ţ': 't', 'ť': 't', 'ṗ': 'p', '０': '0', '１': '1',
};

function latinSkeleton(text: string): string {
  let out = '';
  for (const ch of text.toLowerCase()) out += CONFUSABLES[ch] ?? ch;
  return out;
}

function looksLikeRutaapi(unicodeHost: string): boolean {
  const skeleton = latinSkeleton(unicodeHost);
  if (skeleton === unicodeHost) return false;
  return skeleton === 'rutaapi.com' || skeleton.endsWith('.rutaapi.com') || /(^|[.-])rutaapi([.-]|$)/.test(skeleton);
}

// ---------------------------------------------------------------------------------------------
// Analysis

interface RawParts {
  scheme?: string;
  rawHost: string;
  hasUserinfo: boolean;
  /** The raw text before the last `@` of the authority ('' when none). */
  userinfo: string;
  rawPath: string;
  hasQueryOrFragment: boolean;
}

function splitRaw(candidate: string): RawParts {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(.*)$/s.exec(candidate);
  const rest = m ? (m[2] ?? '') : candidate;
  const authEnd = rest.search(/[/\\?#]/);
  const authority = authEnd === -1 ? rest : rest.slice(0, authEnd);
  const afterAuthority = authEnd === -1 ? '' : rest.slice(authEnd);
  const at = authority.lastIndexOf('@');
  const hostPort = at === -1 ? authority : authority.slice(at + 1);
  let rawHost: string;
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    rawHost = close === -1 ? hostPort : hostPort.slice(0, close + 1);
  } else {
    const colon = hostPort.lastIndexOf(':');
    rawHost = colon === -1 ? hostPort : hostPort.slice(0, colon);
  }
  const qf = afterAuthority.search(/[?#]/);
  const rawPath = qf === -1 ? afterAuthority : afterAuthority.slice(0, qf);
  return {
    scheme: m ? (m[1] ?? '').toLowerCase() : undefined,
    rawHost,
    hasUserinfo: at !== -1,
    userinfo: at === -1 ? '' : authority.slice(0, at),
    rawPath,
    hasQueryOrFragment: qf !== -1,
  };
}

function finding(
  code: BaseUrlFinding['code'],
  severity: BaseUrlFinding['severity'],
  message: string,
  extra: Partial<Pick<BaseUrlFinding, 'suggestedUrl' | 'provider'>> = {},
): BaseUrlFinding {
  const f: BaseUrlFinding = { code, severity, message };
  if (extra.suggestedUrl !== undefined) f.suggestedUrl = extra.suggestedUrl;
  if (extra.provider !== undefined) f.provider = extra.provider;
  return f;
}

function unparseable(message?: string): BaseUrlFinding {
  return finding(
    'unparseable',
    'error',
    message ??
      t('This is not a URL. Enter the API root, for example {0}.', RUTAAPI_BASE_URL),
    { suggestedUrl: RUTAAPI_BASE_URL },
  );
}

/** Returns true when `text` parses as an http(s) URL. */
function parsesAsHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0;
  } catch {
    return false;
  }
}

/** Drops trailing matched endpoint suffixes; returns the remaining segments and what was stripped. */
function stripEndpoint(segments: string[]): { segments: string[]; stripped: string[] } {
  let current = segments.slice();
  const stripped: string[] = [];
  let changed = true;
  while (changed && current.length > 0) {
    changed = false;
    for (const suffix of ENDPOINT_SUFFIXES) {
      if (suffix.length > current.length) continue;
      const tail = current.slice(current.length - suffix.length).map((s) => s.toLowerCase());
      if (tail.every((s, i) => s === suffix[i])) {
        stripped.unshift(...current.slice(current.length - suffix.length));
        current = current.slice(0, current.length - suffix.length);
        changed = true;
        break;
      }
    }
  }
  return { segments: current, stripped };
}

function analyze(rawInput: string): { normalized: string | null; findings: BaseUrlFinding[] } {
  const findings: BaseUrlFinding[] = [];
  const trimmed = rawInput.trim();

  if (trimmed.length === 0) {
    findings.push(
      finding('empty', 'error', t('The Base URL is empty. RutaAPI\'s Base URL is {0}.', RUTAAPI_BASE_URL), {
        suggestedUrl: RUTAAPI_BASE_URL,
      }),
    );
    return { normalized: null, findings };
  }
  if (trimmed !== rawInput) {
    findings.push(
      finding('whitespace', 'info', t('Removed spaces or line breaks around the Base URL.')),
    );
  }
  if (/[\s\u0000-\u001f\u007f\u200b-\u200d\u2060\ufeff]/.test(trimmed)) {
    findings.push(
      finding(
        'whitespace',
        'error',
        t('The Base URL contains spaces, line breaks or invisible characters inside it. Paste only the API root, for example {0}.', RUTAAPI_BASE_URL),
        { suggestedUrl: RUTAAPI_BASE_URL },
      ),
    );
    return { normalized: null, findings };
  }

  if (trimmed.length > MAX_URL_LENGTH) {
    findings.push(
      unparseable(t('This text is too long to be a Base URL ({0} characters). Enter the API root, for example {1}.', trimmed.length, RUTAAPI_BASE_URL)),
    );
    return { normalized: null, findings };
  }

  // Scheme.
  let candidate = trimmed;
  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/s.exec(trimmed);
  let missingScheme = false;
  if (schemeMatch && (schemeMatch[2] ?? '').startsWith('//')) {
    const scheme = (schemeMatch[1] ?? '').toLowerCase();
    if (!SUPPORTED_SCHEMES.has(scheme)) {
      let suggestedUrl: string | undefined;
      const rest = (schemeMatch[2] ?? '').slice(2);
      if (rest && !rest.startsWith('/') && parsesAsHttpUrl(`https://${rest}`)) {
        const again = analyze(`https://${rest}`).normalized;
        if (again) suggestedUrl = again;
      }
      findings.push(
        finding(
          'unsupported_scheme',
          'error',
          t('"{0}:" is not supported. The Base URL must start with https://, for example {1}.', scheme, RUTAAPI_BASE_URL),
          { suggestedUrl: suggestedUrl ?? RUTAAPI_BASE_URL },
        ),
      );
      return { normalized: null, findings };
    }
  } else if (trimmed.startsWith('//')) {
    candidate = `https:${trimmed}`;
    missingScheme = true;
  } else if (
    schemeMatch &&
    !/^\d+([/?#]|$)/.test(schemeMatch[2] ?? '') &&
    !(schemeMatch[1] ?? '').includes('.') &&
    (!/^[^/?#]*@/.test(schemeMatch[2] ?? '') || KNOWN_OTHER_SCHEMES.has((schemeMatch[1] ?? '').toLowerCase()))
  ) {
    // javascript:, mailto:, data:, file:foo … (host:port like localhost:8080 is handled below)
    const scheme = (schemeMatch[1] ?? '').toLowerCase();
    if (SUPPORTED_SCHEMES.has(scheme)) {
      // "https:api.rutaapi.com/v1" — a missing "//".
      candidate = `${scheme}://${(schemeMatch[2] ?? '').replace(/^\/*/, '')}`;
      missingScheme = true;
    } else {
      findings.push(
        finding(
          'unsupported_scheme',
          'error',
          t('"{0}:" is not supported. The Base URL must start with https://, for example {1}.', scheme, RUTAAPI_BASE_URL),
          { suggestedUrl: RUTAAPI_BASE_URL },
        ),
      );
      return { normalized: null, findings };
    }
  } else {
    candidate = `https://${trimmed}`;
    missingScheme = true;
  }

  const raw = splitRaw(candidate);
  if (missingScheme) {
    // Without a scheme only accept something that looks like a host name or address.
    const host = raw.rawHost.toLowerCase();
    const looksLikeHost =
      host.includes('.') || host === 'localhost' || host.startsWith('[') || /[^\x00-\x7f]/.test(host);
    if (!looksLikeHost || /^[.-]|[.-]$/.test(host.replace(/\.$/, '')) && !host.startsWith('[')) {
      findings.push(unparseable());
      return { normalized: null, findings };
    }
  }

  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    findings.push(unparseable());
    return { normalized: null, findings };
  }
  const protocol = url.protocol.toLowerCase();
  if (protocol !== 'http:' && protocol !== 'https:') {
    findings.push(
      finding('unsupported_scheme', 'error', t('"{0}" is not supported. The Base URL must start with https://, for example {1}.', protocol, RUTAAPI_BASE_URL), {
        suggestedUrl: RUTAAPI_BASE_URL,
      }),
    );
    return { normalized: null, findings };
  }
  let hostname = url.hostname;
  if (!hostname || stripBrackets(hostname).replace(/\./g, '') === '') {
    findings.push(unparseable());
    return { normalized: null, findings };
  }
  if (!hostname.startsWith('[')) {
    const stripped = hostname.replace(/\.+$/, '');
    if (stripped) hostname = stripped;
  }
  const hostForCompare = cleanHost(hostname);
  const hostWithPort = url.port ? `${hostname}:${url.port}` : hostname;

  if (missingScheme) {
    findings.push(
      finding('missing_scheme', 'info', t('Added https:// in front of the Base URL.')),
    );
  }

  // Host spelling.
  const rawHostNoBrackets = raw.rawHost;
  const rawHasNonAscii = /[^\x00-\x7f]/.test(rawHostNoBrackets);
  const puny = /(^|\.)xn--/i.test(hostname);
  if (rawHasNonAscii || puny) {
    const unicode = rawHasNonAscii ? rawHostNoBrackets.toLowerCase() : hostToUnicode(hostname);
    if (looksLikeRutaapi(unicode) || looksLikeRutaapi(hostToUnicode(hostname))) {
      findings.push(
        finding(
          'idn_host',
          'error',
          t('The host "{0}" imitates RutaAPI with look-alike letters; its real name is {1}. Do not send your key there. RutaAPI\'s Base URL is {2}.', unicode, hostname, RUTAAPI_BASE_URL),
          { suggestedUrl: RUTAAPI_BASE_URL },
        ),
      );
    } else if (puny) {
      findings.push(
        finding(
          'idn_host',
          'warning',
          t('The host "{0}" contains non-Latin characters; its real name is {1}. Check that this is the address you meant.', unicode, hostname),
        ),
      );
    } else {
      findings.push(
        finding('idn_host', 'info', t('The host contained special characters and was read as {0}.', hostname)),
      );
    }
  } else if (/[A-Z]/.test(rawHostNoBrackets)) {
    findings.push(
      finding('uppercase_host', 'info', t('Host names are not case-sensitive; using {0}.', hostname)),
    );
  }

  const deceptive = raw.hasUserinfo ? deceptiveUserinfo(raw.userinfo) : undefined;
  if (deceptive) {
    // `https://api.rutaapi.com@gw.attacker.example/v1` reads as RutaAPI but goes to the attacker.
    findings.push(
      finding(
        'userinfo_host',
        'error',
        t('The Base URL seems to start with "{0}", but that part is only a user name: the request would really go to {1}. Do not send your key there. RutaAPI\'s Base URL is {2}.', inertText(deceptive.shown, { maxChars: 80 }), hostWithPort, RUTAAPI_BASE_URL),
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
  if (raw.hasQueryOrFragment || url.search || url.hash) {
    findings.push(
      finding(
        'query_or_fragment',
        'warning',
        t('Removed the part after "?" or "#": the Base URL is only the API root.'),
      ),
    );
  }

  // Path.
  const rawPath = raw.rawPath.replace(/\\/g, '/');
  if (/\/\/+/.test(rawPath) || /\/\/+/.test(url.pathname)) {
    findings.push(finding('double_slash', 'info', t('Removed doubled slashes from the Base URL path.')));
  }
  let segments = url.pathname.split('/').filter((s) => s.length > 0);
  const endpoint = stripEndpoint(segments);
  if (rawPath.endsWith('/')) {
    findings.push(finding('trailing_slash', 'info', t('Removed the trailing slash from the Base URL.')));
  }
  segments = endpoint.segments;
  const path = segments.length > 0 ? `/${segments.join('/')}` : '';
  let normalized: string | null = `${protocol}//${hostWithPort}${path}`;

  // Final guard: the normalized URL must parse back to itself.
  try {
    const check = new URL(normalized);
    const again = `${check.protocol}//${check.host}${check.pathname === '/' ? '' : check.pathname}`;
    if (again !== normalized || check.search || check.hash || check.username || check.password) {
      normalized = null;
    }
  } catch {
    normalized = null;
  }
  if (normalized === null) {
    findings.push(unparseable());
    return { normalized: null, findings };
  }

  if (endpoint.stripped.length > 0) {
    findings.push(
      finding(
        'endpoint_as_base_url',
        'warning',
        t('"/{0}" is a single endpoint, not the Base URL; using the API root {1}.', endpoint.stripped.join('/'), normalized),
        { suggestedUrl: normalized },
      ),
    );
  }

  const isHttp = protocol === 'http:';
  const provider = providerForHost(hostForCompare);
  const marketing = (RUTAAPI_MARKETING_HOSTS as readonly string[]).includes(hostForCompare);

  if (isHttp && !isLoopbackHost(hostForCompare)) {
    findings.push(
      finding(
        'insecure_http',
        'error',
        t('http:// sends your API key unencrypted to {0}. Use https://.', hostForCompare),
        { suggestedUrl: `https://${hostWithPort}${path}` },
      ),
    );
  }

  if (marketing) {
    findings.push(
      finding(
        'marketing_site',
        'error',
        t('{0} is RutaAPI\'s website, not the API. RutaAPI\'s Base URL is {1}.', hostForCompare, RUTAAPI_BASE_URL),
        { suggestedUrl: RUTAAPI_BASE_URL },
      ),
    );
  } else if (hostForCompare === RUTAAPI_DASHBOARD_HOST) {
    findings.push(
      finding(
        'dashboard_url',
        'error',
        t('{0} is the RutaAPI dashboard, where you create keys and buy credits; it is not the API. RutaAPI\'s Base URL is {1}.', hostForCompare, RUTAAPI_BASE_URL),
        { suggestedUrl: RUTAAPI_BASE_URL },
      ),
    );
  } else if (hostForCompare === RUTAAPI_API_HOST) {
    if (!(segments.length === 1 && segments[0] === 'v1')) {
      findings.push(
        finding(
          'missing_v1',
          'warning',
          segments.length === 0
            ? t('RutaAPI\'s Base URL ends in /v1: {0}. Without it, requests get 404.', RUTAAPI_BASE_URL)
            : t('RutaAPI\'s Base URL is {0}; "{1}" is not its API root.', RUTAAPI_BASE_URL, path),
          { suggestedUrl: RUTAAPI_BASE_URL },
        ),
      );
    }
  } else if (provider) {
    findings.push(
      finding(
        'foreign_provider',
        'warning',
        t('This is {0}\'s API; a RutaAPI key will be rejected there. RutaAPI\'s Base URL is {1}.', provider, RUTAAPI_BASE_URL),
        { suggestedUrl: RUTAAPI_BASE_URL, provider },
      ),
    );
  } else if (segments.length === 0) {
    findings.push(
      finding(
        'missing_v1',
        'info',
        t('OpenAI-compatible APIs usually have their root at /v1 ({0}). Verification will tell whether this address works as it is.', withV1(normalized)),
        { suggestedUrl: withV1(normalized) },
      ),
    );
  }

  const idnError = findings.some((f) => f.code === 'idn_host' && f.severity === 'error');
  if (!idnError && !marketing && !provider && looksLikeRutaapiHost(hostForCompare)) {
    findings.push(
      finding(
        'lookalike_host',
        'warning',
        t('{0} is not a RutaAPI address, but its name resembles one. Check that this is the gateway you meant before you send your key there; RutaAPI\'s Base URL is {1}.', hostForCompare, RUTAAPI_BASE_URL),
        { suggestedUrl: RUTAAPI_BASE_URL },
      ),
    );
  }

  if (isPrivateHost(hostForCompare)) {
    findings.push(
      finding(
        'local_address',
        'warning',
        t('{0} is only reachable from this computer or its local network. It works in VS Code, but it cannot work in Cursor: Cursor sends model requests from Cursor\'s servers, which cannot reach it.', hostForCompare),
      ),
    );
  }

  return { normalized, findings };
}

/**
 * Findings that say what the URL points at rather than how to correct it: the opt-out from
 * corrections must not hide that the key is about to go to another provider or a local address.
 */
const DESCRIBES_THE_URL: ReadonlySet<BaseUrlFinding['code']> = new Set([
  'foreign_provider',
  'local_address',
  'idn_host',
  'credentials_in_url',
  'userinfo_host',
  'lookalike_host',
]);

/**
 * Analyses the Base URL text. With `asEntered`, `normalized` is the input exactly as typed when
 * it parses as an http(s) URL (else null), and only errors and the findings that describe the URL
 * are kept, plus a `used_as_entered` note. Never throws.
 */
export function analyzeBaseUrl(input: string, options: AnalyzeBaseUrlOptions = {}): BaseUrlAnalysis {
  const asEntered = options?.asEntered === true;
  const text = typeof input === 'string' ? input : input == null ? '' : String(input);
  let result: { normalized: string | null; findings: BaseUrlFinding[] };
  try {
    result = analyze(text);
  } catch {
    result = { normalized: null, findings: [unparseable()] };
  }
  if (!asEntered) {
    return { input: text, normalized: result.normalized, findings: result.findings, asEntered };
  }
  const normalized = text.length > 0 && parsesAsHttpUrl(text) ? text : null;
  const findings: BaseUrlFinding[] = [
    finding('used_as_entered', 'info', t('The Base URL is used exactly as entered, without corrections.')),
    ...result.findings.filter((f) => f.severity === 'error' || DESCRIBES_THE_URL.has(f.code)),
  ];
  if (normalized === null && !findings.some((f) => f.severity === 'error')) {
    findings.push(unparseable(t('Used as entered, this text is not an http(s) URL.')));
  }
  return { input: text, normalized, findings, asEntered };
}
