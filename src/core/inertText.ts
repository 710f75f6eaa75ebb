/**
 * Text that came from the network (a gateway's message, a model id, a header, an HTML title) or
 * from a settings file is data, never markup. Every place that shows such text to a person goes
 * through one of these functions, chosen by where the text lands:
 *
 * - `inertText`: any surface. Control characters (C0, DEL, C1 such as CSI U+009B), bidirectional
 *   overrides/isolates and zero-width characters become visible escapes (`\x1b`, `\u202e`): a
 *   terminal cannot be told to clear the screen, retitle the window, write the clipboard (OSC 52)
 *   or overwrite a line with `\r`, and a reader sees that something odd was sent.
 * - `inertForTerminal`: the doctor's human checklist (same as `inertText`, one line).
 * - `inertForNotification`: VS Code notifications turn `[label](command:…|https:…|file:…)` into
 *   live links; the parenthesis after a closing bracket is escaped so no link can form.
 * - `inertForLabel`: quick pick items and status bar text render `$(icon)`: escaped.
 * - `inertForMarkdown`: MarkdownString tooltips and markdown logs: every markdown token escaped.
 * - `inertForMarkdownText`: text shown as markdown by one editor and as it is by another (chat
 *   errors): every markdown link form escaped, nothing else.
 *
 * Pure TypeScript, no `vscode`. Never throws.
 */

/**
 * C0 controls, DEL, C1 controls, the Arabic letter mark, zero-width and directional marks,
 * line/paragraph separators, bidi embeddings/overrides/isolates, word joiner and invisible
 * operators, the BOM and interlinear annotation characters.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is this module's job
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;

/** Line breaks and tabs within one shown line are plain spaces, not escapes. */
const WHITESPACE_CONTROLS = /[\t\n\r\v\f]/;

function visibleEscape(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

function asString(text: unknown): string {
  try {
    return typeof text === 'string' ? text : text == null ? '' : String(text);
  } catch {
    return '';
  }
}

interface InertOptions {
  /** Keep `\n` as a line break (multi-line text such as a support report); default: a space. */
  keepNewlines?: boolean;
  /** Cut to this many characters with an ellipsis, after neutralising (a cut never splits a secret: scrub first). */
  maxChars?: number;
}

/** True when `text` holds any character `inertText` would change (tests and logs). */
export function hasInvisible(text: string): boolean {
  INVISIBLE.lastIndex = 0;
  return INVISIBLE.test(text);
}

/** The text with every control, bidi and zero-width character made visible (see module doc). */
export function inertText(text: unknown, options: InertOptions = {}): string {
  const input = asString(text);
  let out = input.replace(INVISIBLE, (c) => {
    if (c === '\n' && options.keepNewlines) return '\n';
    if (c === '\r' && options.keepNewlines) return '';
    if (WHITESPACE_CONTROLS.test(c) && c !== '\r') return ' ';
    return visibleEscape(c);
  });
  if (options.maxChars !== undefined && options.maxChars > 0 && out.length > options.maxChars) {
    out = `${out.slice(0, Math.max(0, options.maxChars - 1))}…`;
  }
  return out;
}

/** For a terminal: one line, inert. */
export function inertForTerminal(text: unknown, options: InertOptions = {}): string {
  return inertText(text, options);
}

/**
 * For VS Code notifications (`showErrorMessage` & co.): no link syntax can form. A notification
 * link is exactly `[label](target)` (vs/base/common/linkedText.ts), and it needs `](` side by side:
 * escaping that parenthesis breaks every link while "No credits (HTTP 402)" still reads as written.
 */
export function inertForNotification(text: unknown, options: InertOptions = {}): string {
  return inertText(text, options).replace(/\]\(/g, ']\\(');
}

/**
 * For text that one editor renders as markdown and another shows as it is (a chat error's message:
 * VS Code puts it in a MarkdownString): no link of any markdown form can form, and nothing else is
 * touched, so it reads the same both ways. A backslash goes before:
 * - `[` and `]`: inline, reference and image links (`[x](…)`, `[x][1]`, `![x](…)`), and the `(`
 *   right after a `]` (a notification's `[x](…)`, as in `inertForNotification`);
 * - `<`: autolinks (`<https://…>`, `<mailto:…>`) and HTML (`<a href>`);
 * - the `:` after a word (`https://…`, `mailto:…`, `command:…`), the `.` of a leading `www.`, an
 *   `@` inside a word (`a@x.com`), the second `/` of a `//` that follows no `:`: GFM's bare links
 *   (and linkify's e-mail and `//host` links). A bare domain (`x.com`, `rutaapi.baseUrl`) is
 *   left as it is: no markdown form and not VS Code's renderer makes it a link;
 * - a backslash that would otherwise escape the character after it (so `\[` stays literal).
 */
export function inertForMarkdownText(text: unknown, options: InertOptions = {}): string {
  return inertText(text, options)
    .replace(/\\(?=[!-/:-@[-`{-~])/g, '\\\\')
    .replace(/(?<!:)\/\//g, '/\\/')
    .replace(/\]\(/g, ']\\(')
    .replace(/[[\]<]/g, '\\$&')
    .replace(/(?<=[\p{L}\p{N}_-]):(?=\S)/gu, '\\:')
    .replace(/(?<![\p{L}\p{N}_.-])(www)\./giu, '$1\\.')
    .replace(/(?<=\S)@(?=\S)/g, '\\@');
}

/** For quick pick labels/descriptions and status bar text: no `$(icon)` can form. */
export function inertForLabel(text: unknown, options: InertOptions = {}): string {
  return inertText(text, options).replace(/\$\(/g, '\\$(');
}

/** For a MarkdownString (tooltips, markdown logs): every markdown token escaped, `$(icon)` too. */
export function inertForMarkdown(text: unknown, options: InertOptions = {}): string {
  // `$` (icons) and `:` (autolinks) matter only for outside text; our own text needs escapeMarkdown.
  return escapeMarkdown(inertText(text, options))
    .replace(/[$:]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;');
}

/** Markdown's own tokens escaped, for the product's own text in a MarkdownString. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}

/**
 * A word safe to paste into a POSIX shell: plain ids as they are, anything else single-quoted.
 * Returns undefined when the text cannot be shown as one safe word (control characters).
 */
export function shellQuote(word: string): string | undefined {
  if (word === '') return "''";
  if (hasInvisible(word)) return undefined;
  if (/^[A-Za-z0-9._:/@%+=,-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
