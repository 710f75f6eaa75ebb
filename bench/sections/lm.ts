// The language-model provider's stream (core/lm/chat: the openai SDK client, SseDecoder and
// ChatStreamAccumulator, what dist/lm.js runs for a chat request in VS Code's chat) next to a raw
// `fetch` + hand-rolled SSE read of the same request (bench/lmRuns.ts), against the sandbox's
// streaming scenarios:
//   1. time to first text part over the 50 ms latency injector (goal ≤ 1.05× raw);
//   2. pass-through on a 10,000-chunk stream from a gateway process of its own: text chunks/s,
//      request to end of stream (goal ≥ 95 % of raw), pooled over rounds in fresh processes
//      (bench/lmPassThrough.ts); and the heap held at the end of a 10,000-chunk stream after full
//      GCs (goal ≤ LM_HEAP_FLAT_MB: flat);
//   3. cancel mid-stream: from abort() until the sandbox sees the client disconnect (goal ≤ 100 ms).
// About 40 s, most of it the 7 pass-through rounds. `npx tsx bench/lmStream.ts` runs this section alone.
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createGatewayClient as sourceGatewayClient } from '../../src/core/gatewayClient';
import { streamChat } from '../../src/core/lm/chat';
import { startSandbox } from '../../src/sandbox/server';
import type { StreamRecord } from '../../src/sandbox/streaming';
import { startLatencyProxy } from '../latencyProxy';
import { passThroughRound, type PassThroughPair } from '../lmPassThrough';
import { KEY, chatBody, oursRun, rawRun, type CreateClient, type Run } from '../lmRuns';
import type { ProductionBuild } from '../prodBuild';
import { startSandboxProcess } from '../sandboxProcess';
import { LM_HEAP_FLAT_MB, bounded, median, round, type BenchContext } from './common';

const LATENCY_EACH_WAY_MS = 50;
/** Alternating pairs (ours, raw) for the time to first text part, after one warm-up each. */
const FIRST_TEXT_PAIRS = 9;
const BIG_CHUNKS = 10_000;
/** Pass-through rounds, each in a fresh process (why: bench/lmPassThrough.ts). */
const ROUNDS = 7;
/**
 * Untimed pairs of the 10,000-chunk stream before a round's timed ones: the rate still climbed
 * through the first five or so runs (JIT); with one warm-up the first timed pairs were ≈ 3× slower.
 */
const WARM_UP_PAIRS = 6;
/** Alternating pairs (ours, raw) per round. */
const ROUND_PAIRS = 16;
/** Untimed 10,000-chunk streams of ours before the memory reading (this process's warm-up). */
const HEAP_WARM_UP_RUNS = 3;
const CANCEL_SAMPLES = 5;
/** Mid-stream point of the memory stream where the first in-stream heap reading is taken. */
const HEAP_EARLY_CHUNK = 1_000;
const MiB = 1024 * 1024;
/*
 * "Memory flat" (goal LM_HEAP_FLAT_MB = 1 MB, in common.ts): the heap held at the end of a
 * 10,000-chunk stream, read after full GCs, over the heap before that stream (after warm-up streams
 * of the same size). One such stream is about 2.4 MB of SSE on the wire (≈ 250 B an event) and more
 * once parsed, so a stream that kept its events, or a client that kept each stream's, would hold
 * several MB more at the end. The
 * text itself is ≈ 45 KB (chunks of ≈ 5 characters), so 1 MB leaves room for that, for allocator
 * and JIT noise and for connection pools, and none for a leak of the events of even half a stream.
 */

export interface LmStreamOptions {
  /**
   * The SDK client factory. `npm run bench` passes the production dist/gateway.js's, as
   * src/host/lm/provider.ts gets it at run time; the default is the source module (tsx).
   */
  createClient?: CreateClient;
  /** The file createClient came from (the pass-through rounds load it in their own processes). */
  clientModule?: string;
  clientFrom?: string;
}

/** The SDK client factory of the production dist/gateway.js (what the provider is handed at run time). */
export function shippedClientFactory(build: ProductionBuild): CreateClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const gateway = require(shippedClientModule(build)) as typeof import('../../src/core/gateway');
  return gateway.createGatewayClient;
}

export const shippedClientModule = (build: ProductionBuild): string => join(build.dir, 'dist/gateway.js');

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
    const ours = (baseURL: string, text: string, onText?: (n: number) => void): Promise<Run> =>
      oursRun(createClient, baseURL, text, onText);
    const raw = rawRun;

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

    // 2. Pass-through on 10,000 chunks, from the sandbox gateway in a process of its own
    //    (bench/sandboxProcess.ts; no injector): in one process the gateway's 10,000 writes and the
    //    client's reads share one event loop, and which side the scheduling favoured swung single
    //    pairs from 0.6 to 1.3. ROUNDS rounds in fresh processes of WARM_UP_PAIRS untimed and
    //    ROUND_PAIRS timed alternating pairs; reported: the median of all the per-pair ratios of
    //    text chunks per second from the request to the end of the stream. The same pairs' ratio
    //    while the stream flows (first → last text part) is in the details: the difference is the
    //    fixed cost of starting the request through the SDK (≈ 1 ms more than a bare fetch).
    const big = `[sandbox:chunks=${BIG_CHUNKS}]`;
    const gateway = await startSandboxProcess();
    ctx.defer(() => gateway.close());
    const rounds: PassThroughPair[][] = [];
    for (let i = 0; i < ROUNDS; i++) {
      rounds.push(
        await passThroughRound({
          baseUrl: gateway.baseUrl,
          clientModule: options.clientModule,
          chunks: BIG_CHUNKS,
          warmUpPairs: WARM_UP_PAIRS,
          pairs: ROUND_PAIRS,
        }),
      );
    }
    const bigPairs = rounds.flat();
    results.lmPassThroughRatio = round(median(bigPairs.map((p) => p.ratio)), 3);

    //    Memory, in this process: HEAP_WARM_UP_RUNS untimed 10,000-chunk streams of ours, the heap
    //    after full GCs, then one more stream with the heap read after full GCs at its 1,000th text
    //    part and at its last one (the stream still open, everything it holds alive).
    let parts = 0;
    for (let i = 0; i < HEAP_WARM_UP_RUNS; i++) parts = (await ours(gateway.baseUrl, big)).parts;
    if (parts < BIG_CHUNKS) throw new Error(`ours: ${parts} of ${BIG_CHUNKS} text chunks`);
    const heapBefore = heapMb();
    let heapEarly = 0;
    let heapEnd = 0;
    await ours(gateway.baseUrl, big, (n) => {
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
          body: chatBody('[sandbox:slow]'),
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
        oursChunksPerSecMedian: Math.round(median(bigPairs.map((p) => p.oursPerSec))),
        rawChunksPerSecMedian: Math.round(median(bigPairs.map((p) => p.rawPerSec))),
        gateway: 'the sandbox in a process of its own',
        rounds: rounds.length,
        warmUpPairsPerRound: WARM_UP_PAIRS,
        roundRatioMedians: rounds.map((r) => round(median(r.map((p) => p.ratio)), 3)),
        reported:
          'median of the per-pair ratios ours ÷ raw, text chunks per second from the request to the end of the stream (wall clock), all rounds pooled',
        flowRatioMedian: round(median(bigPairs.map((p) => p.flowRatio)), 3),
        flow: 'the same pairs from the first text part to the last (without starting the request)',
        samples: bigPairs,
      },
      heap: {
        beforeMb: round(heapBefore, 2),
        atChunk1000Mb: round(heapEarly, 2),
        atLastChunkMb: round(heapEnd, 2),
        inStreamGrowthMb: round(heapEnd - heapEarly, 2),
        warmUpRuns: HEAP_WARM_UP_RUNS,
        reported: `heap after full GC at the last chunk of a 10,000-chunk stream of ours, minus after full GC before it (after ${HEAP_WARM_UP_RUNS} warm-up streams); flat = ≤ ${LM_HEAP_FLAT_MB} MB`,
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
