/**
 * Removes secrets from any text before it is shown, logged or copied: error messages, response
 * bodies, stack traces, support reports. Known secrets (added with `add`) are replaced in their raw,
 * URL-encoded and JSON-escaped forms; generic patterns (Authorization headers, `Bearer` tokens,
 * `sk-…`-style keys, `api_key=` parameters, JSON `"api_key": "…"` fields) are redacted too.
 * Pure TypeScript, no `vscode`. Never throws.
 */
import { redactKey } from './apiKey';
import { KEY_FORMATS } from './providers';

/** Secrets shorter than this are ignored by `add` (they would mangle ordinary text). */
const MIN_SECRET_LENGTH = 6;

function jsonEscaped(s: string): string {
  try {
    return JSON.stringify(s).slice(1, -1);
  } catch {
    return s;
  }
}

function jsonEscapedAscii(s: string): string {
  return jsonEscaped(s).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function safeEncode(fn: (s: string) => string, s: string): string | undefined {
  try {
    return fn(s);
  } catch {
    return undefined;
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 of UTF-8 bytes, without padding (pure: the webview has no Buffer). */
function base64NoPad(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i] ?? 0;
    const b1 = bytes[i + 1] ?? 0;
    const b2 = bytes[i + 2] ?? 0;
    const n = (b0 << 16) | (b1 << 8) | b2;
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
    for (let c = 0; c < chars; c++) out += B64[(n >> (18 - 6 * c)) & 63];
  }
  return out;
}

const toBase64Url = (s: string): string => s.replace(/\+/g, '-').replace(/\//g, '_');

/**
 * Base64 and base64url forms of `secret`: the whole encoding (with and without `=` padding), and
 * for each of the 3 byte alignments at which the secret can sit inside a longer encoded string
 * (`Bearer <key>`, `user:<key>`, JSON…) the characters that depend on the secret's bytes alone.
 * Those stable inner parts are found in any encoding that contains the secret.
 */
function base64Forms(secret: string): string[] {
  let bytes: Uint8Array;
  try {
    bytes = new TextEncoder().encode(secret);
  } catch {
    return [];
  }
  if (bytes.length < 8) return [];
  const forms: string[] = [];
  const whole = base64NoPad(bytes);
  const padded = whole + '='.repeat((4 - (whole.length % 4)) % 4);
  for (let align = 0; align < 3; align++) {
    const shifted = new Uint8Array(align + bytes.length);
    shifted.set(bytes, align);
    const encoded = base64NoPad(shifted);
    // Character i carries bits [6i, 6i + 6); the secret's bits are [8 * align, 8 * (align + n)).
    const first = Math.ceil((8 * align) / 6);
    const end = Math.floor((8 * (align + bytes.length)) / 6);
    forms.push(encoded.slice(first, end));
  }
  const out: string[] = [];
  for (const form of [padded, whole, ...forms]) out.push(form, toBase64Url(form));
  return out;
}

/** Every form in which `secret` may show up in text. */
function variantsOf(secret: string): string[] {
  const forms = new Set<string>([secret]);
  const uri = safeEncode(encodeURIComponent, secret);
  if (uri) {
    forms.add(uri);
    forms.add(uri.replace(/%20/g, '+'));
    forms.add(uri.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()));
  }
  const uriLoose = safeEncode(encodeURI, secret);
  if (uriLoose) forms.add(uriLoose);
  const json = jsonEscaped(secret);
  forms.add(json);
  forms.add(jsonEscapedAscii(secret));
  forms.add(jsonEscaped(json)); // JSON inside a JSON string
  forms.add(json.replace(/\//g, '\\/')); // escaped slashes (PHP-style JSON)
  for (const form of base64Forms(secret)) forms.add(form);
  return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH);
}

/** Replaces every occurrence, repeating until none is left (a replacement may expose an overlap). */
function replaceAllRepeatedly(text: string, needle: string, replacement: string): string {
  if (!needle || needle === replacement) return text;
  let out = text;
  for (let guard = 0; guard < 10_000 && out.includes(needle); guard++) {
    out = out.split(needle).join(replacement);
  }
  return out;
}

type Redactor = (secret: string) => string;

/** Printable ASCII without spaces: text that reads exactly as it is written. */
const PLAIN = /^[\x21-\x7e]*$/;

/**
 * What renders as nothing, so a person reading the text does not see it between the characters of
 * a key (nor in it, once it is decomposed):
 * - `Default_Ignorable_Code_Point`: zero-width characters, joiners, bidi marks and controls, the
 *   combining grapheme joiner U+034F, variation selectors (U+FE00–FE0F, U+E0100–E01EF), tags
 *   (U+E0000–E007F), the Hangul fillers U+115F, U+1160, U+3164, U+FFA0, the soft hyphen…: by
 *   definition a renderer shows nothing for them;
 * - `White_Space` (spaces of every width, line breaks, U+1680 included): blank by definition;
 *   "s k - …" still reads as the key;
 * - `Cc` and `Cf`: control and format characters (the C0/C1 controls, U+FFF9–FFFB, the Egyptian
 *   and musical format controls…): none draws a glyph of its own;
 * - `Mn` and `Me`: marks drawn on the character before them (accents, enclosing circles): a
 *   person still reads the letter under them, so `é` reads as `e` once decomposed;
 * - U+2800 BRAILLE PATTERN BLANK and U+1D159 MUSICAL SYMBOL NULL NOTEHEAD: graphic characters whose
 *   glyph is empty (common "invisible character" tricks that no property above covers).
 * Leaving too much out only widens what counts as the key: the visible characters must still
 * spell it out in order, so ordinary text is not touched.
 */
const RENDERS_BLANK = /[\p{Default_Ignorable_Code_Point}\p{White_Space}\p{Cc}\p{Cf}\p{Mn}\p{Me}\u2800\u{1D159}]/u;
const RENDERS_BLANK_ALL = new RegExp(RENDERS_BLANK.source, 'gu');

/** How each code point reads (NFKD, blanks left out); cached, bounded. */
const readCache = new Map<string, string>();

function readCodePoint(c: string): string {
  const cached = readCache.get(c);
  if (cached !== undefined) return cached;
  // NFKC's equivalences (fullwidth, mathematical and circled letters, ligatures…) compared
  // decomposed, so that a mark composed onto a letter is left out like a combining one.
  const read = RENDERS_BLANK.test(c) ? '' : c.normalize('NFKD').replace(RENDERS_BLANK_ALL, '');
  if (readCache.size < 10_000) readCache.set(c, read);
  return read;
}

const NOT_PLAIN = /[^\x21-\x7e]/gu;

/**
 * `text` as a person reads it: each code point folded by compatibility (NFKC's equivalences,
 * decomposed), every one that renders as nothing left out (`RENDERS_BLANK`).
 */
function readAsPerson(text: string): string {
  return text.replace(NOT_PLAIN, readCodePoint);
}

/**
 * `readAsPerson(text)` with, for each character `k` of it, the span `from[k]`–`to[k]` in `text` of
 * the code point it comes from (slower: only once a secret was found in the text as read).
 */
function readMap(text: string): { text: string; from: number[]; to: number[] } {
  let read = '';
  const from: number[] = [];
  const to: number[] = [];
  let i = 0;
  for (const c of text) {
    const code = c.charCodeAt(0);
    const shown = code > 0x20 && code < 0x7f ? c : readCodePoint(c);
    for (let j = 0; j < shown.length; j++) {
      from.push(i);
      to.push(i + c.length);
    }
    read += shown;
    i += c.length;
  }
  return { text: read, from, to };
}

function redactToken(token: string, redact: Redactor): string {
  if (token.includes('…')) return token; // already redacted
  return redact(token) || '…';
}

const KEY_PREFIX_ALTERNATION = [...new Set(['sk-', 'pk-', 'rk-', ...KEY_FORMATS.map((f) => f.prefix)])]
  .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  .join('|');

/** Generic secret shapes, each with the group index holding the secret. */
const GENERIC_PATTERNS: ReadonlyArray<{ re: RegExp; group: number }> = [
  // Authorization: Bearer xxx / "authorization": "Bearer xxx" / Authorization=Basic xxx
  {
    re: /(\b(?:proxy-)?authorization["']?\s*[:=]\s*["']?(?:(?:bearer|basic|token|apikey)\s+)?)([^\s"',;}\]]+)/gi,
    group: 2,
  },
  // x-api-key / api-key / x-goog-api-key headers
  { re: /(\b(?:x-(?:goog-)?api-key|api-key)["']?\s*[:=]\s*["']?)([^\s"',;}\]]+)/gi, group: 2 },
  // Bearer <token>
  { re: /(\bbearer\s+)([A-Za-z0-9._~+/=-]{6,})/gi, group: 2 },
  // JSON fields: "api_key": "…", "apiKey": "…", "token": "…", "secret": "…", "password": "…"
  {
    re: /("(?:api[_-]?key|apikey|access[_-]?token|refresh[_-]?token|token|secret|client[_-]?secret|password)"\s*:\s*")((?:[^"\\]|\\.)+)(")/gi,
    group: 2,
  },
  // Query / form parameters: ?api_key=…, &key=…, access_token=…
  {
    re: /((?:^|[?&;\s"'])(?:api[_-]?key|apikey|key|access[_-]?token|token|secret|password)=)([^&\s"'#<>]+)/gi,
    group: 2,
  },
  // sk-… style keys and other platforms' formats
  {
    re: new RegExp(`(^|[^A-Za-z0-9_-])((?:${KEY_PREFIX_ALTERNATION})[A-Za-z0-9_-]{12,})`, 'g'),
    group: 2,
  },
];

function scrubGeneric(text: string, redact: Redactor): string {
  let out = text;
  for (const { re, group } of GENERIC_PATTERNS) {
    re.lastIndex = 0;
    out = out.replace(re, (...args: unknown[]) => {
      const groups = args.slice(1, -2).map((g) => (typeof g === 'string' ? g : ''));
      return groups.map((g, i) => (i + 1 === group ? redactToken(g, redact) : g)).join('');
    });
  }
  return out;
}

export class Scrubber {
  /** form → replacement, longest forms first when scrubbing. */
  private readonly forms = new Map<string, string>();
  private ordered: Array<[string, string]> | null = null;
  /** The same forms as a person reads them (`readAsPerson`), longest first. */
  private read: Array<[string, string]> | null = null;

  /** `redact` decides what stands in for a secret; the support report shows the prefix only. */
  constructor(private readonly redact: Redactor = redactKey) {}

  /** Remembers a secret; empty and very short values (< 6 characters) are ignored. */
  add(secret: string | null | undefined): void {
    if (typeof secret !== 'string') return;
    const trimmed = secret.trim();
    for (const candidate of new Set([secret, trimmed])) {
      if (candidate.length < MIN_SECRET_LENGTH) continue;
      const replacement = this.redact(candidate) || '…';
      for (const form of variantsOf(candidate)) {
        if (!this.forms.has(form)) this.forms.set(form, replacement);
      }
    }
    this.ordered = null;
    this.read = null;
  }

  /** How many secrets (in all their forms) are known; for tests. */
  get size(): number {
    return this.forms.size;
  }

  private knownForms(): Array<[string, string]> {
    if (!this.ordered) this.ordered = [...this.forms.entries()].sort((a, b) => b[0].length - a[0].length);
    return this.ordered;
  }

  private scrubKnown(text: string): string {
    let out = text;
    for (const [form, replacement] of this.knownForms()) out = replaceAllRepeatedly(out, form, replacement);
    return out;
  }

  /** Each known form as a person reads it (see `readAsPerson`), for the interleaved pass. */
  private readForms(): Array<[string, string]> {
    if (!this.read) {
      const read = new Map<string, string>();
      for (const [form, replacement] of this.knownForms()) {
        const folded = readAsPerson(form);
        if (folded.length >= MIN_SECRET_LENGTH && !read.has(folded)) read.set(folded, replacement);
      }
      this.read = [...read.entries()].sort((a, b) => b[0].length - a[0].length);
    }
    return this.read;
  }

  /**
   * A known secret that a person still reads although it is not written as it is: characters that
   * render as nothing between its characters (zero-width, bidi, U+034F, variation selectors, tags,
   * Hangul fillers, line breaks, spaces…), or its characters in another form that reads the same
   * (fullwidth `ｓｋ`, mathematical letters, a letter with a mark on it). The text is read as a
   * person would (`readAsPerson`), the secret is found there, and its whole span in the text is replaced.
   */
  private scrubInterleaved(text: string): string {
    if (PLAIN.test(text)) return text; // printable ASCII without spaces: the raw pass saw it all
    const forms = this.readForms();
    const readText = readAsPerson(text);
    if (!forms.some(([form]) => readText.includes(form))) return text;
    const read = readMap(text);
    const spans: Array<{ start: number; end: number; replacement: string }> = [];
    for (const [form, replacement] of forms) {
      for (let k = read.text.indexOf(form); k !== -1; k = read.text.indexOf(form, k + form.length)) {
        spans.push({ start: read.from[k], end: read.to[k + form.length - 1], replacement });
      }
    }
    spans.sort((a, b) => a.start - b.start || b.end - a.end);
    let out = '';
    let done = 0;
    for (const span of spans) {
      if (span.start < done) continue; // inside a longer form already replaced
      out += text.slice(done, span.start) + span.replacement;
      done = span.end;
    }
    return out + text.slice(done);
  }

  /** The longest end of `text` (as read, 6 characters or more) that starts a known secret, and where it begins. */
  private cutTail(text: string): { start: number; replacement: string } | undefined {
    let best: { start: number; replacement: string; length: number } | undefined;
    for (const [form, redacted] of this.knownForms()) {
      for (let k = Math.min(form.length - 1, text.length); k >= MIN_SECRET_LENGTH && k > (best?.length ?? 0); k--) {
        if (text.endsWith(form.slice(0, k))) {
          best = { start: text.length - k, replacement: redacted, length: k };
          break;
        }
      }
    }
    if (PLAIN.test(text)) return best;
    const readText = readAsPerson(text);
    let read: ReturnType<typeof readMap> | undefined;
    for (const [form, redacted] of this.readForms()) {
      for (let k = Math.min(form.length - 1, readText.length); k >= MIN_SECRET_LENGTH; k--) {
        if (readText.endsWith(form.slice(0, k))) {
          read ??= readMap(text);
          const start = read.from[read.text.length - k];
          if (!best || start < best.start) best = { start, replacement: redacted, length: text.length - start };
          break;
        }
      }
    }
    return best;
  }

  /**
   * For text that may have been cut off at its end (a body prefix): `scrub`, then also redact a
   * trailing piece (6 characters or more) that is the start of a known secret, so a cut that
   * split the key cannot show its first half.
   */
  scrubCutText(text: unknown): string {
    const out = this.scrub(text);
    try {
      const tail = this.cutTail(out);
      return tail ? `${out.slice(0, tail.start)}${tail.replacement}` : out;
    } catch {
      return '[text removed: it could not be checked for secrets]';
    }
  }

  /** Returns `text` with every known secret and every generic secret shape redacted. */
  scrub(text: unknown): string {
    let out: string;
    try {
      out = typeof text === 'string' ? text : text == null ? '' : String(text);
    } catch {
      return '';
    }
    try {
      out = this.scrubKnown(out);
      out = this.scrubInterleaved(out);
      out = scrubGeneric(out, this.redact);
      // Final pass: replacements never create a known secret, but make certain.
      for (let guard = 0; guard < 4; guard++) {
        const again = this.scrubKnown(out);
        if (again === out) break;
        out = again;
      }
      return out;
    } catch {
      return '[text removed: it could not be checked for secrets]';
    }
  }
}
