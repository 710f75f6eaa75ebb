/**
 * VS Code chat messages → a Responses API request (`POST /v1/responses`), for models a gateway
 * lists only for `openai-response` (core/modelProtocols.ts). The same neutral messages as the chat
 * completion request (core/lm/messages.ts), mapped to Responses input items:
 *
 * - system → an input message with role `system`; user text (and images, when the model takes
 *   them) → role `user` with `input_text` / `input_image` parts; assistant text → role `assistant`.
 * - An assistant's tool calls → `function_call` items (`call_id`, `name`, `arguments` as JSON);
 *   a user's tool results → `function_call_output` items with the same `call_id`, right after
 *   the calls (before the rest of that user message).
 * - Tools → `{ type: "function", name, description, parameters, strict: false }` (the editor's
 *   schemas are not written for strict mode); `toolMode` required → `tool_choice: "required"`.
 * - `store: false`: the whole conversation is sent each turn, nothing is kept on the gateway.
 * - modelOptions: `max_tokens` / `max_completion_tokens` become `max_output_tokens`,
 *   `reasoning_effort` becomes `reasoning.effort`; `temperature`, `top_p`, `parallel_tool_calls`,
 *   `user` pass as they are; anything else is left out (the Responses API rejects unknown keys).
 * Pure TypeScript. Never throws.
 */
import { argumentsJson, base64, IMAGE_OMITTED, plainJson, type BuildRequestOptions, type LmMessage } from './messages';

type InputContent = { type: 'input_text'; text: string } | { type: 'input_image'; image_url: string; detail: 'auto' };

export type ResponsesInputItem =
  | { role: 'system' | 'assistant'; content: string }
  | { role: 'user'; content: string | InputContent[] }
  | { type: 'function_call'; call_id: string; name: string; arguments: string }
  | { type: 'function_call_output'; call_id: string; output: string };

export interface ResponsesRequestBody {
  model: string;
  input: ResponsesInputItem[];
  stream: true;
  store: false;
  tools?: Array<{ type: 'function'; name: string; description?: string; parameters: unknown; strict: false }>;
  tool_choice?: 'auto' | 'required';
  [option: string]: unknown;
}

/** modelOptions keys that pass as they are. */
const SAME_OPTIONS: ReadonlySet<string> = new Set(['temperature', 'top_p', 'parallel_tool_calls', 'user']);

const textOf = (m: LmMessage): string => m.parts.map((p) => (p.kind === 'text' ? p.value : '')).join('');

/** One user message: its tool results first (they answer the calls just before), then its text and images. */
function userItems(m: LmMessage, imageInput: boolean, out: ResponsesInputItem[]): void {
  for (const p of m.parts) if (p.kind === 'toolResult') out.push({ type: 'function_call_output', call_id: p.callId, output: p.content });
  const content: InputContent[] = [];
  const addText = (text: string): void => {
    const last = content[content.length - 1];
    if (last && last.type === 'input_text') last.text += text;
    else content.push({ type: 'input_text', text });
  };
  for (const p of m.parts) {
    if (p.kind === 'text') {
      if (p.value !== '') addText(p.value);
    } else if (p.kind === 'image') {
      if (imageInput) content.push({ type: 'input_image', image_url: `data:${p.mimeType};base64,${base64(p.data)}`, detail: 'auto' });
      else addText(content.length > 0 ? `\n${IMAGE_OMITTED}` : IMAGE_OMITTED);
    }
  }
  if (content.length === 0) return;
  const only = content.length === 1 && content[0].type === 'input_text' ? content[0].text : undefined;
  out.push({ role: 'user', content: only ?? content });
}

function toResponsesInput(messages: readonly LmMessage[], imageInput: boolean): ResponsesInputItem[] {
  const out: ResponsesInputItem[] = [];
  for (const m of messages) {
    if (m.role === 'user') {
      userItems(m, imageInput, out);
      continue;
    }
    const text = textOf(m);
    if (text !== '') out.push({ role: m.role, content: text });
    if (m.role !== 'assistant') continue;
    for (const p of m.parts)
      if (p.kind === 'toolCall') out.push({ type: 'function_call', call_id: p.callId, name: p.name, arguments: argumentsJson(p.input) });
  }
  return out;
}

/** modelOptions in the Responses API's names. */
function responsesOptions(body: ResponsesRequestBody, options: Readonly<Record<string, unknown>>): void {
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || !plainJson(value)) continue;
    if (SAME_OPTIONS.has(key)) body[key] = value;
    else if ((key === 'max_tokens' || key === 'max_completion_tokens') && typeof value === 'number') body.max_output_tokens = value;
    else if (key === 'reasoning_effort' && typeof value === 'string') body.reasoning = { effort: value };
  }
}

export function buildResponsesRequest(o: BuildRequestOptions): ResponsesRequestBody {
  const body: ResponsesRequestBody = { model: o.model, input: toResponsesInput(o.messages, o.imageInput), stream: true, store: false };
  const tools = (o.tools ?? []).filter((tool) => typeof tool?.name === 'string' && tool.name !== '');
  if (tools.length > 0) {
    body.tools = tools.map((tool) => ({
      type: 'function' as const,
      name: tool.name,
      ...(typeof tool.description === 'string' && tool.description !== '' ? { description: tool.description } : {}),
      parameters: tool.inputSchema && typeof tool.inputSchema === 'object' ? tool.inputSchema : { type: 'object', properties: {} },
      strict: false as const,
    }));
    body.tool_choice = o.toolMode === 'required' ? 'required' : 'auto';
  }
  responsesOptions(body, o.modelOptions ?? {});
  return body;
}
