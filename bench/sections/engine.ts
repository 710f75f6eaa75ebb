// The verification engine as shipped (dist/gateway.js of the production build) against the sandbox
// gateway: cost next to the same two requests by raw fetch, and TCP connections per verification.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ProductionBuild } from '../prodBuild';
import { startLatencyProxy } from '../latencyProxy';
import { startSandbox } from '../../src/sandbox/server';
import { MODEL, bounded, median, round, type BenchContext } from './common';

/** dist/gateway.js is built from src/core/gateway.ts: its exports are that module's. */
type GatewayBundle = typeof import('../../src/core/gateway');
export type Verify = GatewayBundle['verify'];

const RATIO_PAIRS = 15;
const LATENCY_EACH_WAY_MS = 50;

/** The shipped engine: dist/gateway.js from the production build, exactly what the extension loads. */
export function loadShippedVerify(build: ProductionBuild): Verify {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const gateway = require(join(build.dir, 'dist/gateway.js')) as GatewayBundle;
  return gateway.verify;
}

async function rawFetchPair(baseUrl: string, key: string): Promise<void> {
  const headers = { authorization: `Bearer ${key}`, accept: 'application/json' };
  const models = await fetch(`${baseUrl}/models`, { headers });
  const list = (await models.json()) as { data?: unknown[] };
  if (!models.ok || !Array.isArray(list.data)) throw new Error(`raw /models failed: ${models.status}`);
  // One turn of the event loop lets undici hand the socket back to its pool; without it the
  // second request races the first one's completion and opens a second connection.
  await new Promise((r) => setImmediate(r));
  const chat = await fetch(`${baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'Hello from RutaAPI' }], max_tokens: 16 }),
  });
  const reply = (await chat.json()) as { choices?: unknown[] };
  if (!chat.ok || !Array.isArray(reply.choices)) throw new Error(`raw chat failed: ${chat.status}`);
}

export async function measureVerifyCost(ctx: BenchContext, verify: Verify): Promise<void> {
  const { results } = ctx;
  const sandbox = await startSandbox({ port: 0 });
  ctx.defer(() => sandbox.close());
  const key = 'sk-ruta-sandbox-ok-bench';
  try {
    // Engine vs. floor, alternating, paired; both share the proxy and Node's keep-alive pool.
    const proxy = await startLatencyProxy({ targetPort: sandbox.port, delayMs: LATENCY_EACH_WAY_MS });
    ctx.defer(() => proxy.close());
    const baseUrl = `${proxy.origin}/v1`;
    const engine = async () => {
      const t0 = performance.now();
      const r = await bounded('verify', 20_000, () => verify({ apiKey: key, baseUrl, model: MODEL, timeoutMs: 15_000 }));
      if (!r.ok) throw new Error(`engine verify failed: ${r.diagnosis.code} ${r.diagnosis.detail}`);
      return performance.now() - t0;
    };
    const raw = async () => {
      const t0 = performance.now();
      await bounded('raw fetch', 20_000, () => rawFetchPair(baseUrl, key));
      return performance.now() - t0;
    };
    await engine();
    await raw(); // warm-up: both paths have loaded their code and hold a pooled connection
    const pairs: { engineMs: number; rawMs: number; ratio: number }[] = [];
    for (let i = 0; i < RATIO_PAIRS; i++) {
      let engineMs: number;
      let rawMs: number;
      if (i % 2 === 0) {
        engineMs = await engine();
        rawMs = await raw();
      } else {
        rawMs = await raw();
        engineMs = await engine();
      }
      pairs.push({ engineMs: round(engineMs), rawMs: round(rawMs), ratio: round(engineMs / rawMs, 4) });
    }
    results.verifyRatio = round(median(pairs.map((p) => p.ratio)), 3);
    results.details.verifyCost = {
      latencyEachWayMs: LATENCY_EACH_WAY_MS,
      pairs: pairs.length,
      engineMsMedian: round(median(pairs.map((p) => p.engineMs))),
      rawFetchMsMedian: round(median(pairs.map((p) => p.rawMs))),
      samples: pairs,
    };
    await proxy.close();

    // TCP connections per verify: a fresh proxy (a new origin, so nothing pooled) per sample.
    const counts: number[] = [];
    const rawCounts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const fresh = await startLatencyProxy({ targetPort: sandbox.port, delayMs: LATENCY_EACH_WAY_MS });
      try {
        const r = await bounded('verify', 20_000, () => verify({ apiKey: key, baseUrl: `${fresh.origin}/v1`, model: MODEL }));
        if (!r.ok) throw new Error(`engine verify failed: ${r.diagnosis.code}`);
        counts.push(fresh.stats.connections);
      } finally {
        await fresh.close();
      }
      const freshRaw = await startLatencyProxy({ targetPort: sandbox.port, delayMs: LATENCY_EACH_WAY_MS });
      try {
        await bounded('raw fetch', 20_000, () => rawFetchPair(`${freshRaw.origin}/v1`, key));
        rawCounts.push(freshRaw.stats.connections);
      } finally {
        await freshRaw.close();
      }
    }
    results.tcpConnectionsPerVerify = Math.max(...counts);
    results.details.tcpConnections = { engineSamples: counts, rawFetchSamples: rawCounts, reported: 'max of samples' };
  } finally {
    await sandbox.close();
  }
}
