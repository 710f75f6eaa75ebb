/**
 * VS Code chat messages → core/lm's neutral `LmMessage`, read by shape: a part is a text part when
 * it has a string `value`, a tool call when it has `callId`, `name` and `input`, a tool result when
 * it has `callId` and a `content` array, an image when it has an `image/*` `mimeType` and bytes in
 * `data` (what 1.104 chat sends for attached images; the class itself is not finalized API, so it
 * is never named). `instanceof` is not used: the part classes of the editor and of another
 * extension's copy of them are not the same objects. Unknown parts are skipped.
 */
import type { LmMessage, LmPart, LmRole } from '../../core/lm/messages';
import type { LanguageModelChatRequestMessage } from './vscode-lm';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null;

/** LanguageModelChatMessageRole: 1 User, 2 Assistant; 3 System (sent by chat since 1.104). */
function roleOf(role: unknown): LmRole {
  if (role === 2) return 'assistant';
  if (role === 3) return 'system';
  return 'user';
}

function isBytes(v: unknown): v is Uint8Array {
  return (
    v instanceof Uint8Array ||
    (isObj(v) &&
      typeof (v as { byteLength?: unknown }).byteLength === 'number' &&
      typeof (v as { subarray?: unknown }).subarray === 'function')
  );
}

/** Tool result content → text: text parts as they are, anything else as JSON. */
function toolResultText(content: unknown): string {
  if (!Array.isArray(content)) return typeof content === 'string' ? content : '';
  const out: string[] = [];
  for (const part of content) {
    if (typeof part === 'string') out.push(part);
    else if (isObj(part) && typeof part.value === 'string') out.push(part.value);
    else if (isObj(part) && typeof part.mimeType === 'string' && isBytes(part.data)) {
      const mime = part.mimeType;
      if (/^(text\/|application\/json)/.test(mime)) out.push(new TextDecoder().decode(part.data as Uint8Array));
      else out.push(`[${mime} data omitted]`);
    } else if (isObj(part) && 'value' in part) {
      try {
        out.push(JSON.stringify(part.value) ?? '');
      } catch {
        // not serialisable: skipped
      }
    }
  }
  return out.join('');
}

function toLmPart(part: unknown): LmPart | undefined {
  if (typeof part === 'string') return { kind: 'text', value: part };
  if (!isObj(part)) return undefined;
  if (typeof part.callId === 'string' && typeof part.name === 'string' && 'input' in part) {
    return { kind: 'toolCall', callId: part.callId, name: part.name, input: part.input };
  }
  if (typeof part.callId === 'string' && Array.isArray(part.content)) {
    return { kind: 'toolResult', callId: part.callId, content: toolResultText(part.content) };
  }
  if (typeof part.value === 'string') return { kind: 'text', value: part.value };
  if (typeof part.mimeType === 'string' && /^image\//i.test(part.mimeType) && isBytes(part.data)) {
    return { kind: 'image', mimeType: part.mimeType.toLowerCase(), data: part.data as Uint8Array };
  }
  return undefined;
}

export function toLmMessages(messages: readonly LanguageModelChatRequestMessage[]): LmMessage[] {
  const out: LmMessage[] = [];
  for (const m of messages ?? []) {
    if (!isObj(m)) continue;
    const content = Array.isArray(m.content) ? m.content : typeof (m as { content?: unknown }).content === 'string' ? [m.content] : [];
    const parts = content.map(toLmPart).filter((p): p is LmPart => p !== undefined);
    out.push({ role: roleOf(m.role), parts, ...(typeof m.name === 'string' && m.name ? { name: m.name } : {}) });
  }
  return out;
}
