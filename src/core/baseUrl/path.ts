/**
 * Phase 4 of the Base URL analysis: the path, down to the API root. Clients append
 * `/chat/completions` themselves, so a pasted endpoint, a query or a trailing slash would make
 * every request go to a wrong path; they are removed and reported.
 */
import { t } from '../l10n';
import type { BaseUrlFinding } from '../types';
import { finding, unparseable } from './finding';
import type { HostReading } from './host';

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

export interface PathReading {
  /** The path's segments once endpoints are stripped. */
  segments: string[];
  /** `/seg/…`, or '' for the origin itself. */
  path: string;
  normalized: string;
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

/** The normalized URL and its path, or undefined when the analysis must stop. */
export function readPath({ url, raw, protocol, hostWithPort }: HostReading, findings: BaseUrlFinding[]): PathReading | undefined {
  if (raw.hasQueryOrFragment || url.search || url.hash) {
    findings.push(finding('query_or_fragment', 'warning', t('Removed the part after "?" or "#": the Base URL is only the API root.')));
  }

  const rawPath = raw.rawPath.replace(/\\/g, '/');
  if (/\/\/+/.test(rawPath) || /\/\/+/.test(url.pathname)) {
    findings.push(finding('double_slash', 'info', t('Removed doubled slashes from the Base URL path.')));
  }
  const endpoint = stripEndpoint(url.pathname.split('/').filter((s) => s.length > 0));
  if (rawPath.endsWith('/')) {
    findings.push(finding('trailing_slash', 'info', t('Removed the trailing slash from the Base URL.')));
  }
  const segments = endpoint.segments;
  const path = segments.length > 0 ? `/${segments.join('/')}` : '';
  const normalized = `${protocol}//${hostWithPort}${path}`;
  if (!parsesBackToItself(normalized)) {
    findings.push(unparseable());
    return undefined;
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
  return { segments, path, normalized };
}

/** The final guard: a normalized URL that the parser would read differently is not offered. */
function parsesBackToItself(normalized: string): boolean {
  try {
    const check = new URL(normalized);
    const again = `${check.protocol}//${check.host}${check.pathname === '/' ? '' : check.pathname}`;
    return !(again !== normalized || check.search || check.hash || check.username || check.password);
  } catch {
    return false;
  }
}
