/**
 * The saved key out of a streamed answer (text parts and tool-call inputs), with core/scrub's
 * Scrubber: the same known-secret matching as every other surface (raw, URL-encoded, JSON-escaped,
 * base64 forms, and the key with invisible characters inside it).
 *
 * - Only the known key is replaced. The generic shapes the Scrubber also redacts (`Bearer …`,
 *   `"password": "…"`, `api_key=…`, `sk-…`) are left alone here: they are what a model writes in
 *   code, and rewriting them would corrupt answers and the files a tool call writes.
 * - A key may be split across chunks. The text is passed on up to the start of the longest tail
 *   that could still become a form of the key (a prefix of one, read as the scrub reads text:
 *   invisible characters left out); that tail waits for the next chunk. Ordinary text waits for
 *   nothing or a few characters; an echo of the key waits until it is whole, and is replaced.
 * Pure TypeScript. Never throws.
 */
import { redactKey } from '../apiKey';
import { Scrubber } from '../scrub';

/** Characters a key form is made of: printable ASCII without the space. */
const FORM_CHAR = /^[\x21-\x7e]$/;
/** Held text past this is let go (through `scrubCutText`): a stream of invisible padding must not grow without end. */
const MAX_HELD_CHARS = 64 * 1024;

function base64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/=+$/, '');
}

/**
 * Every form of `key` the Scrubber replaces (mirrors core/scrub.ts `variantsOf`): raw, URL-encoded,
 * JSON-escaped (once, twice, ASCII-only, escaped slashes), base64 and base64url (whole, and the
 * parts that stay the same at each of the 3 byte alignments).
 */
function keyForms(key: string): string[] {
  const forms = new Set<string>([key]);
  try {
    const uri = encodeURIComponent(key);
    forms
      .add(uri)
      .add(uri.replace(/%20/g, '+'))
      .add(uri.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()));
    forms.add(encodeURI(key));
  } catch {
    // a lone surrogate: no URL form
  }
  const json = JSON.stringify(key).slice(1, -1);
  forms.add(json).add(JSON.stringify(json).slice(1, -1)).add(json.replace(/\//g, '\\/'));
  forms.add(json.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  const bytes = new TextEncoder().encode(key);
  if (bytes.length >= 8) {
    const whole = base64(bytes);
    const b64 = [whole, whole + '='.repeat((4 - (whole.length % 4)) % 4)];
    for (let align = 0; align < 3; align++) {
      const shifted = new Uint8Array(align + bytes.length);
      shifted.set(bytes, align);
      b64.push(base64(shifted).slice(Math.ceil((8 * align) / 6), Math.floor((8 * (align + bytes.length)) / 6)));
    }
    for (const f of b64) forms.add(f).add(f.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...forms].filter((f) => f.length >= 6);
}

/** The characters of `c` as the tail check reads them (NFKC, printable ASCII only: the rest is left out). */
function formChars(c: string): string {
  if (c.length === 1 && c.charCodeAt(0) < 0x80) return FORM_CHAR.test(c) ? c : '';
  let n: string;
  try {
    n = c.normalize('NFKC');
  } catch {
    n = c;
  }
  let out = '';
  for (const x of n) if (FORM_CHAR.test(x)) out += x;
  return out;
}

export class AnswerScrubber {
  private readonly scrubber: Scrubber;
  /** Every proper prefix of every form (what a tail may be on its way to). */
  private readonly prefixes = new Set<string>();
  private readonly longestPrefix: number;
  private readonly shortestForm: number;
  private held = '';
  /** True when there is no key to look for (shorter than the Scrubber keeps). */
  private readonly idle: boolean;

  constructor(key: string) {
    const secret = key.trim();
    // Only the key itself gets a replacement; anything the generic patterns match stays as written.
    const known = new Set([key, secret]);
    this.scrubber = new Scrubber((s) => (known.has(s) ? redactKey(s) : s));
    this.scrubber.add(key);
    const forms = secret.length >= 6 ? keyForms(secret) : [];
    this.idle = forms.length === 0;
    let longest = 0;
    let shortest = Infinity;
    for (const f of forms) {
      for (let k = 1; k < f.length; k++) this.prefixes.add(f.slice(0, k));
      longest = Math.max(longest, f.length - 1);
      shortest = Math.min(shortest, f.length);
    }
    this.longestPrefix = longest;
    this.shortestForm = shortest;
  }

  /** The form characters of `buf` from its end (one more than the longest prefix at most), and where each one sits. */
  private tailOf(buf: string): { tail: string[]; at: number[] } {
    const tail: string[] = [];
    const at: number[] = [];
    let i = buf.length;
    while (i > 0 && tail.length <= this.longestPrefix) {
      let start = i - 1;
      const code = buf.charCodeAt(start);
      if (code >= 0xdc00 && code <= 0xdfff && start > 0) start--;
      const chars = formChars(buf.slice(start, i));
      for (let k = chars.length - 1; k >= 0; k--) {
        tail.push(chars[k]);
        at.push(start);
      }
      i = start;
    }
    return { tail, at };
  }

  /** The part of `text` (after what is held) that can be shown now, scrubbed; the rest is held. */
  push(text: string): string {
    if (this.idle) return text;
    let buf = this.held + text;
    if (buf === '') return '';
    let { tail, at } = this.tailOf(buf);
    // A whole form can be in `buf` only if it has that many form characters (an echo of the key, or
    // a long chunk: the only times the Scrubber runs).
    if (tail.length >= this.shortestForm) {
      const scrubbed = this.scrubber.scrub(buf);
      if (scrubbed !== buf) {
        buf = scrubbed;
        ({ tail, at } = this.tailOf(buf));
      }
    }
    // The longest tail that is a prefix of a form waits; everything before it goes.
    let cut = buf.length;
    let suffix = '';
    for (let k = 0; k < Math.min(tail.length, this.longestPrefix); k++) {
      suffix = tail[k] + suffix;
      if (this.prefixes.has(suffix)) cut = at[k];
    }
    if (buf.length - cut > MAX_HELD_CHARS) {
      this.held = '';
      return this.scrubber.scrubCutText(buf);
    }
    this.held = buf.slice(cut);
    return buf.slice(0, cut);
  }

  /** The end of the text (the stream ended, or a tool call comes next): what was held, scrubbed. */
  flush(): string {
    const rest = this.held;
    this.held = '';
    return rest === '' ? '' : this.scrubber.scrubCutText(rest);
  }

  /** Any text (a tool call's id), scrubbed of the key. */
  scrub(text: string): string {
    return this.idle ? text : this.scrubber.scrub(text);
  }

  /** A tool call's input with the key replaced wherever it appears (names and values); undefined if it cannot be checked. */
  scrubInput(input: Record<string, unknown>): Record<string, unknown> | undefined {
    if (this.idle) return input;
    try {
      const json = JSON.stringify(input);
      const scrubbed = this.scrubber.scrub(json);
      if (scrubbed === json) return input;
      const parsed: unknown = JSON.parse(scrubbed);
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }
}
