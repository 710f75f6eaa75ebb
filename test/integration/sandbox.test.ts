import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { SANDBOX_MODELS, scenarioForKey } from '../../src/sandbox/models';

const key = (scenario: string): string => `sk-ruta-sandbox-${scenario}-${process.pid}`;

describe('sandbox gateway (raw HTTP)', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox.close();
  });

  const get = (path: string, k?: string): Promise<Response> =>
    fetch(`${sandbox.origin}${path}`, { headers: k ? { authorization: `Bearer ${k}` } : {}, redirect: 'manual' });

  it('binds 127.0.0.1 and exposes origin/baseUrl/port', () => {
    assert.match(sandbox.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(sandbox.baseUrl, `${sandbox.origin}/v1`);
    assert.ok(sandbox.port > 0);
  });

  it('parses scenario keys', () => {
    assert.equal(scenarioForKey('sk-ruta-sandbox-ok-abc'), 'ok');
    assert.equal(scenarioForKey('sk-ruta-sandbox-ratelimited60-x-y'), 'ratelimited60');
    assert.equal(scenarioForKey('sk-ruta-sandbox-nope-1'), undefined);
    assert.equal(scenarioForKey('sk-proj-abc'), undefined);
  });

  it('lists models OpenAI-style with x-request-id', async () => {
    const res = await get('/v1/models', key('ok'));
    assert.equal(res.status, 200);
    assert.match(res.headers.get('x-request-id') ?? '', /^req_[0-9a-f]+$/);
    const body = (await res.json()) as { object: string; data: Array<{ id: string; object: string; created: number; owned_by: string }> };
    assert.equal(body.object, 'list');
    assert.deepEqual(
      body.data.map((m) => m.id),
      [...SANDBOX_MODELS],
    );
    assert.equal(body.data[0].object, 'model');
  });

  it('answers chat and 404s unknown models with model_not_found', async () => {
    const post = (model: string): Promise<Response> =>
      fetch(`${sandbox.baseUrl}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key('ok')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 }),
      });
    const ok = await post('gpt-4o-mini');
    assert.equal(ok.status, 200);
    const completion = (await ok.json()) as { object: string; choices: Array<{ message: { content: string } }> };
    assert.equal(completion.object, 'chat.completion');
    assert.ok(completion.choices[0].message.content.length > 0);
    const missing = await post('gpt-5-imaginary');
    assert.equal(missing.status, 404);
    const err = (await missing.json()) as { error: { code: string; type: string; param: null; message: string } };
    assert.equal(err.error.code, 'model_not_found');
    assert.deepEqual(Object.keys(err.error).sort(), ['code', 'message', 'param', 'type']);
  });

  it('401 invalid_api_key for unknown keys, missing_api_key without one', async () => {
    const bad = await get('/v1/models', 'sk-wrong-key-123456');
    assert.equal(bad.status, 401);
    assert.equal(((await bad.json()) as { error: { code: string } }).error.code, 'invalid_api_key');
    const none = await get('/v1/models');
    assert.equal(none.status, 401);
    assert.ok(none.headers.get('x-request-id'));
    await none.arrayBuffer();
  });

  it('serves the error scenarios with OpenAI-shaped bodies', async () => {
    const cases: Array<[string, number, string | null]> = [
      ['nocredits', 403, 'insufficient_quota'],
      ['ratelimited', 429, 'rate_limit_exceeded'],
      ['down', 503, 'service_unavailable'],
      ['noretry', 503, 'service_unavailable'],
      ['servererror', 500, null],
    ];
    for (const [scenario, status, code] of cases) {
      const res = await get('/v1/models', key(scenario));
      assert.equal(res.status, status, scenario);
      assert.equal(((await res.json()) as { error: { code: string | null } }).error.code, code, scenario);
      if (scenario === 'ratelimited') assert.equal(res.headers.get('retry-after'), '7');
      if (scenario === 'noretry') assert.equal(res.headers.get('x-should-retry'), 'false');
    }
    const r60 = await get('/v1/models', key('ratelimited60'));
    assert.equal(r60.headers.get('retry-after'), '60');
    await r60.arrayBuffer();
  });

  it('serves HTML at / and /dashboard, 404 without /v1, 302 for redirect', async () => {
    for (const path of ['/', '/dashboard']) {
      const res = await get(path);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /text\/html/);
      await res.text();
    }
    const noV1 = await get('/models', key('ok'));
    assert.equal(noV1.status, 404);
    assert.ok(noV1.headers.get('x-request-id'));
    await noV1.text();
    const redirect = await get('/v1/models', key('redirect'));
    assert.equal(redirect.status, 302);
    assert.equal(redirect.headers.get('location'), 'https://app.rutaapi.com/');
    await redirect.text();
  });

  it('content faults: html, nodata, empty, many, huge, badjson, nonutf8', async () => {
    const html = await get('/v1/models', key('html'));
    assert.match(html.headers.get('content-type') ?? '', /text\/html/);
    await html.text();
    assert.equal(((await (await get('/v1/models', key('nodata'))).json()) as { data?: unknown }).data, undefined);
    assert.deepEqual(((await (await get('/v1/models', key('empty'))).json()) as { data: unknown[] }).data, []);
    assert.equal(((await (await get('/v1/models', key('many'))).json()) as { data: unknown[] }).data.length, 10_000);
    const huge = await (await get('/v1/models', key('huge'))).arrayBuffer();
    assert.equal(huge.byteLength, 33 * 1024 * 1024);
    JSON.parse(Buffer.from(huge).toString('utf8'));
    await assert.rejects(async () => JSON.parse(await (await get('/v1/models', key('badjson'))).text()));
    const bytes = Buffer.from(await (await get('/v1/models', key('nonutf8'))).arrayBuffer());
    assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  });

  it('models100k lists 100,000 distinct ids, the sandbox models first', async () => {
    const body = (await (await get('/v1/models', key('models100k'))).json()) as { data: { id: string; object: string }[] };
    assert.equal(body.data.length, 100_000);
    const ids = body.data.map((m) => m.id);
    assert.equal(new Set(ids).size, 100_000);
    assert.deepEqual(ids.slice(0, SANDBOX_MODELS.length), [...SANDBOX_MODELS]);
    assert.equal(ids[99_999], 'sandbox-model-99999');
    assert.ok(body.data.every((m) => m.object === 'model'));
    // The same list again (built once, kept), and chat still answers.
    assert.equal(((await (await get('/v1/models', key('models100k'))).json()) as { data: unknown[] }).data.length, 100_000);
  });

  it('counts connections and requests; keep-alive reuses one connection', async () => {
    const s = await startSandbox();
    try {
      for (let i = 0; i < 3; i++) {
        await (await fetch(`${s.baseUrl}/models`, { headers: { authorization: `Bearer ${key('ok')}` } })).text();
        // undici returns the socket to its pool just after the body promise settles.
        await new Promise((resolve) => setImmediate(resolve));
      }
      assert.equal(s.stats.requests, 3);
      assert.equal(s.stats.connections, 1);
    } finally {
      await s.close();
    }
  });

  it('close() resolves promptly with a black-holed and a slow-body socket open', async () => {
    const s = await startSandbox();
    const hole = fetch(`${s.baseUrl}/models`, { headers: { authorization: `Bearer ${key('blackhole')}` } }).catch((e: Error) => e);
    const slow = await fetch(`${s.baseUrl}/models`, { headers: { authorization: `Bearer ${key('slowbody')}` } });
    assert.equal(slow.status, 200);
    const slowBody = slow.text().catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await s.close();
    assert.ok(Date.now() - started < 500, 'close took too long');
    assert.ok((await hole) instanceof Error);
    assert.ok((await slowBody) instanceof Error);
  });

  it('reset scenario tears the connection mid-body', async () => {
    const res = await get('/v1/models', key('reset'));
    assert.equal(res.status, 200);
    await assert.rejects(res.text());
  });

  it('latencyMs delays responses', async () => {
    const s = await startSandbox({ latencyMs: 150 });
    try {
      const started = Date.now();
      await (await fetch(`${s.origin}/`)).text();
      assert.ok(Date.now() - started >= 140);
    } finally {
      await s.close();
    }
  });

  it('refuses connections after close (port freed)', async () => {
    const s = await startSandbox();
    await s.close();
    await new Promise<void>((resolve) => {
      const socket = net.connect(s.port, '127.0.0.1');
      socket.on('error', () => resolve());
      socket.on('connect', () => {
        socket.destroy();
        resolve();
      });
    });
  });

  it('serves HTTPS with a self-signed certificate when tls: true', async function () {
    this.timeout(20_000);
    const s = await startSandbox({ tls: true });
    try {
      assert.match(s.origin, /^https:\/\/127\.0\.0\.1:/);
      await assert.rejects(fetch(`${s.baseUrl}/models`), (e: Error & { cause?: { code?: string } }) =>
        /SELF_SIGNED|CERT/.test(String(e.cause?.code)),
      );
    } finally {
      await s.close();
    }
  });
});
