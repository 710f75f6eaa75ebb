// core/lm/chat against a real HTTP stream on 127.0.0.1 (the sandbox's streaming scenarios),
// through the real openai SDK client (core/gatewayClient).
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayClient } from '../../../src/core/gatewayClient';
import { streamChat, type StreamChatOptions } from '../../../src/core/lm/chat';
import { ChatFailure } from '../../../src/core/lm/errors';
import { buildChatRequest } from '../../../src/core/lm/messages';
import type { StreamPart } from '../../../src/core/lm/stream';
import { STREAM_TEXT } from '../../../src/sandbox/streaming';
import { startStreamServer, type StreamServer } from './streamServer';

const KEY = 'sk-test-ok-0123456789abcdef';

function request(
  server: StreamServer,
  text: string,
  extra: Partial<StreamChatOptions> = {},
): { parts: StreamPart[]; run: Promise<Awaited<ReturnType<typeof streamChat>>> } {
  const parts: StreamPart[] = [];
  const run = streamChat({
    createClient: createGatewayClient,
    apiKey: KEY,
    baseURL: server.baseUrl,
    body: buildChatRequest({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', parts: [{ kind: 'text', value: text }] }],
      imageInput: false,
      tools: [{ name: 'get_weather' }, { name: 'get_time' }],
    }),
    onPart: (p) => parts.push(p),
    idleTimeoutMs: 10_000,
    ...extra,
  });
  return { parts, run };
}

async function failure(p: Promise<unknown>): Promise<ChatFailure> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ChatFailure, `not a ChatFailure: ${String(e)}`);
    return e;
  }
  assert.fail('the request did not fail');
}

function assertCleanMessage(e: ChatFailure, key: string): void {
  assert.match(e.message, /^RutaAPI: /);
  assert.equal(e.message.includes(key), false, 'the key is in the message');
  assert.equal(/\n\s+at /.test(String(e.stack)), false, 'a stack trace is in the error');
  assert.equal(/\]\(/.test(e.message), false, 'link syntax in the message');
}

describe('lm: streamed chat through the SDK client', () => {
  let server: StreamServer;
  before(async () => {
    server = await startStreamServer();
  });
  after(() => server.close());

  it('streams text in many chunks, in order, and reads the final usage chunk', async () => {
    const { parts, run } = request(server, 'hi');
    const result = await run;
    assert.equal(parts.map((p) => (p.kind === 'text' ? p.value : '')).join(''), STREAM_TEXT);
    assert.ok(parts.length >= 20);
    assert.equal(result.cancelled, false);
    assert.equal(result.requestId, 'req_test_123');
    assert.deepEqual(result.summary?.usage, { promptTokens: 12, completionTokens: 24, totalTokens: 36 });
    const body = server.bodies.at(-1) as Record<string, unknown>;
    assert.equal(body.stream, true);
    assert.deepEqual(body.stream_options, { include_usage: true });
  });

  it('reports a tool call split across chunks with its parsed input', async () => {
    const { parts, run } = request(server, 'weather [sandbox:tool]');
    await run;
    assert.deepEqual(parts, [
      {
        kind: 'toolCall',
        callId: 'call_sandbox_weather',
        name: 'get_weather',
        input: { city: 'Madrid', unit: 'celsius', note: 'Dígame "hola" ✓' },
      },
    ]);
  });

  it('reports two parallel tool calls after the text', async () => {
    const { parts, run } = request(server, '[sandbox:tools2]');
    await run;
    assert.deepEqual(
      parts.map((p) => (p.kind === 'text' ? p.value : `${p.name}:${JSON.stringify(p.input)}`)),
      ['Checking both.', 'get_weather:{"city":"Madrid"}', 'get_time:{"timezone":"Europe/Madrid"}'],
    );
  });

  it('a stream past its size cap ends with response_too_large (the cap holds without the capping layer)', async () => {
    const { run } = request(server, '[sandbox:chunks=400]', { maxResponseBytes: 4096 });
    const e = await failure(run);
    assert.equal(e.diagnosis.code, 'response_too_large');
    assertCleanMessage(e, KEY);
  });

  it('malformed tool arguments: one clear error naming the tool', async () => {
    const e = await failure(request(server, '[sandbox:badtool]').run);
    assert.match(e.message, /get_weather/);
    assert.equal(e.diagnosis.code, 'invalid_response');
    assertCleanMessage(e, KEY);
  });

  it('cancellation aborts the HTTP request: the server sees the disconnect', async () => {
    const controller = new AbortController();
    const seen = server.nextStream();
    const { parts, run } = request(server, '[sandbox:slow]', {
      signal: controller.signal,
      onPart: () => {
        if (!controller.signal.aborted) controller.abort();
      },
    });
    const result = await run;
    assert.equal(result.cancelled, true);
    const record = await seen;
    assert.equal(record.scenario, 'slow');
    assert.equal(record.outcome, 'aborted');
    assert.ok(record.chunksSent < 600, 'the stream ran to its end');
    assert.deepEqual(parts, []);
  });

  it('a stream that stalls ends with the timeout diagnosis', async () => {
    const { parts, run } = request(server, '[sandbox:stall]', { idleTimeoutMs: 300 });
    const e = await failure(run);
    assert.equal(e.diagnosis.code, 'timeout');
    assert.match(e.message, /rutaapi\.requestTimeoutSeconds/);
    assert.equal(parts.length, 2, 'the text before the stall was delivered');
    assertCleanMessage(e, KEY);
  });

  it('a stream of only `: keep-alive` comments ends with the timeout diagnosis: comments are not progress', async () => {
    const { parts, run } = request(server, '[sandbox:keepalive]', { idleTimeoutMs: 300 });
    const e = await failure(run);
    assert.equal(e.diagnosis.code, 'timeout');
    assert.deepEqual(parts, []);
    assertCleanMessage(e, KEY);
  });

  it('the key echoed by the gateway (text split 3 characters per chunk, a tool call input) never reaches the chat', async () => {
    const { parts, run } = request(server, '[sandbox:echokey]');
    await run;
    const text = parts.map((p) => (p.kind === 'text' ? p.value : '')).join('');
    assert.equal(text, 'Your key is sk-te…cdef, right?');
    const call = parts.find((p) => p.kind === 'toolCall');
    assert.ok(call && call.kind === 'toolCall');
    assert.deepEqual(call.input, { city: 'Madrid', note: 'auth sk-te…cdef' });
    assert.equal(JSON.stringify(parts).includes(KEY), false);
  });

  it('tool calls the request did not offer are dropped (noted, the name inert); two calls under one id get ids of their own', async () => {
    const notes: string[] = [];
    const { parts, run } = request(server, '[sandbox:roguetools]', { onNote: (m) => notes.push(m) });
    await run;
    assert.deepEqual(
      parts.map((p) => (p.kind === 'toolCall' ? [p.callId, p.name, p.input] : p)),
      [
        ['call_dup', 'get_weather', { city: 'Madrid' }],
        ['call_dup_2', 'get_weather', { city: 'Lima' }],
      ],
    );
    assert.equal(notes.length, 3, notes.join('\n'));
    assert.match(notes[0], /run_in_terminal.*did not offer/);
    assert.match(notes[1], /did not offer/);
    assert.equal(notes.join('').includes('\u202e'), false, 'a bidi control in the log');
    assert.match(notes[2], /id of its own/);
  });

  it('a reset mid-stream is the connection_reset diagnosis, after the text that came', async () => {
    const { parts, run } = request(server, '[sandbox:reset]');
    const e = await failure(run);
    assert.equal(e.diagnosis.code, 'connection_reset');
    assert.ok(parts.length >= 1);
    assertCleanMessage(e, KEY);
  });

  it('an error event mid-stream (no credits) is the credits diagnosis', async () => {
    const e = await failure(request(server, '[sandbox:errorchunk]').run);
    assert.equal(e.diagnosis.code, 'insufficient_credits');
    assertCleanMessage(e, KEY);
  });

  it("a wallet that ran out after the key was saved (new-api's 403 insufficient_user_quota before the first chunk) is the credits diagnosis", async () => {
    const e = await failure(request(server, '[sandbox:walletempty]').run);
    assert.equal(e.diagnosis.code, 'insufficient_credits');
    assert.match(e.message, /^RutaAPI: No credits left \(HTTP 403\)\. .*Billing/);
    assert.equal(e.requestId, 'req_test_123');
    assertCleanMessage(e, KEY);
    assert.equal(server.streams.at(-1)?.scenario, 'walletempty');
  });

  it('errors before the first chunk: 403 credits, 429 with Retry-After, 401 echoing the key', async () => {
    const credits = await failure(request(server, 'hi', { apiKey: 'sk-test-nocredits-0123456789' }).run);
    assert.equal(credits.diagnosis.code, 'insufficient_credits');
    assert.match(credits.message, /^RutaAPI: No credits left \(HTTP 403\)\. .*Billing/);
    assert.equal(credits.requestId, 'req_test_123');
    assertCleanMessage(credits, 'sk-test-nocredits-0123456789');

    const limited = await failure(request(server, 'hi', { apiKey: 'sk-test-ratelimited-0123456789' }).run);
    assert.equal(limited.diagnosis.code, 'rate_limited');
    assert.match(limited.message, /7 seconds/);

    const key = 'sk-test-unauthorized-0123456789';
    const unauthorized = await failure(request(server, 'hi', { apiKey: key }).run);
    assert.equal(unauthorized.diagnosis.code, 'unauthorized');
    assertCleanMessage(unauthorized, key);
  });

  it('nothing listening: a network diagnosis, not an exception from the SDK', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const e = await failure(request(server, 'hi', { baseURL: `http://127.0.0.1:${port}/v1` }).run);
    assert.equal(e.diagnosis.code, 'connection_refused');
  });

  it('an already-cancelled request sends nothing', async () => {
    const before = server.bodies.length;
    const controller = new AbortController();
    controller.abort();
    const result = await request(server, 'hi', { signal: controller.signal }).run;
    assert.equal(result.cancelled, true);
    assert.equal(server.bodies.length, before);
  });
});

/**
 * A gateway that sends `[DONE]` and ends the response in a packet of its own, one turn of its event loop
 * later (as a gateway that flushes per event does), or never (`endsBody` false).
 */
async function doneThenEndServer(endsBody: boolean): Promise<{
  baseUrl: string;
  connections: () => number;
  closedSockets: () => number;
  /** Resolves when a client connection closes. */
  socketClosed: Promise<void>;
  close: () => Promise<void>;
}> {
  let connections = 0;
  let closedSockets = 0;
  let onClosed!: () => void;
  const socketClosed = new Promise<void>((resolve) => (onClosed = resolve));
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${JSON.stringify({ id: 'c1', choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null }] })}\n\n`);
      res.write(`data: ${JSON.stringify({ id: 'c1', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`);
      res.write('data: [DONE]\n\n', () => {
        if (endsBody) setImmediate(() => res.end());
      });
    });
  });
  server.on('connection', (socket) => {
    connections++;
    socket.on('close', () => {
      closedSockets++;
      onClosed();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    connections: () => connections,
    closedSockets: () => closedSockets,
    socketClosed,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * `fetch` whose response bodies report when the client has read them to their end (or given them up):
 * by then the connection is back in the pool, or closed.
 */
function watchingBodies(): { fetch: typeof fetch; bodyOver: () => Promise<void> } {
  let over: Promise<void> = Promise.resolve();
  const watching = (async (input: string | URL | Request, init?: RequestInit) => {
    const response = await fetch(input, init);
    if (!response.body) return response;
    const reader = response.body.getReader();
    let settle!: () => void;
    over = new Promise<void>((resolve) => (settle = resolve));
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (!done) return controller.enqueue(value);
        controller.close();
        settle();
      },
      async cancel(reason) {
        await reader.cancel(reason);
        settle();
      },
    });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  }) as typeof fetch;
  return { fetch: watching, bodyOver: () => over };
}

describe('lm: the connection after [DONE]', () => {
  const run = (baseURL: string, extra: Partial<StreamChatOptions> = {}) =>
    streamChat({
      createClient: createGatewayClient,
      apiKey: KEY,
      baseURL,
      body: buildChatRequest({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', parts: [{ kind: 'text', value: 'hi' }] }],
        imageInput: false,
      }),
      onPart: () => undefined,
      idleTimeoutMs: 10_000,
      ...extra,
    });

  it('is kept for the next request when the body ends after [DONE] (no new TCP or TLS handshake per chat turn)', async () => {
    const gateway = await doneThenEndServer(true);
    try {
      const bodies = watchingBodies();
      for (let i = 0; i < 3; i++) {
        const result = await run(gateway.baseUrl, { fetch: bodies.fetch });
        assert.equal(result.summary?.done, true);
        // The drain reads the body's end after the answer; the next request waits for that (and for the turn on
        // which undici's keep-alive client takes the next request: it resumes in a setImmediate), not for a time.
        await bodies.bodyOver();
        await new Promise((resolve) => setImmediate(resolve));
      }
      assert.equal(gateway.connections(), 1, 'each request opened a connection of its own');
      assert.equal(gateway.closedSockets(), 0);
    } finally {
      await gateway.close();
    }
  });

  it('answers at [DONE] without waiting for the body to end, and closes a response left open after it', async () => {
    const gateway = await doneThenEndServer(false);
    try {
      // The body never ends: an answer that waited for its end would never come (the test's timeout).
      const result = await run(gateway.baseUrl, { drainAfterDoneMs: 100 });
      assert.equal(result.summary?.done, true);
      assert.equal(gateway.closedSockets(), 0, 'closed before the drain gave the body up');
      await gateway.socketClosed;
      assert.equal(gateway.closedSockets(), 1, 'the open response was never closed');
    } finally {
      await gateway.close();
    }
  });
});

/** A clock the test moves (ChatClock): timers fire only in `advance`, in order. */
class FakeClock {
  time = 0;
  now = (): number => this.time;
  private next = 1;
  private readonly timers = new Map<number, { fn: () => void; due: number }>();
  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = this.next++;
    this.timers.set(id, { fn, due: this.time + ms });
    return id;
  };
  clearTimeout = (handle: unknown): void => void this.timers.delete(handle as number);
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()].sort((a, b) => a[1].due - b[1].due)[0];
      if (!due || due[1].due > end) break;
      this.timers.delete(due[0]);
      this.time = due[1].due;
      due[1].fn();
    }
    this.time = end;
  }
}

/** A gateway whose event stream the test writes, with a fake clock for the idle and overall limits. */
function heldStream(extra: Partial<StreamChatOptions> = {}) {
  const clock = new FakeClock();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  // As fetch does: aborting the request errors its body.
  const fetch = (async (_url: unknown, init?: RequestInit) => {
    init?.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')), { once: true });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  }) as unknown as typeof globalThis.fetch;
  const parts: StreamPart[] = [];
  const run = streamChat({
    createClient: createGatewayClient,
    apiKey: KEY,
    baseURL: 'https://gw.example.com/v1',
    body: buildChatRequest({ model: 'm', messages: [{ role: 'user', parts: [{ kind: 'text', value: 'hi' }] }], imageInput: false }),
    onPart: (p) => parts.push(p),
    idleTimeoutMs: 1_000,
    fetch,
    clock,
    ...extra,
  });
  run.catch(() => undefined);
  let settled = false;
  run.then(
    () => (settled = true),
    () => (settled = true),
  );
  const flush = async () => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  };
  const delta = (d: Record<string, unknown>) =>
    `data: ${JSON.stringify({ id: 'c', choices: [{ index: 0, delta: d, finish_reason: null }] })}\n\n`;
  return {
    clock,
    parts,
    run,
    settled: () => settled,
    flush,
    delta,
    async send(text: string) {
      controller.enqueue(new TextEncoder().encode(text));
      await flush();
    },
    async finish() {
      controller.enqueue(
        new TextEncoder().encode(
          `data: ${JSON.stringify({ id: 'c', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`,
        ),
      );
      controller.close();
      await flush();
    },
  };
}

describe('lm: what counts as progress (fake clock)', function () {
  // Without the clock these never end; fail fast instead of waiting for mocha's 30 s.
  this.timeout(5_000);

  it('keep-alive comments and empty deltas do not hold the chat open past the idle limit', async () => {
    const s = heldStream();
    await s.flush();
    for (let i = 0; i < 3; i++) {
      await s.send(': keep-alive\n\n');
      await s.send(s.delta({}));
      s.clock.advance(400);
      await s.flush();
    }
    const e = await failure(s.run);
    assert.equal(e.diagnosis.code, 'timeout');
    assert.match(e.message, /rutaapi\.requestTimeoutSeconds/);
  });

  it("a reasoning model's reasoning_content deltas are progress: thinking for 10× the idle limit does not time out", async () => {
    const s = heldStream();
    await s.flush();
    for (let i = 0; i < 40; i++) {
      await s.send(s.delta({ reasoning_content: 'hmm ' }));
      s.clock.advance(250);
      await s.flush();
    }
    assert.equal(s.settled(), false, 'the request ended while the model was thinking');
    await s.send(s.delta({ content: 'Done.' }));
    await s.finish();
    const result = await s.run;
    assert.equal(result.summary?.finishReason, 'stop');
    assert.deepEqual(s.parts, [{ kind: 'text', value: 'Done.' }]);
  });

  it('the whole answer is bounded: a steady stream past maxAnswerMs is stopped with its own diagnosis', async () => {
    const s = heldStream({ maxAnswerMs: 5_000 });
    await s.flush();
    for (let i = 0; i < 30 && !s.settled(); i++) {
      await s.send(s.delta({ content: 'x' }));
      s.clock.advance(250);
      await s.flush();
    }
    const e = await failure(s.run);
    assert.equal(e.diagnosis.code, 'timeout');
    assert.match(e.message, /took too long|still answering/);
  });
});
