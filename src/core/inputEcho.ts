/**
 * Every echo of the Base URL the user entered (doctor --json `baseUrl.input`, the doctor's Base URL
 * line, the support report's "as entered" line) goes through `echoBaseUrlInput`: a pasted URL may
 * carry a secret in its query (`?pass=…`, `?api_key=…`) or fragment, and in `user:password@`. The
 * query and fragment are cut off, with a note that there was one; credentials are removed.
 * The result is still raw text: pass it through core/inertText for the surface it lands on.
 * Pure TypeScript, no `vscode`. Never throws.
 */
import { t } from './l10n';
import { withoutCredentials } from './urlCredentials';

interface BaseUrlInputParts {
  /** The input up to its first `?` or `#`, without `user:password@`. */
  kept: string;
  /** A `?…` query was cut off. */
  query: boolean;
  /** A `#…` fragment was cut off. */
  fragment: boolean;
}

/**
 * Splits the input at the first `?` or `#`. This is also where a URL parser puts the query and
 * fragment, so parseable and unparseable input are treated the same way.
 */
export function splitBaseUrlInput(input: string): BaseUrlInputParts {
  const text = typeof input === 'string' ? withoutCredentials(input) : '';
  const cut = text.search(/[?#]/);
  if (cut === -1) return { kept: text, query: false, fragment: false };
  const rest = text.slice(cut);
  return { kept: text.slice(0, cut), query: rest.startsWith('?'), fragment: rest.includes('#') };
}

/** The note that follows an echo whose query and/or fragment were removed ('' when none was). */
function removedNote(parts: Pick<BaseUrlInputParts, 'query' | 'fragment'>): string {
  if (parts.query && parts.fragment) return ` ${t('(query and fragment removed)')}`;
  if (parts.query) return ` ${t('(query removed)')}`;
  if (parts.fragment) return ` ${t('(fragment removed)')}`;
  return '';
}

/**
 * The Base URL as entered, safe to echo: no query, no fragment, no credentials, and a note when
 * something was removed. `quote` wraps the kept part in JSON quotes (shows stray whitespace).
 */
export function echoBaseUrlInput(input: string, options: { quote?: boolean } = {}): string {
  try {
    const parts = splitBaseUrlInput(input);
    const kept = options.quote ? JSON.stringify(parts.kept) : parts.kept;
    return `${kept}${removedNote(parts)}`;
  } catch {
    return '';
  }
}
