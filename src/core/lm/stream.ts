/**
 * Turns the events of a chat-completion stream into response parts, in order: text as it arrives,
 * and each tool call once, when its arguments are complete. `delta.tool_calls` are accumulated by
 * `index` (OpenAI's shape), with the variants gateways send: the whole call in one chunk, no
 * `index`, every call at index 0 with a new `id`, `arguments` as an object, the name repeated in
 * every chunk or split across chunks, interleaved parallel calls. A call is reported when the stream moves on to another
 * call and its arguments parse, else at `finish_reason` or at the end of the stream.
 *
 * Malformed arguments are one clear error naming the tool (`ToolArgumentsError`), never a crash
 * and never a half-parsed input. An `{"error": …}` event in the middle of the stream is a
 * `StreamErrorEvent` (the caller turns it into a diagnosis). Pure TypeScript. Never throws anything
 * but these two errors.
 */

export type StreamPart =
  { kind: 'text'; value: string } | { kind: 'toolCall'; callId: string; name: string; input: Record<string, unknown> };

export interface StreamUsage {
  promptTokens?: number;
  completionTokens?: number;
  totalTokens?: number;
}

export interface StreamSummary {
  /** Events read (including `[DONE]`). */
  events: number;
  textChars: number;
  toolCalls: number;
  finishReason?: string;
  usage?: StreamUsage;
  /** The stream ended with `data: [DONE]`. */
  done: boolean;
  /** Events that were not JSON (ignored unless nothing else came). */
  unreadable: number;
  /** The `id` of the completion, when the gateway sent one. */
  completionId?: string;
}

/** A tool call whose arguments are not one JSON object. */
export class ToolArgumentsError extends Error {
  override readonly name = 'ToolArgumentsError';
  constructor(
    readonly tool: string,
    readonly callId: string,
    /** How many characters of arguments arrived (the text itself is model output: not kept). */
    readonly argumentChars: number,
  ) {
    super(`The arguments of the tool call "${tool}" are not valid JSON.`);
  }
}

/** An `{"error": …}` object sent as an event of an otherwise successful (200) stream. */
export class StreamErrorEvent extends Error {
  override readonly name = 'StreamErrorEvent';
  constructor(
    /** The event as JSON text (read by the diagnosis like an error body). */
    readonly body: string,
    /** A status the error object names (`code`/`status` 400–599), else undefined. */
    readonly status: number | undefined,
  ) {
    super('The gateway reported an error in the middle of the stream.');
  }
}

interface PendingCall {
  index: number;
  id: string;
  name: string;
  args: string[];
  /** Arguments arrived as an object, already complete. */
  whole?: Record<string, unknown>;
  reported: boolean;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export class ChatStreamAccumulator {
  private readonly calls: PendingCall[] = [];
  /** The live (not yet superseded) call per index. */
  private readonly byIndex = new Map<number, PendingCall>();
  private current: PendingCall | undefined;
  private syntheticIds = 0;
  /** Ids already reported: a repeated delta for one of them (an empty trailer) is ignored. */
  private readonly reportedIds = new Set<string>();
  readonly summary: StreamSummary = { events: 0, textChars: 0, toolCalls: 0, done: false, unreadable: 0 };
  /**
   * Grows with every delta that moves the answer on: text, a refusal, a tool call's id, name or
   * arguments, and a reasoning model's thinking (`reasoning_content`, `reasoning`). Not with SSE
   * comments (`: keep-alive`), empty deltas or usage chunks: those keep a connection open without
   * an answer coming (the idle timeout in core/lm/chat.ts follows this).
   */
  progress = 0;

  constructor(private readonly emit: (part: StreamPart) => void) {}

  /** One SSE event's data. Returns false after `[DONE]` (nothing more is read). */
  event(data: string): boolean {
    this.summary.events++;
    if (data === '[DONE]') {
      this.summary.done = true;
      this.flushAll();
      return false;
    }
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      this.summary.unreadable++;
      return true;
    }
    if (!isObject(chunk)) {
      this.summary.unreadable++;
      return true;
    }
    this.chunk(chunk);
    return true;
  }

  /** A parsed chunk (`chat.completion.chunk`). */
  chunk(chunk: Json): void {
    if (chunk.error !== undefined && chunk.error !== null) {
      const err = chunk.error;
      const raw = isObject(err) ? (err.code ?? err.status) : chunk.code;
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{3}$/.test(raw) ? Number(raw) : undefined;
      throw new StreamErrorEvent(JSON.stringify({ error: err }), n !== undefined && n >= 400 && n < 600 ? n : undefined);
    }
    if (typeof chunk.id === 'string' && this.summary.completionId === undefined) this.summary.completionId = chunk.id;
    if (isObject(chunk.usage)) {
      const u = chunk.usage;
      const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
      this.summary.usage = {
        promptTokens: num(u.prompt_tokens),
        completionTokens: num(u.completion_tokens),
        totalTokens: num(u.total_tokens),
      };
    }
    const choices = chunk.choices;
    if (!Array.isArray(choices)) return;
    for (const choice of choices) {
      if (!isObject(choice)) continue;
      if (typeof choice.index === 'number' && choice.index !== 0) continue;
      // Some gateways send the last chunk as a whole `message` instead of a `delta`.
      const delta = isObject(choice.delta) ? choice.delta : isObject(choice.message) ? choice.message : undefined;
      if (delta) {
        const content = delta.content;
        if (typeof content === 'string' && content !== '') this.text(content);
        else if (Array.isArray(content)) {
          for (const piece of content) if (isObject(piece) && typeof piece.text === 'string' && piece.text !== '') this.text(piece.text);
        }
        if (typeof delta.refusal === 'string' && delta.refusal !== '') this.text(delta.refusal);
        if (
          (typeof delta.reasoning_content === 'string' && delta.reasoning_content !== '') ||
          (typeof delta.reasoning === 'string' && delta.reasoning !== '')
        )
          this.progress++;
        if (Array.isArray(delta.tool_calls)) for (const call of delta.tool_calls) if (isObject(call)) this.toolDelta(call);
        // The legacy `function_call` shape: one call, no index.
        if (isObject(delta.function_call)) this.toolDelta({ index: 0, function: delta.function_call });
      }
      if (typeof choice.finish_reason === 'string' && choice.finish_reason !== '') {
        this.summary.finishReason = choice.finish_reason;
        this.flushAll();
      }
    }
  }

  /** The end of the stream (with or without `[DONE]`): reports every call still pending. */
  end(): StreamSummary {
    this.flushAll();
    return this.summary;
  }

  private text(value: string): void {
    this.progress++;
    this.summary.textChars += value.length;
    this.emit({ kind: 'text', value });
  }

  private toolDelta(delta: Json): void {
    const fn = isObject(delta.function) ? delta.function : {};
    const id = typeof delta.id === 'string' ? delta.id : '';
    const name = typeof fn.name === 'string' ? fn.name : '';
    if (id && this.reportedIds.has(id)) return;
    if (id || name || (typeof fn.arguments === 'string' && fn.arguments !== '') || isObject(fn.arguments)) this.progress++;
    let index: number;
    if (typeof delta.index === 'number' && Number.isInteger(delta.index) && delta.index >= 0) index = delta.index;
    else if (id && (!this.current || (this.current.id !== '' && this.current.id !== id))) index = this.nextFreeIndex();
    else index = this.current?.index ?? 0;

    let call = this.byIndex.get(index);
    // The same index with a different id, after a complete call: a new call (gateways that put
    // every call at index 0).
    if (call && id && call.id && id !== call.id && (call.reported || this.parses(call))) {
      this.finish(call);
      call = undefined;
    }
    if (!call) {
      call = { index, id, name, args: [], reported: false };
      this.byIndex.set(index, call);
      this.calls.push(call);
    }
    if (this.current && this.current !== call && !this.current.reported && this.parses(this.current)) this.finish(this.current);
    this.current = call;
    if (!call.id && id) call.id = id;
    // The name in one piece (OpenAI), repeated in every chunk, cumulative, or split in pieces.
    if (name && name !== call.name) call.name = name.startsWith(call.name) ? name : call.name + name;
    const args = fn.arguments;
    if (typeof args === 'string') {
      if (args !== '') call.args.push(args);
    } else if (isObject(args)) {
      call.whole = args;
    }
  }

  private nextFreeIndex(): number {
    let i = 0;
    for (const k of this.byIndex.keys()) i = Math.max(i, k + 1);
    return i;
  }

  private argsText(call: PendingCall): string {
    if (call.args.length > 1) call.args.splice(0, call.args.length, call.args.join(''));
    return call.args[0] ?? '';
  }

  private parses(call: PendingCall): boolean {
    if (call.whole) return true;
    const text = this.argsText(call).trim();
    if (text === '') return false;
    try {
      return isObject(JSON.parse(text));
    } catch {
      return false;
    }
  }

  private finish(call: PendingCall): void {
    if (call.reported) return;
    call.reported = true;
    if (this.byIndex.get(call.index) === call) this.byIndex.delete(call.index);
    // A delta with nothing in it (no id, no name, no arguments) is not a call.
    if (!call.id && !call.name && !call.whole && this.argsText(call).trim() === '') return;
    const name = call.name || 'unknown_tool';
    const callId = call.id || `call_rutaapi_${++this.syntheticIds}`;
    this.reportedIds.add(callId);
    let input: Record<string, unknown>;
    if (call.whole) input = call.whole;
    else {
      const text = this.argsText(call).trim();
      if (text === '') input = {};
      else {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          throw new ToolArgumentsError(name, callId, text.length);
        }
        if (!isObject(parsed)) throw new ToolArgumentsError(name, callId, text.length);
        input = parsed;
      }
    }
    call.args = [];
    this.summary.toolCalls++;
    this.emit({ kind: 'toolCall', callId, name, input });
  }

  private flushAll(): void {
    for (const call of this.calls) if (!call.reported) this.finish(call);
    this.calls.length = 0;
    this.byIndex.clear();
    this.current = undefined;
  }
}
