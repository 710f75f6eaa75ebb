/**
 * VS Code chat messages → chat-completion request. The host turns the editor's message parts into
 * the neutral `LmMessage` shape below (by shape, not class: see src/host/lm/parts.ts); this module
 * builds the request body the gateway receives. Rules:
 *
 * - system → `system`; assistant text and tool calls → one `assistant` message with `tool_calls`
 *   (`arguments` is the input as JSON); user tool results → one `tool` message each, placed right
 *   after the assistant message that called them (before the rest of that user message), as the
 *   API requires; user text (and images, when the model takes them) → `user`.
 * - An image for a model without image input is replaced by a short note, not sent.
 * - Tool results keep their text parts; other parts become JSON text.
 * - `toolMode` required → `tool_choice: "required"` (only with tools).
 * - No `max_tokens` unless modelOptions sets one: the gateway's default applies (some upstreams
 *   reject a value above their own cap).
 * - `modelOptions` pass through for the keys a chat-completion request accepts (never `model`,
 *   `messages`, `stream`, `tools`, `tool_choice`), with plain JSON values.
 * Pure TypeScript. Never throws.
 */

export type LmRole = 'system' | 'user' | 'assistant';

export type LmPart =
  | { kind: 'text'; value: string }
  | { kind: 'toolCall'; callId: string; name: string; input: unknown }
  | { kind: 'toolResult'; callId: string; content: string }
  | { kind: 'image'; mimeType: string; data: Uint8Array };

export interface LmMessage {
  role: LmRole;
  parts: LmPart[];
  name?: string;
}

export interface LmTool {
  name: string;
  description?: string;
  inputSchema?: unknown;
}

type ChatContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

export type ChatMessage =
  | { role: 'system'; content: string; name?: string }
  | { role: 'user'; content: string | ChatContentPart[]; name?: string }
  | {
      role: 'assistant';
      content: string | null;
      name?: string;
      tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
    }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface ChatRequestBody {
  model: string;
  messages: ChatMessage[];
  stream: true;
  stream_options: { include_usage: true };
  tools?: Array<{ type: 'function'; function: { name: string; description?: string; parameters: unknown } }>;
  tool_choice?: 'auto' | 'required';
  [option: string]: unknown;
}

export interface BuildRequestOptions {
  model: string;
  messages: readonly LmMessage[];
  tools?: readonly LmTool[];
  /** `required` → tool_choice "required". */
  toolMode?: 'auto' | 'required';
  modelOptions?: Readonly<Record<string, unknown>>;
  imageInput: boolean;
}

/** Request keys modelOptions may set (the rest of the body is ours). */
const PASS_THROUGH_OPTIONS: ReadonlySet<string> = new Set([
  'temperature',
  'top_p',
  'max_tokens',
  'max_completion_tokens',
  'stop',
  'presence_penalty',
  'frequency_penalty',
  'seed',
  'logit_bias',
  'response_format',
  'reasoning_effort',
  'parallel_tool_calls',
  'user',
  'top_k',
  'repetition_penalty',
  'verbosity',
]);

/** The note that stands in for an image the model cannot take. */
export const IMAGE_OMITTED = '[image omitted: this model does not accept images]';

export function base64(bytes: Uint8Array): string {
  // btoa works in every runtime core runs in; chunks keep String.fromCharCode within its limits.
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) binary += String.fromCharCode(...bytes.subarray(i, i + step));
  return btoa(binary);
}

export function plainJson(value: unknown, depth = 0): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (depth > 8) return false;
  if (Array.isArray(value)) return value.every((v) => plainJson(v, depth + 1));
  if (typeof value === 'object') return Object.values(value as object).every((v) => plainJson(v, depth + 1));
  return false;
}

export function argumentsJson(input: unknown): string {
  try {
    const text = JSON.stringify(input ?? {});
    return typeof text === 'string' ? text : '{}';
  } catch {
    return '{}';
  }
}

export function toChatMessages(messages: readonly LmMessage[], imageInput: boolean): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const m of messages) {
    const name = typeof m.name === 'string' && m.name !== '' ? { name: m.name } : {};
    if (m.role === 'system') {
      const text = m.parts.map((p) => (p.kind === 'text' ? p.value : '')).join('');
      if (text !== '') out.push({ role: 'system', content: text, ...name });
      continue;
    }
    if (m.role === 'assistant') {
      const text = m.parts.map((p) => (p.kind === 'text' ? p.value : '')).join('');
      const calls = m.parts.flatMap((p) =>
        p.kind === 'toolCall'
          ? [{ id: p.callId, type: 'function' as const, function: { name: p.name, arguments: argumentsJson(p.input) } }]
          : [],
      );
      if (text === '' && calls.length === 0) continue;
      out.push({ role: 'assistant', content: text === '' ? null : text, ...name, ...(calls.length > 0 ? { tool_calls: calls } : {}) });
      continue;
    }
    // user: tool results first (they answer the assistant message just before), then the rest.
    for (const p of m.parts) if (p.kind === 'toolResult') out.push({ role: 'tool', tool_call_id: p.callId, content: p.content });
    const content: ChatContentPart[] = [];
    const addText = (text: string): void => {
      const last = content[content.length - 1];
      if (last && last.type === 'text') last.text += text;
      else content.push({ type: 'text', text });
    };
    for (const p of m.parts) {
      if (p.kind === 'text') {
        if (p.value !== '') addText(p.value);
      } else if (p.kind === 'image') {
        if (imageInput) content.push({ type: 'image_url', image_url: { url: `data:${p.mimeType};base64,${base64(p.data)}` } });
        else addText(content.length > 0 ? `\n${IMAGE_OMITTED}` : IMAGE_OMITTED);
      }
    }
    if (content.length === 0) continue;
    const only = content.length === 1 && content[0].type === 'text' ? content[0].text : undefined;
    out.push({ role: 'user', content: only ?? content, ...name });
  }
  return out;
}

export function buildChatRequest(o: BuildRequestOptions): ChatRequestBody {
  const body: ChatRequestBody = {
    model: o.model,
    messages: toChatMessages(o.messages, o.imageInput),
    stream: true,
    stream_options: { include_usage: true },
  };
  const tools = (o.tools ?? []).filter((tool) => typeof tool?.name === 'string' && tool.name !== '');
  if (tools.length > 0) {
    body.tools = tools.map((tool) => ({
      type: 'function' as const,
      function: {
        name: tool.name,
        ...(typeof tool.description === 'string' && tool.description !== '' ? { description: tool.description } : {}),
        parameters: tool.inputSchema && typeof tool.inputSchema === 'object' ? tool.inputSchema : { type: 'object', properties: {} },
      },
    }));
    body.tool_choice = o.toolMode === 'required' ? 'required' : 'auto';
  }
  for (const [key, value] of Object.entries(o.modelOptions ?? {})) {
    if (PASS_THROUGH_OPTIONS.has(key) && value !== undefined && plainJson(value)) body[key] = value;
  }
  return body;
}
