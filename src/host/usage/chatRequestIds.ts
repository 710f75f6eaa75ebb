/**
 * The request ids of the extension's own chat requests (the chat provider reports each
 * `X-Oneapi-Request-Id`), so the usage view can mark those rows "VS Code chat" and the rest "other
 * tools on this key". Kept in globalState, newest last, bounded: a row is marked when it is merged
 * into the history, and the gateway's answer holds only the newest 1000 rows anyway.
 */
import type { MementoPort } from '../shared/ports';

export const CHAT_IDS_STATE_KEY = 'rutaapi.usage.chatRequestIds';
export const MAX_CHAT_IDS = 5000;
const MAX_ID_CHARS = 200;

export class ChatRequestIds {
  private ids: string[] | undefined;

  constructor(private readonly memento: MementoPort) {}

  private list(): string[] {
    if (!this.ids) {
      const stored = this.memento.get<unknown>(CHAT_IDS_STATE_KEY);
      this.ids = Array.isArray(stored) ? stored.filter((s): s is string => typeof s === 'string' && s.length <= MAX_ID_CHARS) : [];
    }
    return this.ids;
  }

  record(id: string | undefined): void {
    const clean = id?.trim();
    if (!clean || clean.length > MAX_ID_CHARS) return;
    const list = this.list();
    if (list.includes(clean)) return;
    list.push(clean);
    if (list.length > MAX_CHAT_IDS) list.splice(0, list.length - MAX_CHAT_IDS);
    void this.memento.update(CHAT_IDS_STATE_KEY, [...list]);
  }

  all(): ReadonlySet<string> {
    return new Set(this.list());
  }
}
