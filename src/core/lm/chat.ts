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
import {
  diagnoseContent,
  diagnoseNetworkError,
  diagnoseResponse,
  readErrorBody,
  type DiagnosisContext,
  type ResponseFacts,
} from '../diagnosis';
import type { GatewayClient, GatewayClientOptions, RequestRecord } from '../gatewayClient';
import { requestIdOf } from '../gatewayAccount/requestId';
import { looksLikeHtml } from '../html';
import { inertText } from '../inertText';
import { Scrubber } from '../scrub';
import { makeDiagnosis } from '../diagnosis';
import { t } from '../l10n';
import { ChatFailure, chatFailure, diagnoseCutStream, diagnoseToolArguments } from './errors';
import type { ChatRequestBody } from './messages';
import { SseDecoder } from './sse';
import { ChatStreamAccumulator, StreamErrorEvent, ToolArgumentsError, type StreamPart, type StreamSummary } from './stream';
import { AnswerScrubber } from './streamScrub';
import { ToolCallGate } from './toolCallGate';

/** A streamed answer may be long (a tool call writing a file): 64 MB before it is cut off. */
export const MAX_STREAM_BYTES = 64 * 1024 * 1024;

/** The longest one answer may take, however steadily it streams (a reasoning model thinks for minutes). */
export const MAX_ANSWER_MS = 30 * 60_000;

/** Time for the idle and overall limits (tests pass a fake one). */
export interface ChatClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const REAL_CLOCK: ChatClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface StreamChatOptions {
  /** `createGatewayClient` from dist/gateway.js. */
  createClient: (options: GatewayClientOptions) => GatewayClient;
  /** The saved key (already through the origin gate). */
  apiKey: string;
  /** The normalised Base URL. */
  baseURL: string;
  body: ChatRequestBody;
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
export const DRAIN_AFTER_DONE_MS = 2_000;
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
  accumulator: ChatStreamAccumulator,
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

function bodyText(record: RequestRecord | undefined): string {
  if (!record || record.bodyPrefix.length === 0) return '';
  const total = record.bodyPrefix.reduce((n, c) => n + c.byteLength, 0);
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of record.bodyPrefix) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder('utf-8').decode(all);
}

/** The whole answer ran past `maxAnswerMs` (while it was still streaming). */
function diagnoseAnswerTooLong(host: string, ms: number) {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  return makeDiagnosis(
    'timeout',
    t('The answer took too long'),
    t(
      '{0} was still answering after {1} minutes, the longest one answer may take, so it was stopped. Try again, or ask for a shorter answer.',
      host,
      minutes,
    ),
    [],
    {},
    t('Timeout'),
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export async function streamChat(o: StreamChatOptions): Promise<StreamChatResult> {
  const started = Date.now();
  const scrubber = new Scrubber();
  scrubber.add(o.apiKey);
  const secrets = [o.apiKey];
  const url = `${o.baseURL.replace(/\/+$/, '')}/chat/completions`;
  const ctx: DiagnosisContext = {
    step: 'chat',
    baseUrl: o.baseURL,
    url,
    model: o.body.model,
    models: o.knownModels,
    apiKey: o.apiKey,
    scrubber,
  };

  if (o.signal?.aborted) return { cancelled: true, totalMs: 0 };
  const controller = new AbortController();
  let why: 'timeout' | 'cancelled' | undefined;
  const abort = (reason: 'timeout' | 'cancelled'): void => {
    if (why) return;
    why = reason;
    controller.abort();
  };
  const onCancel = (): void => abort('cancelled');
  o.signal?.addEventListener('abort', onCancel, { once: true });
  const idle = Math.max(1, o.idleTimeoutMs);
  const clock = o.clock ?? REAL_CLOCK;
  let timer: unknown;
  let lastActivity = clock.now();
  // One timer, re-armed only when it fires: progress just records the time (re-creating a timer per
  // chunk costs more than the chunk itself on a fast stream).
  const check = (): void => {
    const quiet = clock.now() - lastActivity;
    if (quiet >= idle) abort('timeout');
    else timer = clock.setTimeout(check, idle - quiet);
  };
  const arm = (): void => {
    lastActivity = clock.now();
    if (timer === undefined) timer = clock.setTimeout(check, idle);
  };
  const maxAnswerMs = Math.max(1, o.maxAnswerMs ?? MAX_ANSWER_MS);
  let overran = false;
  const overall = clock.setTimeout(() => {
    overran = true;
    abort('timeout');
  }, maxAnswerMs);
  /** Rejects as soon as the request is aborted, whatever `promise` does. */
  const untilAbort = <T>(promise: Promise<T>): Promise<T> => {
    promise.catch(() => undefined);
    if (controller.signal.aborted) return Promise.reject(new Error('aborted'));
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(new Error('aborted'));
      controller.signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (v) => (controller.signal.removeEventListener('abort', onAbort), resolve(v)),
        (e: unknown) => (controller.signal.removeEventListener('abort', onAbort), reject(e)),
      );
    });
  };

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
    clock.clearTimeout(overall);
    throw chatFailure(
      makeDiagnosis(
        'invalid_base_url',
        t('The Base URL is not a usable URL'),
        t('The Base URL could not be used. No request was sent.'),
        [],
        {},
        t('Base URL'),
      ),
      secrets,
    );
  }
  const record = (): RequestRecord | undefined => gateway.records[gateway.records.length - 1];
  const requestId = (): string | undefined => {
    const id = requestIdOf(record()?.headers);
    return id ? inertText(scrubber.scrub(id), { maxChars: 200 }) : undefined;
  };
  let firstPartMs: number | undefined;
  const deliver = (part: StreamPart): void => {
    if (firstPartMs === undefined) firstPartMs = Date.now() - started;
    o.onPart(part);
  };
  const answerScrubber = new AnswerScrubber(o.apiKey);
  const note = (message: string): void => o.onNote?.(message);
  const gate = new ToolCallGate(o.body.tools?.map((tool) => tool.function.name) ?? [], answerScrubber, note);
  /** Text held back by the scrub (a possible start of the key) goes out before anything else. */
  const flushText = (): void => {
    const rest = answerScrubber.flush();
    if (rest !== '') deliver({ kind: 'text', value: rest });
  };
  const emit = (part: StreamPart): void => {
    if (part.kind === 'text') {
      const value = answerScrubber.push(part.value);
      if (value !== '') deliver({ kind: 'text', value });
      return;
    }
    flushText();
    const call = gate.pass(part);
    if (call) deliver(call);
  };
  const accumulator = new ChatStreamAccumulator(emit);
  let status: number | undefined;

  const fail = (error: unknown, response?: Response): ChatFailure => {
    if (error instanceof ChatFailure) return error;
    const rid = requestId();
    if (error instanceof ToolArgumentsError) return chatFailure(diagnoseToolArguments(error, o.body.model), secrets, rid);
    if (error instanceof StreamErrorEvent) {
      // No status in the event: a credits wording reads as 402 (what it means), anything else as 500.
      const said = readErrorBody(error.body);
      const credits = /insufficient[_ ]quota|balance|credits?|billing|quota/i.test(
        `${said.code ?? ''} ${said.type ?? ''} ${said.message ?? ''}`,
      );
      const facts: ResponseFacts = { status: error.status ?? (credits ? 402 : 500), headers: response?.headers, bodyText: error.body, url };
      return chatFailure(diagnoseResponse(facts, ctx), secrets, rid);
    }
    if (why === 'timeout' && overran) return chatFailure(diagnoseAnswerTooLong(hostOf(url), maxAnswerMs), secrets, rid);
    if (why === 'timeout') return chatFailure(diagnoseNetworkError(error, { ...ctx, reason: 'timeout', timeoutMs: idle }), secrets, rid);
    const rec = record();
    const errStatus = (error as { status?: unknown } | null)?.status;
    if (rec?.tooLarge)
      return chatFailure(diagnoseContent('too_large', { status: rec.status ?? 200, headers: rec.headers, url }, ctx), secrets, rid);
    if (typeof errStatus === 'number' && rec?.headers) {
      return chatFailure(diagnoseResponse({ status: errStatus, headers: rec.headers, url, bodyText: bodyText(rec) }, ctx), secrets, rid);
    }
    return chatFailure(diagnoseNetworkError(error, ctx), secrets, rid);
  };

  let response: Response | undefined;
  /** Set when `[DONE]` came before the body ended: the rest is read after the answer. */
  let rest: ReadableStreamDefaultReader<Uint8Array> | undefined;
  try {
    arm();
    response = await untilAbort(
      gateway.client.chat.completions
        .create(o.body as unknown as Parameters<typeof gateway.client.chat.completions.create>[0], {
          signal: controller.signal,
          timeout: idle + 1000,
          maxRetries: 0,
        })
        .asResponse(),
    );
    arm();
    status = response.status;
    const contentType = response.headers.get('content-type') ?? '';
    const body = response.body;
    if (!body) throw chatFailure(diagnoseContent('no_choices', { status, headers: response.headers, url }, ctx), secrets, requestId());

    if (/text\/event-stream/i.test(contentType) || contentType === '') {
      const reader = body.getReader();
      let pending = false;
      const answer = { status: response.status, headers: response.headers, url };
      const tooLarge = (): never => {
        const rec = record();
        if (rec) rec.tooLarge = true;
        throw chatFailure(diagnoseContent('too_large', answer, ctx), secrets, requestId());
      };
      try {
        pending = await readEvents(reader, accumulator, o.maxResponseBytes ?? MAX_STREAM_BYTES, arm, tooLarge);
      } finally {
        if (controller.signal.aborted) reader.cancel().catch(() => undefined);
        else if (pending) rest = reader;
        else reader.releaseLock();
      }
    } else {
      // A gateway that ignored `stream: true`: one JSON answer, or an HTML page.
      const text = await untilAbort(response.text());
      if (looksLikeHtml(text, contentType))
        throw chatFailure(
          diagnoseContent('html', { status, headers: response.headers, url, bodyText: text.slice(0, 65536) }, ctx),
          secrets,
          requestId(),
        );
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw chatFailure(diagnoseContent('not_json', { status, headers: response.headers, url }, ctx), secrets, requestId());
      }
      if (!json || typeof json !== 'object' || Array.isArray(json)) {
        throw chatFailure(diagnoseContent('not_json', { status, headers: response.headers, url }, ctx), secrets, requestId());
      }
      accumulator.chunk(json as Record<string, unknown>);
      if (accumulator.summary.finishReason === undefined) accumulator.summary.finishReason = 'stop';
    }
    const summary = accumulator.end();
    flushText();
    if (summary.events > 0 && summary.unreadable === summary.events) {
      throw chatFailure(diagnoseContent('not_json', { status, headers: response.headers, url }, ctx), secrets, requestId());
    }
    if (!summary.done && summary.finishReason === undefined) throw chatFailure(diagnoseCutStream(hostOf(url)), secrets, requestId());
    return { cancelled: false, summary, status, requestId: requestId(), firstPartMs, totalMs: Date.now() - started };
  } catch (error) {
    if (why === 'cancelled') return { cancelled: true, status, requestId: requestId(), firstPartMs, totalMs: Date.now() - started };
    // The text before the failure, without a possible start of the key at its end.
    try {
      flushText();
    } catch {
      // the failure below is what counts
    }
    throw fail(error, response);
  } finally {
    if (timer !== undefined) clock.clearTimeout(timer);
    clock.clearTimeout(overall);
    o.signal?.removeEventListener('abort', onCancel);
    if (rest && !controller.signal.aborted) void drainAfterDone(rest, o.drainAfterDoneMs ?? DRAIN_AFTER_DONE_MS, () => controller.abort());
    else if (!controller.signal.aborted && why === undefined) controller.abort();
  }
}
