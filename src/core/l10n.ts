/**
 * Core has no `vscode` import, yet every user-facing string must be localisable. The host
 * installs `vscode.l10n.t` here at activation; the CLI and tests keep the English default.
 * Messages use `{0}`-style placeholders, the same convention as `vscode.l10n.t`.
 *
 * The extension ships several bundles (extension, gateway, panel), each with its own copy of this
 * module. The translator therefore lives on a process-wide registry slot, so the one installed by
 * activate() also translates what the lazily loaded bundles say.
 */
export type Translator = (message: string, ...args: Array<string | number | boolean>) => string;

/** Fills `{0}`-style placeholders; one placeholder left without an argument stays as it is. */
export function format(message: string, ...args: Array<string | number | boolean>): string {
  return message.replace(/\{(\d+)\}/g, (match, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? match : String(value);
  });
}

const formatEnglish: Translator = format;

const SLOT = Symbol.for('rutaapi-connect.l10n.translator');
type Registry = { [SLOT]?: Translator };

export function setTranslator(translator: Translator | undefined): void {
  (globalThis as Registry)[SLOT] = translator;
}

export function t(message: string, ...args: Array<string | number | boolean>): string {
  return ((globalThis as Registry)[SLOT] ?? formatEnglish)(message, ...args);
}
