/**
 * `POST /v1/responses` with `"stream": true`: the Responses API's event stream as new-api relays it
 * (relay/channel/openai/relay_responses.go OaiResponsesStreamHandler passes every upstream event
 * on as `event: <type>` + `data: <json>`, no `[DONE]`; the event fields are dto/openai_response.go's
 * ResponsesStreamResponse: type, response, delta, item, output_index, item_id, …). What the chat
 * provider's Responses path and its tests stream against. The last user input's marker picks the
 * stream, as on /v1/chat/completions (src/sandbox/streaming.ts):
 *
 * | marker | stream |
 * |---|---|
 * | (none) | `response.created`, a message item whose text comes in 24 `response.output_text.delta` events, `response.completed` with usage |
 * | `[sandbox:tool]` | one `function_call` item (`get_weather`), its arguments in 8 `response.function_call_arguments.delta` events |
 * | `[sandbox:slow]` | a text delta every 50 ms for 30 s (for cancellation) |
 *
 * Each stream ends in a StreamRecord (`onStream`, SseStream in streaming.ts), `aborted` when the
 * client went away first.
 * Node built-ins only.
 */
import type * as http from 'node:http';
import { randomBytes } from 'node:crypto';
import { SLOW_INTERVAL_MS, splitText, SseStream, STREAM_TEXT, type StreamContext } from './streaming';

const SLOW_EVENTS = 600;
const TOOL_ARGUMENTS = '{"city":"Lima","unit":"celsius"}';

interface ResponsesBody {
  model: string;
  input?: unknown;
  tools?: unknown;
  tool_choice?: unknown;
}

/** The text of the last user input (a string input, or the last `role: user` item's text parts). */
function lastUserText(input: unknown): string {
  if (typeof input === 'string') return input;
  if (!Array.isArray(input)) return '';
  for (let i = input.length - 1; i >= 0; i--) {
    const item = input[i] as { role?: unknown; content?: unknown } | null;
    if (!item || item.role !== 'user') continue;
    if (typeof item.content === 'string') return item.content;
    if (!Array.isArray(item.content)) return '';
    return item.content
      .map((p) => (p && typeof p === 'object' && typeof (p as { text?: unknown }).text === 'string' ? (p as { text: string }).text : ''))
      .join('');
  }
  return '';
}

function markerOf(input: unknown): 'chunks' | 'tool' | 'slow' {
  const m = /\[sandbox:(tool|slow)\]/.exec(lastUserText(input));
  return (m?.[1] as 'tool' | 'slow' | undefined) ?? 'chunks';
}

/** One streamed response: its ids and its numbered events. */
class ResponsesStream extends SseStream {
  private readonly id = `resp_${randomBytes(12).toString('hex')}`;
  private readonly created = Math.floor(Date.now() / 1000);
  private sequence = 0;

  constructor(
    res: http.ServerResponse,
    private readonly body: ResponsesBody,
    ctx: StreamContext,
    scenario: 'chunks' | 'tool' | 'slow',
  ) {
    super(res, body, ctx, scenario);
  }

  response(status: string, output: unknown[], usage?: Record<string, number>): Record<string, unknown> {
    return {
      id: this.id,
      object: 'response',
      created_at: this.created,
      status,
      model: this.body.model,
      output,
      parallel_tool_calls: true,
      store: false,
      tool_choice: this.body.tool_choice ?? 'auto',
      tools: Array.isArray(this.body.tools) ? this.body.tools : [],
      ...(usage ? { usage } : {}),
    };
  }

  event(type: string, fields: Record<string, unknown>): string {
    return `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: this.sequence++, ...fields })}\n\n`;
  }

  /** Writes the events unless the client already went; false when it did. */
  writeAll(events: string[]): boolean {
    if (this.res.destroyed) return false;
    for (const e of events) this.write(e);
    return true;
  }

  end(events: string[]): void {
    if (this.writeAll(events)) this.close();
  }
}

const USAGE = (output: number) => ({ input_tokens: 12, output_tokens: output, total_tokens: 12 + output });

function messageItem(id: string, text: string, status: string): Record<string, unknown> {
  return {
    type: 'message',
    id,
    status,
    role: 'assistant',
    content: status === 'completed' ? [{ type: 'output_text', text, annotations: [] }] : [],
  };
}

/** The opening events and a message item's text deltas. */
function textEvents(s: ResponsesStream, itemId: string, pieces: string[]): string[] {
  return [
    s.event('response.created', { response: s.response('in_progress', []) }),
    s.event('response.in_progress', { response: s.response('in_progress', []) }),
    s.event('response.output_item.added', { output_index: 0, item: messageItem(itemId, '', 'in_progress') }),
    s.event('response.content_part.added', {
      item_id: itemId,
      output_index: 0,
      content_index: 0,
      part: { type: 'output_text', text: '', annotations: [] },
    }),
    ...pieces.map((delta) => s.event('response.output_text.delta', { item_id: itemId, output_index: 0, content_index: 0, delta })),
  ];
}

/** The closing events of a message item and the completed response. */
function textEnd(s: ResponsesStream, itemId: string, text: string, outputTokens: number): string[] {
  const item = messageItem(itemId, text, 'completed');
  return [
    s.event('response.output_text.done', { item_id: itemId, output_index: 0, content_index: 0, text }),
    s.event('response.content_part.done', {
      item_id: itemId,
      output_index: 0,
      content_index: 0,
      part: { type: 'output_text', text, annotations: [] },
    }),
    s.event('response.output_item.done', { output_index: 0, item }),
    s.event('response.completed', { response: s.response('completed', [item], USAGE(outputTokens)) }),
  ];
}

function toolEvents(s: ResponsesStream): string[] {
  const id = `fc_${randomBytes(8).toString('hex')}`;
  const callId = `call_${randomBytes(8).toString('hex')}`;
  const item = (args: string, status: string) => ({
    type: 'function_call',
    id,
    call_id: callId,
    name: 'get_weather',
    arguments: args,
    status,
  });
  const done = item(TOOL_ARGUMENTS, 'completed');
  return [
    s.event('response.created', { response: s.response('in_progress', []) }),
    s.event('response.output_item.added', { output_index: 0, item: item('', 'in_progress') }),
    ...splitText(TOOL_ARGUMENTS, 8).map((delta) =>
      s.event('response.function_call_arguments.delta', { item_id: id, output_index: 0, delta }),
    ),
    s.event('response.function_call_arguments.done', { item_id: id, output_index: 0, arguments: TOOL_ARGUMENTS }),
    s.event('response.output_item.done', { output_index: 0, item: done }),
    s.event('response.completed', { response: s.response('completed', [done], USAGE(9)) }),
  ];
}

/** A delta every SLOW_INTERVAL_MS until the client goes away (or SLOW_EVENTS were sent). */
function slow(s: ResponsesStream, ctx: StreamContext, itemId: string): void {
  let sent = 0;
  const tick = (): void => {
    if (sent >= SLOW_EVENTS) return s.end(textEnd(s, itemId, 'tick '.repeat(sent), sent));
    sent++;
    if (s.writeAll([s.event('response.output_text.delta', { item_id: itemId, output_index: 0, content_index: 0, delta: 'tick ' })]))
      ctx.later(SLOW_INTERVAL_MS, tick);
  };
  if (s.writeAll(textEvents(s, itemId, []))) tick();
}

export function handleStreamingResponses(res: http.ServerResponse, body: ResponsesBody, ctx: StreamContext): void {
  const scenario = markerOf(body.input);
  const s = new ResponsesStream(res, body, ctx, scenario);
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const itemId = `msg_${randomBytes(8).toString('hex')}`;
  if (scenario === 'tool') return s.end(toolEvents(s));
  if (scenario === 'slow') return slow(s, ctx, itemId);
  const pieces = splitText(STREAM_TEXT, 24);
  s.end([...textEvents(s, itemId, pieces), ...textEnd(s, itemId, STREAM_TEXT, pieces.length)]);
}
