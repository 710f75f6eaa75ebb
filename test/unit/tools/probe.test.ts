// The tools' Check probe (core/tools/probe.ts) takes its time limit through the one normalisation,
// core/timeout.ts `timeoutOr`: a limit that is not a positive finite number means the default, never a throw.
import { strict as assert } from 'node:assert';
import { probeTool } from '../../../src/core/tools/probe';

/** A gateway that answers the Responses API at once; records the signal each request carried. */
function answering() {
  const signals: AbortSignal[] = [];
  const fetch = (async (_url: string | URL | Request, init?: RequestInit) => {
    if (init?.signal) signals.push(init.signal);
    return new Response(JSON.stringify({ id: 'resp_1', object: 'response', status: 'completed', output: [] }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof globalThis.fetch;
  return { fetch, signals };
}

describe('tools: the Check probe time limit', () => {
  for (const timeoutMs of [Number.NaN, -1, Number.POSITIVE_INFINITY, 0]) {
    it(`timeoutMs ${timeoutMs}: the default limit, the request is sent and answered (never throws)`, async () => {
      const gw = answering();
      const r = await probeTool({
        tool: 'codex',
        baseUrl: 'https://api.rutaapi.com/v1',
        model: 'gpt-4.1',
        key: 'sk-ruta-probe-key-0123456789abcdef',
        timeoutMs,
        fetch: gw.fetch,
      });
      assert.deepEqual([r.ok, r.status, r.url], [true, 200, 'https://api.rutaapi.com/v1/responses']);
      assert.equal(gw.signals.length, 1);
      // A limit of 0 ms would have fired by the next timer; the default (15 s) has not.
      await new Promise((resolve) => setTimeout(resolve, 5));
      assert.equal(gw.signals[0].aborted, false);
    });
  }
});
