/**
 * Core has no `vscode` import, yet every user-facing string must be localisable. The host
 * installs `vscode.l10n.t` here at activation; the CLI and tests keep the English default.
 * Messages use `{0}`-style placeholders, the same convention as `vscode.l10n.t`.
 */
export type Translator = (message: string, ...args: Array<string | number | boolean>) => string;

const formatEnglish: Translator = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (match, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? match : String(value);
  });

let current: Translator = formatEnglish;

export function setTranslator(translator: Translator | undefined): void {
  current = translator ?? formatEnglish;
}

export function t(message: string, ...args: Array<string | number | boolean>): string {
  return current(message, ...args);
}
