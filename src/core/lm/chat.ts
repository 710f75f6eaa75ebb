/**
 * One streamed chat request for the language model provider, through the openai SDK client of
 * core/gatewayClient (every option explicit, no env vars, no retries, the key only to the Base
 * URL's origin, redirects not followed). The client factory is passed in, so this module (and the
 * lazily loaded dist/lm.js that bundles it) never contains the SDK: it comes from dist/gateway.js.
 *
 * - The raw `Response` (`.asResponse()`) is read here, as the verification engine does: status,
 *   x-request-id and error bodies go to the diagnosis; the SSE body goes through SseDecoder and
 *   ChatStreamAccumulator, and every part is handed to `onPart` as it is decoded (no buffering).
 * - Cancellation (`signal`) aborts the HTTP request at once and resolves `{ cancelled: true }`.
 * - Idle timeout: nothing that moves the answer on for `idleTimeoutMs` (before the headers, then
 *   between text, tool-call or reasoning deltas: SSE comments such as `: keep-alive` and empty
 *   deltas do not count) aborts the request and fails with the `timeout` diagnosis. The whole
 *   answer is also bounded by `maxAnswerMs` (generous: a reasoning model may think for minutes).
 * - What reaches `onPart` is checked (core/lm/streamScrub.ts, core/lm/toolCallGate.ts): the saved
 *   key is replaced in text (also when split across chunks) and in tool-call inputs; tool calls
 *   to tools the request did not offer are dropped and a repeated call id gets an id of its own
 *   (both noted through `onNote`).
 * - Every failure is a ChatFailure carrying a Diagnosis (core/lm/errors.ts).
 * Pure TypeScript (web streams only).
 */
import { abortable } from '../abortable';
import { diagnoseContent, makeDiagnosis, type DiagnosisContext } from '../diagnosis';
import type { GatewayClient, GatewayClientOptions, RequestRecord } from '../gatewayClient';
import { requestIdOf } from '../gatewayAccount/requestId';
import { looksLikeHtml } from '../html';
import { inertText } from '../inertText';
import { t } from '../l10n';
import { Scrubber } from '../scrub';
import { failureOf, hostOf } from './chatFailure';
import { REAL_CLOCK, startChatLimits, type ChatClock, type ChatLimits } from './chatLimits';
import { chatOutput, type ChatOutput } from './chatOutput';
import { chatFailure, diagnoseCutStream } from './errors';
import type { ChatRequestBody } from './messages';
import type { ResponsesRequestBody } from './responsesRequest';
import { ResponsesStreamAccumulator } from './responsesStream';
import { SseDecoder } from './sse';
import { ChatStreamAccumulator, type StreamPart, type StreamSummary } from './stream';

export type { ChatClock } from './chatLimits';

/** A streamed answer may be long (a tool call writing a file): 64 MB before it is cut off. */
const MAX_STREAM_BYTES = 64 * 1024 * 1024;

/** The longest one answer may take, however steadily it streams (a reasoning model thinks for minutes). */
const MAX_ANSWER_MS = 30 * 60_000;

export interface StreamChatOptions {
  /** `createGatewayClient` from dist/gateway.js. */
  createClient: (options: GatewayClientOptions) => GatewayClient;
  /** The saved key (already through the origin gate). */
  apiKey: string;
  /** The normalised Base URL. */
  baseURL: string;
  /** A chat completion request, or (`api: 'responses'`) a Responses API request (core/lm/responsesRequest.ts). */
  body: ChatRequestBody | ResponsesRequestBody;
  /** Which endpoint the body is for: `chat` (POST …/chat/completions, the default) or `responses` (POST …/responses). */
  api?: 'chat' | 'responses';
  onPart: (part: StreamPart) => void;
  signal?: AbortSignal;
  idleTimeoutMs: number;
  fetch?: typeof globalThis.fetch;
  /** Model ids from /models, for a model_not_found suggestion. */
  knownModels?: readonly string[];
  maxResponseBytes?: number;
  /** After `[DONE]`, how long the rest of the body may take before the connection is closed. */
  drainAfterDoneMs?: number;
  /** The whole answer's limit; default MAX_ANSWER_MS. */
  maxAnswerMs?: number;
  /** What was dropped or changed on the way to `onPart` (for the log; never the key). */
  onNote?: (message: string) => void;
  clock?: ChatClock;
}

/**
 * After `[DONE]` a gateway still has to end the chunked body (its terminator often comes in a
 * packet of its own). Cancelling the body then closes the connection, and the next chat turn pays
 * a new TCP and TLS handshake; reading that end (in the background: the answer does not wait)
 * keeps the connection in the pool. A gateway that leaves the response open is cut off after this.
 */
const DRAIN_AFTER_DONE_MS = 2_000;
/** What may still come after `[DONE]` before the connection is given up. */
const DRAIN_AFTER_DONE_BYTES = 64 * 1024;

/** Reads the body to its end (≤ `ms`, ≤ DRAIN_AFTER_DONE_BYTES), discarding it; else `closeRequest()`. */
async function drainAfterDone(reader: ReadableStreamDefaultReader<Uint8Array>, ms: number, closeRequest: () => void): Promise<void> {
  let ended = false;
  const timer = setTimeout(() => {
    if (!ended) closeRequest();
  }, ms);
  try {
    let bytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        ended = true;
        return;
      }
      bytes += value.byteLength;
      if (bytes > DRAIN_AFTER_DONE_BYTES) break;
    }
  } catch {
    // the request was closed (the deadline above, or the gateway reset it): nothing to keep
  } finally {
    clearTimeout(timer);
  }
  if (!ended) {
    closeRequest();
    reader.cancel().catch(() => undefined);
  }
}

/**
 * Reads an event stream into the accumulator until `[DONE]` or the end of the body; true when
 * `[DONE]` came before the end (the rest is still unread). The hot path (10,000 events a second
 * and more), kept apart from streamChat's closures. No per-read race with the abort signal:
 * aborting the request errors the body stream itself (fetch does that), and one promise and
 * listener per chunk would cost a third of the throughput.
 */
async function readEvents(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  accumulator: AnswerAccumulator,
  cap: number,
  onProgress: () => void,
  tooLarge: () => never,
): Promise<boolean> {
  const decoder = new SseDecoder();
  let received = 0;
  let progress = accumulator.progress;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > cap) tooLarge();
    const events = decoder.push(value);
    for (let i = 0; i < events.length; i++) if (!accumulator.event(events[i])) return true;
    // Only a delta that moves the answer on counts (not `: keep-alive` comments or empty deltas).
    if (accumulator.progress !== progress) {
      progress = accumulator.progress;
      onProgress();
    }
  }
  for (const event of decoder.end()) accumulator.event(event);
  return false;
}

export interface StreamChatResult {
  cancelled: boolean;
  summary?: StreamSummary;
  status?: number;
  requestId?: string;
  /** Milliseconds from the request to the first part (text or tool call). */
  firstPartMs?: number;
  totalMs: number;
}

/** What reads the events of either API into parts (core/lm/stream.ts, core/lm/responsesStream.ts). */
type AnswerAccumulator = ChatStreamAccumulator | ResponsesStreamAccumulator;

/** One request in flight: what every phase of streamChat reads. */
interface ChatCall {
  o: StreamChatOptions;
  started: number;
  url: string;
  ctx: DiagnosisContext;
  secrets: string[];
  idle: number;
  maxAnswerMs: number;
  controller: AbortController;
  /** Why the request was aborted (the first reason wins). */
  stop: { why?: 'timeout' | 'cancelled' };
  /** The listener on the caller's signal. */
  onCancel: () => void;
  limits: ChatLimits;
  gateway: GatewayClient;
  output: ChatOutput;
  accumulator: AnswerAccumulator;
  status?: number;
  response?: Response;
  /** Set when `[DONE]` came before the body ended: the rest is read after the answer. */
  rest?: ReadableStreamDefaultReader<Uint8Array>;
  record(): RequestRecord | undefined;
  requestId(): string | undefined;
}

export async function streamChat(o: StreamChatOptions): Promise<StreamChatResult> {
  if (o.signal?.aborted) return { cancelled: true, totalMs: 0 };
  const call = startCall(o);
  try {
    call.limits.arm();
    const response = await requestAnswer(call);
    call.limits.arm();
    call.response = response;
    call.status = response.status;
    const summary = await readAnswer(call, response);
    return {
      cancelled: false,
      summary,
      status: call.status,
      requestId: call.requestId(),
      firstPartMs: call.output.firstPartMs(),
      totalMs: Date.now() - call.started,
    };
  } catch (error) {
    if (call.stop.why === 'cancelled')
      return {
        cancelled: true,
        status: call.status,
        requestId: call.requestId(),
        firstPartMs: call.output.firstPartMs(),
        totalMs: Date.now() - call.started,
      };
    // The text before the failure, without a possible start of the key at its end.
    try {
      call.output.flushText();
    } catch {
      // the failure below is what counts
    }
    throw failureOf(error, {
      url: call.url,
      model: o.body.model,
      ctx: call.ctx,
      secrets: call.secrets,
      requestId: call.requestId(),
      record: call.record(),
      response: call.response,
      why: call.stop.why,
      overran: call.limits.overran(),
      idleMs: call.idle,
      maxAnswerMs: call.maxAnswerMs,
    });
  } finally {
    endCall(call);
  }
}

/** Sets up the request: the abort on cancel and on the time limits, the client, the output. Throws a ChatFailure for an unusable Base URL. */
function startCall(o: StreamChatOptions): ChatCall {
  const started = Date.now();
  const scrubber = new Scrubber();
  scrubber.add(o.apiKey);
  const url = `${o.baseURL.replace(/\/+$/, '')}/${o.api === 'responses' ? 'responses' : 'chat/completions'}`;
  const ctx: DiagnosisContext = {
    step: 'chat',
    baseUrl: o.baseURL,
    url,
    model: o.body.model,
    models: o.knownModels,
    apiKey: o.apiKey,
    scrubber,
  };
  const controller = new AbortController();
  const stop: ChatCall['stop'] = {};
  const abort = (reason: 'timeout' | 'cancelled'): void => {
    if (stop.why) return;
    stop.why = reason;
    controller.abort();
  };
  const onCancel = (): void => abort('cancelled');
  o.signal?.addEventListener('abort', onCancel, { once: true });
  const idle = Math.max(1, o.idleTimeoutMs);
  const maxAnswerMs = Math.max(1, o.maxAnswerMs ?? MAX_ANSWER_MS);
  const limits = startChatLimits(o.clock ?? REAL_CLOCK, idle, maxAnswerMs, () => abort('timeout'));
  const secrets = [o.apiKey];
  let gateway: GatewayClient;
  try {
    gateway = o.createClient({
      apiKey: o.apiKey,
      baseURL: o.baseURL,
      fetch: o.fetch,
      timeoutMs: idle + 1000,
      maxResponseBytes: o.maxResponseBytes ?? MAX_STREAM_BYTES,
      uncappedEventStreams: true,
      defaultHeaders: { accept: 'text/event-stream' },
    });
  } catch {
    o.signal?.removeEventListener('abort', onCancel);
    limits.dispose();
    throw chatFailure(unusableBaseUrl(), secrets);
  }
  const output = chatOutput({
    apiKey: o.apiKey,
    tools: toolNames(o),
    onPart: o.onPart,
    onNote: o.onNote,
    started,
  });
  const record = (): RequestRecord | undefined => gateway.records[gateway.records.length - 1];
  const call: ChatCall = {
    o,
    started,
    url,
    ctx,
    secrets,
    idle,
    maxAnswerMs,
    controller,
    stop,
    onCancel,
    limits,
    gateway,
    output,
    accumulator: o.api === 'responses' ? new ResponsesStreamAccumulator(output.emit, o.onNote) : new ChatStreamAccumulator(output.emit),
    record,
    requestId: () => {
      const id = requestIdOf(record()?.headers);
      return id ? inertText(scrubber.scrub(id), { maxChars: 200 }) : undefined;
    },
  };
  return call;
}

/** Stops the limits and lets go of the caller's signal; a body still running after `[DONE]` is drained in the background. */
function endCall(call: ChatCall): void {
  call.limits.dispose();
  call.o.signal?.removeEventListener('abort', call.onCancel);
  const { controller, rest } = call;
  if (rest && !controller.signal.aborted)
    void drainAfterDone(rest, call.o.drainAfterDoneMs ?? DRAIN_AFTER_DONE_MS, () => controller.abort());
  else if (!controller.signal.aborted && call.stop.why === undefined) controller.abort();
}

/** The names of the tools the request offers (the tool-call gate lets only these through). */
function toolNames(o: StreamChatOptions): string[] {
  if (o.api === 'responses') return (o.body as ResponsesRequestBody).tools?.map((tool) => tool.name) ?? [];
  return (o.body as ChatRequestBody).tools?.map((tool) => tool.function.name) ?? [];
}

/** The request through the SDK, as a raw Response (headers in; the body not read yet). */
function requestAnswer(call: ChatCall): Promise<Response> {
  const { gateway, controller } = call;
  const options = { signal: controller.signal, timeout: call.idle + 1000, maxRetries: 0 };
  let sent: Promise<Response>;
  if (call.o.api === 'responses') {
    const responses = gateway.client.responses;
    sent = responses.create(call.o.body as unknown as Parameters<typeof responses.create>[0], options).asResponse();
  } else {
    const completions = gateway.client.chat.completions;
    sent = completions.create(call.o.body as unknown as Parameters<typeof completions.create>[0], options).asResponse();
  }
  return abortable(sent, controller.signal, () => new Error('aborted'));
}

/** The answer's body into the accumulator (an event stream, or one JSON answer), then its summary checked. */
async function readAnswer(call: ChatCall, response: Response): Promise<StreamSummary> {
  const { ctx, url, secrets } = call;
  const status = response.status;
  const contentType = response.headers.get('content-type') ?? '';
  const body = response.body;
  if (!body) throw chatFailure(diagnoseContent('no_choices', { status, headers: response.headers, url }, ctx), secrets, call.requestId());
  if (/text\/event-stream/i.test(contentType) || contentType === '') await readEventStream(call, response, body);
  else await readWholeAnswer(call, response, contentType);
  const summary = call.accumulator.end();
  call.output.flushText();
  if (summary.events > 0 && summary.unreadable === summary.events) {
    throw chatFailure(diagnoseContent('not_json', { status, headers: response.headers, url }, ctx), secrets, call.requestId());
  }
  if (!summary.done && summary.finishReason === undefined) throw chatFailure(diagnoseCutStream(hostOf(url)), secrets, call.requestId());
  return summary;
}

async function readEventStream(call: ChatCall, response: Response, body: ReadableStream<Uint8Array>): Promise<void> {
  const reader = body.getReader();
  let pending = false;
  const answer = { status: response.status, headers: response.headers, url: call.url };
  const tooLarge = (): never => {
    const rec = call.record();
    if (rec) rec.tooLarge = true;
    throw chatFailure(diagnoseContent('too_large', answer, call.ctx), call.secrets, call.requestId());
  };
  try {
    pending = await readEvents(reader, call.accumulator, call.o.maxResponseBytes ?? MAX_STREAM_BYTES, call.limits.arm, tooLarge);
  } finally {
    if (call.controller.signal.aborted) reader.cancel().catch(() => undefined);
    else if (pending) call.rest = reader;
    else reader.releaseLock();
  }
}

/** A gateway that ignored `stream: true`: one JSON answer, or an HTML page. */
async function readWholeAnswer(call: ChatCall, response: Response, contentType: string): Promise<void> {
  const { ctx, url, secrets } = call;
  const status = response.status;
  const text = await abortable(response.text(), call.controller.signal, () => new Error('aborted'));
  if (looksLikeHtml(text, contentType))
    throw chatFailure(
      diagnoseContent('html', { status, headers: response.headers, url, bodyText: text.slice(0, 65536) }, ctx),
      secrets,
      call.requestId(),
    );
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw chatFailure(diagnoseContent('not_json', { status, headers: response.headers, url }, ctx), secrets, call.requestId());
  }
  call.accumulator.chunk(json as Record<string, unknown>);
  if (call.accumulator.summary.finishReason === undefined) call.accumulator.summary.finishReason = 'stop';
}

function unusableBaseUrl() {
  return makeDiagnosis(
    'invalid_base_url',
    t('The Base URL is not a usable URL'),
    t('The Base URL could not be used. No request was sent.'),
    [],
    {},
    t('Base URL'),
  );
}
