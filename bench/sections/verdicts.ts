// Time to verdict per failure mode (sandbox scenarios, a closed port, an `.invalid` host), and
// cancelling a black-holed verification.
import * as net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { VerifyOptions } from '../../src/core/types';
import { startSandbox } from '../../src/sandbox/server';
import { BLACKHOLE_DEADLINE_MS, MODEL, bounded, median, round, type BenchContext } from './common';
import type { Verify } from './engine';

const CANCEL_AFTER_MS = 300;

/** A port nothing listens on (bound, read, released). */
function closedPort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = net.createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => done(port));
    });
  });
}

export async function measureVerdicts(ctx: BenchContext, verify: Verify): Promise<void> {
  const { results } = ctx;
  const sandbox = await startSandbox({ port: 0 });
  ctx.defer(() => sandbox.close());
  const refusedPort = await closedPort();
  const base = sandbox.baseUrl;
  const modes: Record<string, { options: VerifyOptions; runs: number; expect: string[] }> = {
    refused: {
      options: { apiKey: 'sk-ruta-sandbox-ok-bench', baseUrl: `http://127.0.0.1:${refusedPort}/v1`, model: MODEL },
      runs: 5,
      expect: ['connection_refused'],
    },
    dns: {
      options: { apiKey: 'sk-ruta-sandbox-ok-bench', baseUrl: 'https://rutaapi-bench.invalid/v1', model: MODEL },
      runs: 3,
      expect: ['dns_failure'],
    },
    unauthorized: {
      options: { apiKey: 'sk-ruta-bench-not-a-sandbox-key-0001', baseUrl: base, model: MODEL },
      runs: 5,
      expect: ['unauthorized'],
    },
    // The sandbox's 403 is the out-of-credits one (insufficient_quota), the common 403 in practice.
    forbidden: { options: { apiKey: 'sk-ruta-sandbox-forbidden-bench', baseUrl: base, model: MODEL }, runs: 5, expect: ['forbidden'] },
    notFound: {
      options: { apiKey: 'sk-ruta-sandbox-ok-bench', baseUrl: `${sandbox.origin}/api/v1`, model: MODEL },
      runs: 5,
      expect: ['path_not_found', 'missing_v1'],
    },
    html: { options: { apiKey: 'sk-ruta-sandbox-html-bench', baseUrl: base, model: MODEL }, runs: 5, expect: ['html_response'] },
    redirect: { options: { apiKey: 'sk-ruta-sandbox-redirect-bench', baseUrl: base, model: MODEL }, runs: 5, expect: ['redirect'] },
    retryAfter60: {
      options: { apiKey: 'sk-ruta-sandbox-ratelimited60-bench', baseUrl: base, model: MODEL },
      runs: 5,
      expect: ['rate_limited'],
    },
    blackhole: {
      options: { apiKey: 'sk-ruta-sandbox-blackhole-bench', baseUrl: base, model: MODEL, timeoutMs: BLACKHOLE_DEADLINE_MS },
      runs: 2,
      expect: ['timeout'],
    },
  };
  const perMode: Record<string, unknown> = {};
  try {
    for (const [mode, { options, runs, expect }] of Object.entries(modes)) {
      const times: number[] = [];
      const codes = new Set<string>();
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        const r = await bounded(`verify (${mode})`, 30_000, () => verify({ timeoutMs: 15_000, ...options }));
        times.push(performance.now() - t0);
        codes.add(r.diagnosis.code);
      }
      results.verdictMs[mode] = round(median(times), 1);
      results.verdictCodes[mode] = [...codes].join(',');
      perMode[mode] = { runs, samplesMs: times.map((t) => round(t, 1)), codes: [...codes] };
      const ok = [...codes].every((c) => expect.includes(c));
      ctx.check(`verdict for ${mode} is ${expect.join(' or ')}`, ok, ok ? undefined : `got ${[...codes].join(', ')}`);
    }

    // Cancel: abort while a request is black-holed; time from abort() to verify() resolving.
    const cancelTimes: number[] = [];
    const cancelCodes = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const controller = new AbortController();
      const pending = verify({
        apiKey: 'sk-ruta-sandbox-blackhole-bench',
        baseUrl: base,
        model: MODEL,
        timeoutMs: 15_000,
        signal: controller.signal,
      });
      await new Promise((r) => setTimeout(r, CANCEL_AFTER_MS));
      const t0 = performance.now();
      controller.abort();
      const r = await bounded('cancelled verify', 20_000, () => pending);
      cancelTimes.push(performance.now() - t0);
      cancelCodes.add(r.diagnosis.code);
    }
    results.cancelMs = round(median(cancelTimes), 2);
    perMode.cancel = { samplesMs: cancelTimes.map((t) => round(t, 2)), codes: [...cancelCodes], abortAfterMs: CANCEL_AFTER_MS };
    ctx.check(
      'cancel gives the cancelled verdict',
      [...cancelCodes].every((c) => c === 'cancelled'),
      [...cancelCodes].join(', '),
    );
    results.details.verdicts = perMode;
  } finally {
    await sandbox.close();
  }
}
