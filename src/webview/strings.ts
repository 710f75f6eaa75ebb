// The panel's strings. The host sends them translated ('init'); `fmt(id, ...args)` looks one up
// (the id itself when the host sent none) and fills its `{0}`-style placeholders.
import { format, type Translator } from '../core/l10n';

/** The `{0}` formatter shared with core (and `vscode.l10n.t`'s convention). */
export { format };

export type Fmt = (id: string, ...args: Array<string | number>) => string;

export interface Strings {
  fmt: Fmt;
  /** Replaces the table (the host's 'init'). */
  set(table: Record<string, string>): void;
}

export function createStrings(table: Record<string, string> = {}): Strings {
  let current = table;
  return {
    fmt: (id, ...args) => format(current[id] ?? id, ...args),
    set: (next) => {
      current = next;
    },
  };
}

/** Translates the engine's own messages (findings) with the editor's l10n bundle from the host. */
export function bundleTranslator(bundle: Record<string, string>): Translator {
  return (message, ...args) => format(bundle[message] ?? message, ...args);
}
