// The language-model provider's stream (core/lm/chat: the openai SDK client, SseDecoder and
// ChatStreamAccumulator, what dist/lm.js runs for a chat request in VS Code's chat) next to a raw
// `fetch` + hand-rolled SSE read of the same request, against the sandbox's streaming scenarios:
//   1. time to first text part over the 50 ms latency injector (goal ≤ 1.05× raw);
//   2. pass-through on a 10,000-chunk stream: text chunks/s (goal ≥ 95 % of raw) and the heap held
//      at the end of a 10,000-chunk stream after full GCs (goal ≤ LM_HEAP_FLAT_MB: flat);
//   3. cancel mid-stream: from abort() until the sandbox sees the client disconnect (goal ≤ 100 ms).
// Kept short (about 5 s): a few samples each; the 10,000-chunk stream (≈ 60 ms) 8 times per side
// plus once for the memory reading. `npx tsx bench/lmStream.ts` runs this section alone.
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { performance } from 'node:perf_hooks';
import { createGatewayClient as sourceGatewayClient } from '../../src/core/gatewayClient';
import { streamChat, type StreamChatOptions } from '../../src/core/lm/chat';
import { buildChatRequest } from '../../src/core/lm/messages';
import { startSandbox } from '../../src/sandbox/server';
import type { StreamRecord } from '../../src/sandbox/streaming';
import { startLatencyProxy } from '../latencyProxy';
import type { ProductionBuild } from '../prodBuild';
import { LM_HEAP_FLAT_MB, MODEL, bounded, median, round, type BenchContext } from './common';

const KEY = 'sk-ruta-sandbox-ok-bench';
const LATENCY_EACH_WAY_MS = 50;
/** Alternating pairs (ours, raw) for the time to first text part, after one warm-up each. */
const FIRST_TEXT_PAIRS = 9;
const BIG_CHUNKS = 10_000;
/** Alternating pairs (ours, raw) of the 10,000-chunk stream for the rate, after one warm-up each. */
const BIG_PAIRS = 7;
const CANCEL_SAMPLES = 5;
/** Mid-stream point of the memory stream where the first in-stream heap reading is taken. */
const HEAP_EARLY_CHUNK = 1_000;
const MiB = 1024 * 1024;
/*
 * "Memory flat" (goal LM_HEAP_FLAT_MB = 1 MB, in common.ts): the heap held at the end of a
 * 10,000-chunk stream, read after full GCs, over the heap before the pass-through runs. One such
 * stream is about 2.4 MB of SSE on the wire (≈ 250 B an event) and more once parsed, so a stream
 * that kept its events, or earlier runs that left their chunks behind, would hold several MB. The
 * text itself is ≈ 45 KB (chunks of ≈ 5 characters), so 1 MB leaves room for that, for allocator
 * and JIT noise and for connection pools, and none for a leak of the events of even half a stream.
 */

type CreateClient = StreamChatOptions['createClient'];

export interface LmStreamOptions {
  /**
   * The SDK client factory. `npm run bench` passes the production dist/gateway.js's, as
   * src/host/lm/provider.ts gets it at run time; the default is the source module (tsx).
   */
  createClient?: CreateClient;
  clientFrom?: string;
}

/** The SDK client factory of the production dist/gateway.js (what the provider is handed at run time). */
export function shippedClientFactory(build: ProductionBuild): CreateClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const gateway = require(join(build.dir, 'dist/gateway.js')) as typeof import('../../src/core/gateway');
  return gateway.createGatewayClient;
}

interface Run {
  /** ms from the request to the first text part. */
  first: number;
  total: number;
  /** Text parts (chunks with content). */
  parts: number;
}

/** A full, synchronous GC: `global.gc` when Node runs with --expose-gc, else exposed in a new context. */
function fullGc(): () => void {
  if (typeof global.gc === 'function') return global.gc as () => void;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

export async function measureLmStream(ctx: BenchContext, options: LmStreamOptions = {}): Promise<void> {
  const { results } = ctx;
  const createClient = options.createClient ?? sourceGatewayClient;
  const gc = fullGc();
  const heapMb = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed / MiB;
  };

  // Streams the sandbox ended, handed to whoever waits for that scenario (the cancel samples).
  const waiters: { scenario: string; resolve: (r: StreamRecord) => void }[] = [];
  const sandbox = await startSandbox({
    port: 0,
    onStream: (r) => {
      const i = waiters.findIndex((w) => w.scenario === r.scenario);
      if (i >= 0) waiters.splice(i, 1)[0].resolve(r);
    },
  });
  ctx.defer(() => sandbox.close());
  const proxy = await startLatencyProxy({ targetPort: sandbox.port, delayMs: LATENCY_EACH_WAY_MS });
  ctx.defer(() => proxy.close());
  try {
    const viaProxy = `${proxy.origin}/v1`;
    const body = (text: string) =>
      buildChatRequest({ model: MODEL, messages: [{ role: 'user', parts: [{ kind: 'text', value: text }] }], imageInput: false });

    const ours = (baseURL: string, text: string, onText?: (n: number) => void): Promise<Run> =>
      bounded('core/lm/chat stream', 30_000, async () => {
        const t0 = performance.now();
        let first = 0;
        let parts = 0;
        const r = await streamChat({
          createClient,
          apiKey: KEY,
          baseURL,
          body: body(text),
          idleTimeoutMs: 20_000,
          onPart: (p) => {
            if (p.kind !== 'text') return;
            if (parts++ === 0) first = performance.now() - t0;
            onText?.(parts);
          },
        });
        if (!r.summary?.done) throw new Error(`core/lm/chat stream did not complete (status ${r.status ?? '?'})`);
        return { first, total: performance.now() - t0, parts };
      });
    const raw = (baseURL: string, text: string): Promise<Run> =>
      bounded('raw fetch stream', 30_000, async () => {
        const t0 = performance.now();
        let first = 0;
        let parts = 0;
        const res = await fetch(`${baseURL}/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', accept: 'text/event-stream' },
          body: JSON.stringify(body(text)),
        });
        if (!res.ok || !res.body) throw new Error(`raw stream failed: ${res.status}`);
        const reader = res.body.getReader();
        const dec = new TextDecoder();
        let buf = '';
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buf += dec.decode(value, { stream: true });
          let i: number;
          while ((i = buf.indexOf('\n\n')) !== -1) {
            const ev = buf.slice(0, i);
            buf = buf.slice(i + 2);
            if (!ev.startsWith('data: ') || ev === 'data: [DONE]') continue;
            const c = JSON.parse(ev.slice(6)) as { choices?: { delta?: { content?: string } }[] };
            if (c.choices?.[0]?.delta?.content && parts++ === 0) first = performance.now() - t0;
          }
        }
        return { first, total: performance.now() - t0, parts };
      });

    // 1. First text part over 50 ms each way: alternating pairs after a warm-up of each path (both
    //    have loaded their code and hold a pooled connection through the injector).
    await ours(viaProxy, 'hi');
    await raw(viaProxy, 'hi');
    const firstPairs: { oursMs: number; rawMs: number }[] = [];
    for (let i = 0; i < FIRST_TEXT_PAIRS; i++) {
      let a: Run;
      let b: Run;
      if (i % 2 === 0) {
        a = await ours(viaProxy, 'hi');
        b = await raw(viaProxy, 'hi');
      } else {
        b = await raw(viaProxy, 'hi');
        a = await ours(viaProxy, 'hi');
      }
      firstPairs.push({ oursMs: round(a.first), rawMs: round(b.first) });
    }
    const firstOurs = median(firstPairs.map((p) => p.oursMs));
    const firstRaw = median(firstPairs.map((p) => p.rawMs));
    results.lmFirstTextRatio = round(firstOurs / firstRaw, 3);

    // 2. Pass-through on 10,000 chunks, directly (no injector: the client's own cost shows). One
    //    untimed 10,000-chunk run per side first (the first run of each is the slowest: JIT), then
    //    alternating pairs; the median of the per-pair ratios (ours ÷ raw chunks/s). A 10,000-chunk
    //    stream takes ≈ 60 ms here, so a descheduling by other work on the machine can halve one
    //    run: two runs per side gave anything from 0.65 to 1.16 for the same code, hence 7 pairs (≈ 1 s).
    const big = `[sandbox:chunks=${BIG_CHUNKS}]`;
    await ours(sandbox.baseUrl, big);
    await raw(sandbox.baseUrl, big);
    const heapBefore = heapMb();
    const rate = (r: Run) => r.parts / (r.total / 1000);
    const bigPairs: { oursPerSec: number; rawPerSec: number; ratio: number }[] = [];
    let parts = 0;
    for (let i = 0; i < BIG_PAIRS; i++) {
      let a: Run;
      let b: Run;
      if (i % 2 === 0) {
        a = await ours(sandbox.baseUrl, big);
        b = await raw(sandbox.baseUrl, big);
      } else {
        b = await raw(sandbox.baseUrl, big);
        a = await ours(sandbox.baseUrl, big);
      }
      for (const [side, r] of [
        ['ours', a],
        ['raw', b],
      ] as const) {
        if (r.parts < BIG_CHUNKS) throw new Error(`${side}: ${r.parts} of ${BIG_CHUNKS} text chunks`);
      }
      parts = a.parts;
      bigPairs.push({ oursPerSec: Math.round(rate(a)), rawPerSec: Math.round(rate(b)), ratio: round(rate(a) / rate(b), 4) });
    }
    results.lmPassThroughRatio = round(median(bigPairs.map((p) => p.ratio)), 3);

    //    Memory: one more 10,000-chunk stream of ours (untimed), the heap read after full GCs at its
    //    1,000th text part and at its last one (the stream still open, everything it holds alive).
    let heapEarly = 0;
    let heapEnd = 0;
    await ours(sandbox.baseUrl, big, (n) => {
      if (n === HEAP_EARLY_CHUNK) heapEarly = heapMb();
      else if (n === BIG_CHUNKS) heapEnd = heapMb();
    });
    results.lmHeapGrowthMb = round(heapEnd - heapBefore, 2);

    // 3. Cancel mid-stream: abort at the first text part of a slow stream (one chunk per 50 ms);
    //    timed until the sandbox's response sees the connection close.
    const cancels: number[] = [];
    for (let i = 0; i < CANCEL_SAMPLES; i++) {
      const controller = new AbortController();
      const seen = new Promise<StreamRecord>((resolve) => waiters.push({ scenario: 'slow', resolve }));
      let abortedAt = 0;
      const r = await bounded('cancelled stream', 20_000, () =>
        streamChat({
          createClient,
          apiKey: KEY,
          baseURL: sandbox.baseUrl,
          body: body('[sandbox:slow]'),
          idleTimeoutMs: 20_000,
          signal: controller.signal,
          onPart: () => {
            if (controller.signal.aborted) return;
            abortedAt = Date.now();
            controller.abort();
          },
        }),
      );
      const record = await bounded('the sandbox seeing the disconnect', 5_000, () => seen);
      if (!r.cancelled || record.outcome !== 'aborted')
        throw new Error(`cancel: cancelled ${r.cancelled}, sandbox outcome ${record.outcome}`);
      cancels.push(record.endedAt - abortedAt);
    }
    results.lmCancelMs = median(cancels);

    results.details.lmStream = {
      function: 'core/lm/chat streamChat (what dist/lm.js runs) vs raw fetch + hand-rolled SSE, sandbox streaming scenarios',
      client: options.clientFrom ?? 'src/core/gatewayClient (source)',
      firstText: {
        latencyEachWayMs: LATENCY_EACH_WAY_MS,
        pairs: firstPairs.length,
        oursMsMedian: firstOurs,
        rawMsMedian: firstRaw,
        reported: 'median ours ÷ median raw',
        samples: firstPairs,
      },
      passThrough: {
        chunks: BIG_CHUNKS,
        textParts: parts,
        pairs: bigPairs.length,
        oursChunksPerSecMedian: median(bigPairs.map((p) => p.oursPerSec)),
        rawChunksPerSecMedian: median(bigPairs.map((p) => p.rawPerSec)),
        reported: 'median of the per-pair ratios ours ÷ raw (text chunks per second, wall clock)',
        samples: bigPairs,
      },
      heap: {
        beforeMb: round(heapBefore, 2),
        atChunk1000Mb: round(heapEarly, 2),
        atLastChunkMb: round(heapEnd, 2),
        inStreamGrowthMb: round(heapEnd - heapEarly, 2),
        reported: `heap after full GC at the last chunk of one more (untimed) 10,000-chunk stream of ours, minus before the timed ones; flat = ≤ ${LM_HEAP_FLAT_MB} MB`,
      },
      cancel: {
        samplesMs: cancels,
        maxMs: Math.max(...cancels),
        reported: 'median, abort() → the sandbox sees the connection close (Date.now, 1 ms resolution)',
      },
    };
  } finally {
    await proxy.close();
    await sandbox.close();
  }
}
