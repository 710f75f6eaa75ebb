/**
 * API key analysis: cleans what people paste (surrounding whitespace, `Bearer `, quotes), rejects
 * what cannot be a key, names foreign key formats, and redacts keys for display.
 * Pure TypeScript, no `vscode`. Never throws. The cleaned key must never be logged or shown.
 */
import { t } from './l10n';
import { platformForKey } from './providers';
import type { KeyAnalysis, KeyFinding } from './types';

/**
 * Shortest accepted key. RutaAPI keys are much longer; sandbox keys such as
 * `sk-ruta-sandbox-ok-1` (20 characters) must pass.
 */
export const MIN_KEY_LENGTH = 16;

const QUOTE_PAIRS: ReadonlyArray<[string, string]> = [
  ['"', '"'],
  ["'", "'"],
  ['`', '`'],
  ['\u201c', '\u201d'], // “ ”
  ['\u2018', '\u2019'], // ‘ ’
  ['\u00ab', '\u00bb'], // « »
];

function keyFinding(code: KeyFinding['code'], severity: KeyFinding['severity'], message: string, platform?: string): KeyFinding {
  const f: KeyFinding = { code, severity, message };
  if (platform !== undefined) f.platform = platform;
  return f;
}

/**
 * Redacts a key for display: at most 5 leading characters and the last 4, e.g. `sk-ru…a1b2`.
 * Shorter keys reveal less (16–23 chars: 3 + 4; 8–15: last 2; under 8: nothing), so the
 * redaction never carries enough to reconstruct the key.
 */
export function redactKey(key: string | null | undefined): string {
  if (typeof key !== 'string' || key.length === 0) return '';
  const chars = Array.from(key);
  const n = chars.length;
  if (n < 8) return '…';
  if (n < 16) return `…${chars.slice(-2).join('')}`;
  const prefix = n >= 24 ? 5 : 3;
  return `${chars.slice(0, prefix).join('')}…${chars.slice(-4).join('')}`;
}

/**
 * The key prefix alone (`sk-ru…`), for text that leaves the editor: the support guide asks for
 * "the key prefix if needed", nothing more.
 */
export function keyPrefix(key: string | null | undefined): string {
  if (typeof key !== 'string' || key.length === 0) return '';
  const chars = Array.from(key);
  return chars.length < 16 ? '…' : `${chars.slice(0, chars.length >= 24 ? 5 : 3).join('')}…`;
}

interface Peeled {
  text: string;
  removedBearer: boolean;
  removedQuotes: boolean;
}

/** Peels `Authorization:` / `Bearer ` and quotes in any order, until nothing changes. */
function peelWrapping(trimmed: string): Peeled {
  let text = trimmed;
  let removedBearer = false;
  let removedQuotes = false;
  for (let guard = 0; guard < 8; guard++) {
    const before = text;
    const header = /^authorization\s*:\s*/i.exec(text);
    if (header) text = text.slice(header[0].length).trim();
    if (/^bearer\s*:?$/i.test(text)) {
      text = '';
      removedBearer = true;
      break;
    }
    const bearer = /^bearer(\s+|\s*:\s*)/i.exec(text);
    if (bearer && text.length > bearer[0].length) {
      text = text.slice(bearer[0].length).trim();
      removedBearer = true;
    } else if (header) {
      removedBearer = true;
    }
    for (const [open, close] of QUOTE_PAIRS) {
      if (text.length >= 2 && text.startsWith(open) && text.endsWith(close)) {
        text = text.slice(open.length, text.length - close.length).trim();
        removedQuotes = true;
        break;
      }
    }
    if (text === before) break;
  }
  return { text, removedBearer, removedQuotes };
}

/** What was removed around the key, as info findings. */
function cleaningFindings(raw: string, trimmed: string, peeled: Peeled): KeyFinding[] {
  const findings: KeyFinding[] = [];
  if (trimmed !== raw && trimmed.length > 0) {
    findings.push(keyFinding('trimmed_whitespace', 'info', t('Removed spaces or line breaks around the key.')));
  }
  if (peeled.removedBearer) {
    findings.push(keyFinding('removed_bearer_prefix', 'info', t('Removed "Bearer " in front of the key: paste only the key itself.')));
  }
  if (peeled.removedQuotes) {
    findings.push(keyFinding('removed_quotes', 'info', t('Removed the quotes around the key.')));
  }
  return findings;
}

/** Why a non-empty cleaned text cannot be a key (none: it may be one). */
function shapeErrors(text: string): KeyFinding[] {
  const errors: KeyFinding[] = [];
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /^www\./i.test(text)) {
    errors.push(
      keyFinding(
        'looks_like_url',
        'error',
        t("This looks like a URL, not an API key. The URL belongs in the Base URL field; the key comes from the dashboard's Tokens page."),
      ),
    );
  } else if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) {
    errors.push(
      keyFinding(
        'looks_like_email',
        'error',
        t('This looks like an e-mail address, not an API key. Create a key in the RutaAPI dashboard (Tokens) and paste it here.'),
      ),
    );
  }
  if (/\s/.test(text)) {
    errors.push(
      keyFinding(
        'inner_whitespace',
        'error',
        t(
          'The key contains spaces or line breaks inside it, so part of something else was copied with it. Copy the key again, on its own.',
        ),
      ),
    );
  }
  if (/[^\x20-\x7e\s]/.test(text)) {
    errors.push(
      keyFinding(
        'non_ascii',
        'error',
        t(
          'The key contains characters that are not plain ASCII (for example smart quotes, accented letters or invisible characters). HTTP headers cannot carry them, so the request cannot even be sent. Copy the key again from the dashboard.',
        ),
      ),
    );
  }
  if (errors.length === 0 && Array.from(text).length < MIN_KEY_LENGTH) {
    errors.push(
      keyFinding(
        'too_short',
        'error',
        t('The key is too short ({0} characters): part of it is probably missing. Copy the whole key again.', Array.from(text).length),
      ),
    );
  }
  return errors;
}

/** The warning for a key in another platform's format, if it is one. */
function foreignKeyFinding(platform: string): KeyFinding {
  return keyFinding(
    'foreign_key_format',
    'warning',
    t(
      'This looks like a key from {0}, not from RutaAPI. RutaAPI will reject it; create a key in the RutaAPI dashboard (Tokens).',
      platform,
    ),
    platform,
  );
}

/** Cleans and checks a pasted API key. Never throws. */
export function analyzeApiKey(input: string): KeyAnalysis {
  const raw = typeof input === 'string' ? input : input == null ? '' : String(input);
  try {
    const trimmed = raw.trim();
    const peeled = peelWrapping(trimmed);
    const findings = cleaningFindings(raw, trimmed, peeled);
    const text = peeled.text;

    if (text.length === 0) {
      findings.push(
        keyFinding('empty', 'error', t('The API key is empty. Create a key in the RutaAPI dashboard (Tokens) and paste it here.')),
      );
      return { cleaned: null, redacted: '', findings };
    }

    const errors = shapeErrors(text);
    findings.push(...errors);

    const platform = platformForKey(text);
    if (platform) findings.push(foreignKeyFinding(platform));

    const result: KeyAnalysis = {
      cleaned: errors.length > 0 ? null : text,
      redacted: redactKey(text),
      findings,
    };
    if (platform) result.foreignPlatform = platform;
    return result;
  } catch {
    return {
      cleaned: null,
      redacted: '…',
      findings: [keyFinding('non_ascii', 'error', t('The key could not be read. Copy it again from the dashboard.'))],
    };
  }
}
