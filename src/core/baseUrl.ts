/**
 * Base URL analysis: the raw text the user typed or pasted → the URL verification uses plus a
 * list of findings (stable code, severity, one sentence, optional one-click corrected URL).
 *
 * Fixed silently in `normalized` (and reported): surrounding whitespace, a missing scheme,
 * credentials, query/fragment, trailing and doubled slashes, a pasted endpoint suffix, an
 * uppercase host. Reported with a suggested URL but never replaced: the marketing site, the
 * dashboard, a missing `/v1`, another provider's host, plain http.
 *
 * The analysis runs in phases (src/core/baseUrl/): text → scheme → host → path → destination.
 * Each adds its findings; one that finds no usable URL stops the run, with its reason as the
 * last finding.
 *
 * Pure TypeScript, no `vscode` and no Node built-ins (the webview may bundle it). Never throws.
 */
import { t } from './l10n';
import type { BaseUrlAnalysis, BaseUrlFinding } from './types';
import { finding, unparseable } from './baseUrl/finding';
import { readText } from './baseUrl/text';
import { parsesAsHttpUrl, readScheme } from './baseUrl/scheme';
import { readHost } from './baseUrl/host';
import { readPath } from './baseUrl/path';
import { describeDestination } from './baseUrl/destination';

export { withV1 } from './baseUrl/path';
export { hostToUnicode, isLoopbackHost, isPrivateHost } from './hostName';

interface AnalyzeBaseUrlOptions {
  asEntered?: boolean;
}

interface Analysis {
  normalized: string | null;
  findings: BaseUrlFinding[];
}

function analyze(rawInput: string): Analysis {
  const findings: BaseUrlFinding[] = [];
  const stopped: Analysis = { normalized: null, findings };
  const trimmed = readText(rawInput, findings);
  if (trimmed === undefined) return stopped;
  const scheme = readScheme(trimmed, findings, (text) => analyze(text).normalized);
  if (!scheme) return stopped;
  const host = readHost(scheme, findings);
  if (!host) return stopped;
  const path = readPath(host, findings);
  if (!path) return stopped;
  describeDestination(host, path, findings);
  return { normalized: path.normalized, findings };
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
  let result: Analysis;
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
