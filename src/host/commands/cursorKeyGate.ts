import { createHash } from 'node:crypto';
import { analyzeApiKey } from '../../core/apiKey';
import { DEFAULT_ORIGIN, type KeyGate } from '../connection/keyGate';

/**
 * Whether Check Cursor Settings may send Cursor's own OpenAI API Key (read from Cursor's state
 * database) to `origin`. The core check (core/cursor/check.ts) asks only for the origin Cursor itself
 * sends the key to (or the API root its RutaAPI website or dashboard URL stands for), and only when
 * that is also the origin of rutaapi.baseUrl. Cursor sending the key there from Cursor's servers is
 * the person's choice in Cursor; it is not a permission for this extension to send it from this
 * computer to any server. So:
 *
 * - RutaAPI's own API origin: yes, without asking (a key pasted into Cursor for RutaAPI, sent where
 *   Cursor sends it);
 * - Cursor's key is the key saved here and the key gate approved that origin for it: yes;
 * - any other origin: only after the origin modal (KeyGate.confirmCursorKeyOrigin, "Don't Send"
 *   first), asked only when the person ran the command, never on focus or at start-up. "Send" is
 *   kept in memory for that key and origin until the window closes: the key is Cursor's, so
 *   nothing is bound to it in SecretStorage.
 */
export type CursorKeyGate = (origin: string, key: string, interactive: boolean) => Promise<boolean>;

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export function cursorKeyGate(
  gate: Pick<KeyGate, 'approvedOrigins' | 'confirmCursorKeyOrigin'>,
  savedKey: () => PromiseLike<string | undefined>,
): CursorKeyGate {
  const confirmed = new Set<string>();
  return async (origin, key, interactive) => {
    if (origin === DEFAULT_ORIGIN) return true;
    const saved = await Promise.resolve(savedKey()).then(
      (k) => k,
      () => undefined,
    );
    if (saved && analyzeApiKey(saved).cleaned === key && (await gate.approvedOrigins(saved)).includes(origin)) return true;
    const id = `${sha256(key)} ${origin}`;
    if (confirmed.has(id)) return true;
    if (!interactive || !(await gate.confirmCursorKeyOrigin(origin))) return false;
    confirmed.add(id);
    return true;
  };
}
