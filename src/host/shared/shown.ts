/**
 * The host's one door for text that came from the network (a gateway's message, a model id, a header,
 * an HTML title) or from a settings file on its way to a person. Every notification, modal, quick
 * pick, status bar text/tooltip and log line in src/host gets such text only through `shown()` (or
 * `tShown()`, which is `t()` with each argument passed through `shown()`), chosen by the surface the
 * text lands on. The neutralisers themselves live in core/inertText (shared with the CLI).
 *
 * test/unit/host/networkText.test.ts checks the surfaces with hostile input, and that no host module
 * calls `window.show*Message` except through the Notifier (src/host/shared/notifier.ts), whose messages are
 * typed `ShownText`: a plain string from anywhere else does not compile.
 */
import { inertForLabel, inertForMarkdown, inertForNotification, inertText } from '../../core/inertText';
import { t } from '../../core/l10n';

/**
 * - `notification`: showInformation/Warning/ErrorMessage (incl. modal message and detail): no `[x](…)` link.
 * - `label`: quick pick label/description/detail/placeholder, status bar text: no `$(icon)`.
 * - `markdown`: a MarkdownString (the status bar tooltip, supportThemeIcons): every token escaped.
 * - `log`: the output channel: controls and bidi made visible (multi-line kept).
 */
export type Surface = 'notification' | 'label' | 'markdown' | 'log';

declare const shownBrand: unique symbol;
/** Text already made safe for a notification: produced by `tShown`/`shown` only. */
export type ShownText = string & { readonly [shownBrand]: true };

/** Per surface: the most characters of one piece of outside text shown there. */
const MAX_CHARS: Record<Surface, number> = { notification: 1500, label: 300, markdown: 2000, log: 20_000 };

/** The one function for outside text shown to a person (see module doc). Never throws. */
export function shown(text: unknown, surface: 'notification'): ShownText;
export function shown(text: unknown, surface: Surface): string;
export function shown(text: unknown, surface: Surface): string {
  const maxChars = MAX_CHARS[surface];
  switch (surface) {
    case 'notification':
      return inertForNotification(text, { maxChars });
    case 'label':
      return inertForLabel(text, { maxChars });
    case 'markdown':
      return inertForMarkdown(text, { maxChars });
    case 'log':
      return inertText(text, { maxChars, keepNewlines: true });
  }
}

/**
 * `t(message, ...args)` for a surface: the message is ours (translated), every argument is outside
 * text and goes through `shown()`. Numbers pass as they are.
 */
export function tShown(surface: 'notification', message: string, ...args: Array<unknown>): ShownText;
export function tShown(surface: Surface, message: string, ...args: Array<unknown>): string;
export function tShown(surface: Surface, message: string, ...args: Array<unknown>): string {
  return t(message, ...args.map((a) => (typeof a === 'number' ? a : shown(a, surface))));
}

/** Pieces already made safe for a notification, joined by a space. */
export function joinShown(...parts: ShownText[]): ShownText {
  return parts.filter((p) => p !== '').join(' ') as ShownText;
}
