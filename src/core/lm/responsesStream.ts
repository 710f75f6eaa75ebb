/**
 * Turns the events of a Responses API stream (`POST /v1/responses` with `stream: true`, as new-api
 * relays it: relay/channel/openai/relay_responses.go passes each upstream event on) into the same
 * response parts as a chat-completion stream (core/lm/stream.ts), so core/lm/chat.ts reads both
 * alike (key scrub, tool-call gate, limits, diagnoses):
 *
 * - `response.output_text.delta` (and `response.refusal.delta`) → text as it arrives; an item whose
 *   text came only whole (`response.output_text.done`, or the final `response.completed`) is sent
 *   then, once.
 * - `function_call` items → one tool call each, when `response.output_item.done` brings the item
 *   (or at the end, from `response.function_call_arguments.*` or the completed response's output);
 *   the call id is the item's `call_id`, which a `function_call_output` answers.
 * - `response.completed` / `response.incomplete` end the answer (finish reason `stop`,
 *   `tool_calls`, `length`, …, with the usage); `response.failed` and `error` events are a
 *   StreamErrorEvent in the middle of the stream (the caller's diagnosis reads them like an error body).
 * - Reasoning summaries and new items count as progress for the idle timeout.
 *
 * Every event the answer depends on is checked first (its fields' types): a malformed one is
 * dropped and counted (`onNote`, never its text); event types not named here are ignored.
 */
import { StreamErrorEvent, ToolArgumentsError, type StreamPart, type StreamSummary } from './stream';

// The shape checks are written out rather than with zod: dist/lm.js stays free of zod
// (test/integration/bundleSize.test.ts), as the chat-completion accumulator is.
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** An optional string field: the string, undefined when absent or null, INVALID otherwise. */
const INVALID = Symbol('invalid');
function optString(v: unknown): string | undefined | typeof INVALID {
  return v === undefined || v === null ? undefined : typeof v === 'string' ? v : INVALID;
}
function optNumber(v: unknown): number | undefined | typeof INVALID {
  return v === undefined || v === null ? undefined : typeof v === 'number' && Number.isFinite(v) ? v : INVALID;
}

interface Item {
  type: string;
  id?: string;
  call_id?: string;
  name?: string;
  arguments?: string;
  content?: unknown;
}
interface Usage {
  input_tokens?: number;
  output_tokens?: number;
  total_tokens?: number;
}
interface ResponseBody {
  id?: string;
  status?: string;
  output?: unknown[];
  usage?: Usage;
  error?: unknown;
  incomplete_details?: { reason?: string };
}

function readItem(v: unknown): Item | undefined {
  if (!isObject(v) || typeof v.type !== 'string') return undefined;
  const id = optString(v.id);
  const callId = optString(v.call_id);
  const name = optString(v.name);
  const args = optString(v.arguments);
  if (id === INVALID || callId === INVALID || name === INVALID || args === INVALID) return undefined;
  return { type: v.type, id, call_id: callId, name, arguments: args, content: v.content };
}

function readUsage(v: unknown): Usage | undefined | typeof INVALID {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) return INVALID;
  const input = optNumber(v.input_tokens);
  const output = optNumber(v.output_tokens);
  const total = optNumber(v.total_tokens);
  if (input === INVALID || output === INVALID || total === INVALID) return INVALID;
  return { input_tokens: input, output_tokens: output, total_tokens: total };
}

function readResponse(v: unknown): ResponseBody | undefined {
  if (!isObject(v)) return undefined;
  const id = optString(v.id);
  const status = optString(v.status);
  const usage = readUsage(v.usage);
  const output = v.output === undefined || v.output === null ? undefined : Array.isArray(v.output) ? v.output : INVALID;
  const details = v.incomplete_details;
  const reason = isObject(details) ? optString(details.reason) : details === undefined || details === null ? undefined : INVALID;
  if (id === INVALID || status === INVALID || usage === INVALID || output === INVALID || reason === INVALID) return undefined;
  return { id, status, output, usage, error: v.error, incomplete_details: reason !== undefined ? { reason } : undefined };
}

/** A checked event the answer depends on, by type; undefined when its fields are not what the type needs. */
type Checked =
  | { kind: 'textDelta'; itemId?: string; delta: string }
  | { kind: 'textDone'; itemId?: string; text: string }
  | { kind: 'item'; item: Item; done: boolean }
  | { kind: 'args'; itemId?: string; delta?: string; whole?: string }
  | { kind: 'response'; response: ResponseBody }
  | { kind: 'error'; error: Json };

function check(type: string, e: Json): Checked | undefined {
  const itemId = optString(e.item_id);
  if (itemId === INVALID) return undefined;
  switch (type) {
    case 'response.output_text.delta':
    case 'response.refusal.delta':
      return typeof e.delta === 'string' ? { kind: 'textDelta', itemId, delta: e.delta } : undefined;
    case 'response.output_text.done':
      return typeof e.text === 'string' ? { kind: 'textDone', itemId, text: e.text } : undefined;
    case 'response.output_item.added':
    case 'response.output_item.done': {
      const item = readItem(e.item);
      return item ? { kind: 'item', item, done: type === 'response.output_item.done' } : undefined;
    }
    case 'response.function_call_arguments.delta':
      return typeof e.delta === 'string' ? { kind: 'args', itemId, delta: e.delta } : undefined;
    case 'response.function_call_arguments.done':
      return typeof e.arguments === 'string' ? { kind: 'args', itemId, whole: e.arguments } : undefined;
    case 'response.created':
    case 'response.completed':
    case 'response.incomplete':
    case 'response.failed': {
      const response = readResponse(e.response);
      return response ? { kind: 'response', response } : undefined;
    }
    case 'error':
      return optString(e.message) === INVALID ? undefined : { kind: 'error', error: e };
    default:
      return undefined;
  }
}

/** The event types `check` reads; any other type is ignored. */
const KNOWN = new Set([
  'response.output_text.delta',
  'response.refusal.delta',
  'response.output_text.done',
  'response.output_item.added',
  'response.output_item.done',
  'response.function_call_arguments.delta',
  'response.function_call_arguments.done',
  'response.created',
  'response.completed',
  'response.incomplete',
  'response.failed',
  'error',
]);

/** Deltas that move the answer on without text for the person (the model thinking). */
const THINKING = new Set([
  'response.reasoning_summary_text.delta',
  'response.reasoning_text.delta',
  'response.reasoning.delta',
  'response.reasoning_summary.delta',
]);

interface PendingCall {
  itemId: string;
  callId: string;
  name: string;
  args: string;
  reported: boolean;
}

const INCOMPLETE_REASONS: Readonly<Record<string, string>> = { max_output_tokens: 'length', content_filter: 'content_filter' };

export class ResponsesStreamAccumulator {
  readonly summary: StreamSummary = { events: 0, textChars: 0, toolCalls: 0, done: false, unreadable: 0 };
  /** Grows with every event that moves the answer on (text, a tool call, reasoning, a new item). */
  progress = 0;
  private readonly calls = new Map<string, PendingCall>();
  /** Output items whose text was already sent (by deltas or whole). */
  private readonly textItems = new Set<string>();
  private readonly reportedIds = new Set<string>();
  private syntheticIds = 0;

  constructor(
    private readonly emit: (part: StreamPart) => void,
    private readonly onNote?: (message: string) => void,
  ) {}

  /** One SSE event's data. Returns false once the response is over (nothing more is read). */
  event(data: string): boolean {
    this.summary.events++;
    if (data === '[DONE]') {
      this.summary.done = true;
      this.flushCalls();
      return false;
    }
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      this.summary.unreadable++;
      return true;
    }
    if (!isObject(json)) {
      this.summary.unreadable++;
      return true;
    }
    this.chunk(json);
    return !this.summary.done;
  }

  /** A parsed event, or (a gateway that ignored `stream: true`) one whole response object. */
  chunk(json: Json): void {
    const type = typeof json.type === 'string' ? json.type : undefined;
    if (type === undefined && (json.object === 'response' || Array.isArray(json.output))) {
      const whole = readResponse(json);
      if (whole) this.finished(whole, 'response.completed');
      else this.drop('response');
      return;
    }
    if (type === undefined && json.error !== undefined && json.error !== null) throw streamError(json.error);
    if (type === undefined) return;
    if (THINKING.has(type)) {
      this.progress++;
      return;
    }
    if (!KNOWN.has(type)) return;
    const event = check(type, json);
    if (!event) return this.drop(type);
    this.dispatch(type, event);
  }

  /** The end of the body: calls still pending are reported. */
  end(): StreamSummary {
    this.flushCalls();
    return this.summary;
  }

  private dispatch(type: string, e: Checked): void {
    switch (e.kind) {
      case 'textDelta':
        if (e.itemId) this.textItems.add(e.itemId);
        return this.text(e.delta);
      case 'textDone':
        if (e.itemId && !this.textItems.has(e.itemId)) {
          this.textItems.add(e.itemId);
          this.text(e.text);
        }
        return;
      case 'item':
        return this.item(e.item, e.done);
      case 'args':
        return this.arguments(e, type);
      case 'error':
        throw streamError(e.error);
      case 'response':
        if (type === 'response.created') {
          if (this.summary.completionId === undefined) this.summary.completionId = e.response.id;
          return;
        }
        return this.finished(e.response, type);
    }
  }

  private text(value: string): void {
    if (value === '') return;
    this.progress++;
    this.summary.textChars += value.length;
    this.emit({ kind: 'text', value });
  }

  private item(item: Item, done: boolean): void {
    this.progress++;
    if (item.type === 'message' && done) return this.wholeText(item);
    if (item.type !== 'function_call') return;
    const call = this.callFor(item);
    if (item.name) call.name = item.name;
    if (typeof item.arguments === 'string' && (done || item.arguments !== '')) call.args = item.arguments;
    if (done) this.report(call);
  }

  /** The pending call for an item, by its id (or its call_id), created on first sight. */
  private callFor(item: Item): PendingCall {
    const itemId = item.id || item.call_id || `item_${this.calls.size}`;
    let call = this.calls.get(itemId);
    if (!call) {
      call = { itemId, callId: item.call_id || item.id || '', name: '', args: '', reported: false };
      this.calls.set(itemId, call);
    }
    if (item.call_id) call.callId = item.call_id;
    return call;
  }

  private arguments(e: { itemId?: string; delta?: string; whole?: string }, type: string): void {
    const call = e.itemId ? this.calls.get(e.itemId) : [...this.calls.values()].reverse().find((c) => !c.reported);
    if (!call || call.reported) return this.drop(type);
    this.progress++;
    if (e.whole !== undefined) call.args = e.whole;
    else call.args += e.delta ?? '';
  }

  /** A message item's text that came only whole (no deltas for it). */
  private wholeText(item: Item): void {
    const key = item.id ?? '';
    if (key !== '' && this.textItems.has(key)) return;
    if (!Array.isArray(item.content)) return;
    let sent = false;
    for (const part of item.content) {
      if (isObject(part) && (part.type === 'output_text' || part.type === 'refusal')) {
        const value = typeof part.text === 'string' ? part.text : typeof part.refusal === 'string' ? part.refusal : '';
        if (value !== '') {
          this.text(value);
          sent = true;
        }
      }
    }
    if (sent && key !== '') this.textItems.add(key);
  }

  private finished(response: ResponseBody, type: string): void {
    if (type === 'response.failed' || (response.status === 'failed' && response.error)) throw streamError(response.error ?? {});
    if (this.summary.completionId === undefined && response.id) this.summary.completionId = response.id;
    // Items the stream never showed (a gateway that sends only the final response) come from its output.
    for (const raw of response.output ?? []) {
      const item = readItem(raw);
      if (!item) continue;
      if (item.type === 'message' && this.summary.textChars === 0) this.wholeText(item);
      if (item.type === 'function_call') this.item(item, true);
    }
    this.flushCalls();
    const u = response.usage;
    if (u)
      this.summary.usage = {
        promptTokens: u.input_tokens,
        completionTokens: u.output_tokens,
        totalTokens: u.total_tokens,
      };
    const reason = response.incomplete_details?.reason;
    this.summary.finishReason =
      type === 'response.incomplete'
        ? reason
          ? (INCOMPLETE_REASONS[reason] ?? reason)
          : 'length'
        : this.summary.toolCalls > 0
          ? 'tool_calls'
          : 'stop';
    this.summary.done = true;
  }

  private report(call: PendingCall): void {
    if (call.reported) return;
    call.reported = true;
    const name = call.name || 'unknown_tool';
    const callId = call.callId || `call_rutaapi_${++this.syntheticIds}`;
    if (this.reportedIds.has(callId)) return;
    this.reportedIds.add(callId);
    const text = call.args.trim();
    let input: unknown = {};
    if (text !== '') {
      try {
        input = JSON.parse(text);
      } catch {
        throw new ToolArgumentsError(name, callId, text.length);
      }
    }
    if (!isObject(input)) throw new ToolArgumentsError(name, callId, text.length);
    this.summary.toolCalls++;
    this.emit({ kind: 'toolCall', callId, name, input });
  }

  private flushCalls(): void {
    for (const call of this.calls.values()) if (!call.reported) this.report(call);
  }

  private drop(type: string): void {
    this.summary.unreadable++;
    this.onNote?.(`Dropped a malformed '${type}' event from the Responses stream`);
  }
}

/** An error object from the stream (an `error` event, a failed response) as the chat path's StreamErrorEvent. */
function streamError(error: unknown): StreamErrorEvent {
  const err = isObject(error) ? error : {};
  const raw = err.code ?? err.status;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{3}$/.test(raw) ? Number(raw) : undefined;
  const body = { error: { message: typeof err.message === 'string' ? err.message : '', type: err.type, code: err.code } };
  return new StreamErrorEvent(JSON.stringify(body), n !== undefined && n >= 400 && n < 600 ? n : undefined);
}
