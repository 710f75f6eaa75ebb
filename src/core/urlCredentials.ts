/**
 * A Base URL pasted with user:password in it carries a secret the key scrubber does not know.
 * Everything that echoes the URL the user entered (diagnoses, doctor output, logs, the support
 * report) goes through these first.
 */

// user:password@ right after a scheme, or at the very start of a scheme-less paste.
const CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/|^\s*)[^/?#@\s]*@/gi;

export function withoutCredentials(text: string): string {
  return text.replace(CREDENTIALS, '$1');
}

/** The user:password part, its pieces and their decoded forms, for a Scrubber. */
export function urlCredentials(text: string): string[] {
  const out: string[] = [];
  const m = /(?:\b[a-z][a-z0-9+.-]*:\/\/|^\s*)([^/?#@\s]*)@/i.exec(text);
  if (m && m[1]) {
    out.push(m[1]);
    for (const part of m[1].split(':')) {
      if (!part) continue;
      out.push(part);
      try {
        const decoded = decodeURIComponent(part);
        if (decoded !== part) out.push(decoded);
      } catch {
        /* keep the raw form */
      }
    }
  }
  return out;
}
