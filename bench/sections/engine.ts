// The verification engine as shipped (dist/gateway.js of the production build) against the sandbox
// gateway: cost next to the same two requests by raw fetch, and TCP connections per verification.
import * as http from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ProductionBuild } from '../prodBuild';
import { startLatencyProxy } from '../latencyProxy';
import { startSandbox } from '../../src/sandbox/server';
import { MODEL, bounded, median, round, type BenchContext } from './common';

/** dist/gateway.js is built from src/core/gateway.ts: its exports are that module's. */
type GatewayBundle = typeof import('../../src/core/gateway');
export type Verify = GatewayBundle['verify'];
export type Discover = GatewayBundle['discoverGateway'];

const RATIO_PAIRS = 15;
const LATENCY_EACH_WAY_MS = 50;

/** The shipped engine: dist/gateway.js from the production build, exactly what the extension loads. */
export function loadShippedVerify(build: ProductionBuild): Verify {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const gateway = require(join(build.dir, 'dist/gateway.js')) as GatewayBundle;
  return gateway.verify;
}

/** The shipped bundle's gateway discovery (its session cache is the one `verify` reads). */
export function loadShippedDiscover(build: ProductionBuild): Discover {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(join(build.dir, 'dist/gateway.js')) as GatewayBundle).discoverGateway;
}

/**
 * A fetch on a connection of its own, closed after the answer (node:http with no agent), so the
 * discovery that warms the cache leaves nothing in the pool the engine's requests could reuse.
 */
function unpooledFetch(input: string | URL | Request): Promise<Response> {
  const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, headers: { connection: 'close' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 500, headers: res.headers as Record<string, string> })),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
  });
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

export async function measureVerifyCost(ctx: BenchContext, verify: Verify, discover?: Discover): Promise<void> {
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
    // Goal: both steps share one keep-alive connection. The gateway's keyless discovery
    // (GET /api/status, once per origin and session) runs beside the first check on a connection
    // of its own, so it never delays a verdict: it is counted apart (firstCheckSamples).
    const counts: number[] = [];
    const firstCheckCounts: number[] = [];
    const rawCounts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const first = await startLatencyProxy({ targetPort: sandbox.port, delayMs: LATENCY_EACH_WAY_MS });
      try {
        const r = await bounded('verify', 20_000, () => verify({ apiKey: key, baseUrl: `${first.origin}/v1`, model: MODEL }));
        if (!r.ok) throw new Error(`engine verify failed: ${r.diagnosis.code}`);
        firstCheckCounts.push(first.stats.connections);
      } finally {
        await first.close();
      }
      const fresh = await startLatencyProxy({ targetPort: sandbox.port, delayMs: LATENCY_EACH_WAY_MS });
      try {
        if (discover) await bounded('discovery', 5_000, () => discover(fresh.origin, { fetch: unpooledFetch as typeof fetch }));
        const beforeVerify = fresh.stats.connections;
        const r = await bounded('verify', 20_000, () => verify({ apiKey: key, baseUrl: `${fresh.origin}/v1`, model: MODEL }));
        if (!r.ok) throw new Error(`engine verify failed: ${r.diagnosis.code}`);
        counts.push(fresh.stats.connections - beforeVerify);
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
    results.details.tcpConnections = {
      engineSamples: counts,
      firstCheckSamples: firstCheckCounts,
      rawFetchSamples: rawCounts,
      reported:
        'max of samples; the gateway status already known (every check after the first per origin and session). firstCheckSamples include the keyless discovery connection.',
    };
  } finally {
    await sandbox.close();
  }
}
