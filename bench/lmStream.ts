// Benchmark for the language model provider's stream (issue: "RutaAPI models inside VS Code"):
//   1. time to first text part through core/lm/chat (openai SDK client + SSE + accumulator) vs a
//      raw fetch + hand-rolled SSE read, over the 50 ms latency injector (goal ≤ 1.05×);
//   2. pass-through on a 10,000-chunk stream: chunks/s vs raw (goal ≥ 95 %), heap before/after;
//   3. cancel mid-stream: from abort() to the sandbox seeing the disconnect (goal ≤ 100 ms).
// Run: `npx tsx bench/lmStream.ts` (not yet part of `npm run bench`; see the report).
import { createGatewayClient } from '../src/core/gatewayClient';
import { streamChat } from '../src/core/lm/chat';
import { buildChatRequest } from '../src/core/lm/messages';
import { startSandbox } from '../src/sandbox/server';
import type { StreamRecord } from '../src/sandbox/streaming';
import { startLatencyProxy } from './latencyProxy';

const KEY = 'sk-ruta-sandbox-ok-bench';
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const records: StreamRecord[] = [];
  const waiters: Array<(r: StreamRecord) => void> = [];
  const sandbox = await startSandbox({ onStream: (r) => (records.push(r), waiters.shift()?.(r)) });
  const proxy = await startLatencyProxy({ targetPort: sandbox.port, delayMs: 50 });
  const viaProxy = `${proxy.origin}/v1`;
  const body = (text: string) => buildChatRequest({ model: 'gpt-4o-mini', messages: [{ role: 'user', parts: [{ kind: 'text', value: text }] }], imageInput: false });

  const ours = async (baseURL: string, text: string): Promise<{ first: number; total: number; parts: number }> => {
    const t0 = performance.now();
    let first = 0;
    let parts = 0;
    await streamChat({ createClient: createGatewayClient, apiKey: KEY, baseURL, body: body(text), idleTimeoutMs: 30_000, onPart: () => (parts++ === 0 ? (first = performance.now() - t0) : 0) });
    return { first, total: performance.now() - t0, parts };
  };
  const raw = async (baseURL: string, text: string): Promise<{ first: number; total: number; parts: number }> => {
    const t0 = performance.now();
    let first = 0;
    let parts = 0;
    const res = await fetch(`${baseURL}/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body(text)) });
    const reader = res.body!.getReader();
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
        const c = JSON.parse(ev.slice(6)) as { choices?: Array<{ delta?: { content?: string } }> };
        if (c.choices?.[0]?.delta?.content) if (parts++ === 0) first = performance.now() - t0;
      }
    }
    return { first, total: performance.now() - t0, parts };
  };

  // 1. first text part over 50 ms latency (alternating, after a warm-up each).
  await ours(viaProxy, 'hi');
  await raw(viaProxy, 'hi');
  const firstOurs: number[] = [];
  const firstRaw: number[] = [];
  for (let i = 0; i < 11; i++) {
    firstOurs.push((await ours(viaProxy, 'hi')).first);
    firstRaw.push((await raw(viaProxy, 'hi')).first);
  }
  const ratioFirst = median(firstOurs) / median(firstRaw);
  console.log(`first text part (50 ms latency): ours ${median(firstOurs).toFixed(1)} ms, raw ${median(firstRaw).toFixed(1)} ms, ratio ${ratioFirst.toFixed(3)} (goal ≤ 1.05)`);

  // 2. 10,000-chunk pass-through (direct, no latency), heap before/after.
  const rate: { ours: number[]; raw: number[] } = { ours: [], raw: [] };
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  for (let i = 0; i < 5; i++) {
    const a = await ours(sandbox.baseUrl, '[sandbox:chunks=10000]');
    rate.ours.push(a.parts / (a.total / 1000));
    const b = await raw(sandbox.baseUrl, '[sandbox:chunks=10000]');
    rate.raw.push(b.parts / (b.total / 1000));
  }
  global.gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  const ratioRate = median(rate.ours) / median(rate.raw);
  console.log(`10,000 chunks: ours ${median(rate.ours).toFixed(0)}/s, raw ${median(rate.raw).toFixed(0)}/s, ${(ratioRate * 100).toFixed(1)} % (goal ≥ 95 %); heap ${((heapAfter - heapBefore) / 1024 / 1024).toFixed(1)} MB after 10 streams`);

  // 3. cancel mid-stream: abort → the sandbox sees the disconnect.
  const cancels: number[] = [];
  for (let i = 0; i < 5; i++) {
    const controller = new AbortController();
    const seen = new Promise<StreamRecord>((resolve) => waiters.push(resolve));
    let abortedAt = 0;
    await streamChat({
      createClient: createGatewayClient,
      apiKey: KEY,
      baseURL: sandbox.baseUrl,
      body: body('[sandbox:slow]'),
      idleTimeoutMs: 30_000,
      signal: controller.signal,
      onPart: () => {
        if (!controller.signal.aborted) {
          abortedAt = Date.now();
          controller.abort();
        }
      },
    });
    const r = await seen;
    cancels.push(r.endedAt - abortedAt);
  }
  console.log(`cancel mid-stream → server sees disconnect: median ${median(cancels)} ms, max ${Math.max(...cancels)} ms (goal ≤ 100 ms)`);

  await proxy.close();
  await sandbox.close();
}

void main();
