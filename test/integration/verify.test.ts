// The real openai SDK, through verify(), against the sandbox gateway: every scenario of
// docs/CONTRACTS.md comes out with its diagnosis, without retries, waits or leaks.
import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { SANDBOX_MODELS } from '../../src/sandbox/models';
import { verify } from '../../src/core/verify';
import { discoverGateway } from '../../src/core/gatewayAccount/discovery';
import { createGatewayClient } from '../../src/core/gatewayClient';
import type { VerificationResult } from '../../src/core/types';

const unique = (): string => randomBytes(6).toString('hex');
const key = (scenario: string): string => `sk-ruta-sandbox-${scenario}-${unique()}`;

/** The key must appear nowhere a user or a log can see. */
function assertNoKey(result: VerificationResult, secret: string): void {
  const visible = JSON.stringify({
    d: result.diagnosis,
    s: result.steps,
    m: result.models,
    b: result.baseUrl,
    r: result.key.redacted,
    f: result.key.findings,
  });
  assert.ok(!visible.includes(secret), 'the key leaked into the result');
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('verify() with the openai SDK against the sandbox', function () {
  this.timeout(15_000);
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox.close();
  });

  it('ok: both steps pass on one keep-alive connection, with reply excerpt and facts', async () => {
    const s = await startSandbox();
    try {
      const k = key('ok');
      // Discovery (keyless GET /api/status, once per origin and session) runs beside the first check on
      // its own connection; done first here, so the check's two steps are alone on the pooled one.
      await discoverGateway(s.origin);
      await new Promise((resolve) => setImmediate(resolve)); // the socket back in the pool
      const result = await verify({ apiKey: k, baseUrl: s.baseUrl, model: 'gpt-4o-mini', timeoutMs: 5000 });
      assert.equal(result.ok, true);
      assert.equal(result.diagnosis.code, 'ok');
      assert.deepEqual(result.models, [...SANDBOX_MODELS]);
      assert.deepEqual(
        result.steps.map((x) => [x.name, x.ok, x.status, x.code]),
        [
          ['models', true, 200, 'ok'],
          ['chat', true, 200, 'ok'],
        ],
      );
      for (const step of result.steps) {
        assert.match(step.requestId ?? '', /^req_[0-9a-f]+$/);
        assert.ok(step.latencyMs >= 0);
        assert.match(step.contentType ?? '', /application\/json/);
      }
      assert.equal(result.steps[0].modelCount, SANDBOX_MODELS.length);
      assert.match(result.steps[1].replyExcerpt ?? '', /Hello from the RutaAPI sandbox/);
      assert.ok((result.steps[1].requestBytes ?? 0) > 40, 'request bytes recorded');
      assert.equal(s.stats.requests, 2);
      assert.equal(s.stats.connections, 1, 'both steps reuse one connection');
      assert.ok(Date.parse(result.startedAt) <= Date.parse(result.finishedAt));
      assertNoKey(result, k);
    } finally {
      await s.close();
    }
  });

  it('without a model only step 1 runs and returns the ids; chatOnly skips step 1', async () => {
    const one = await verify({ apiKey: key('ok'), baseUrl: sandbox.baseUrl });
    assert.equal(one.ok, true);
    assert.deepEqual(
      one.steps.map((x) => x.name),
      ['models'],
    );
    assert.deepEqual(one.models, [...SANDBOX_MODELS]);
    const chat = await verify({ apiKey: key('ok'), baseUrl: sandbox.baseUrl, model: 'deepseek-chat', chatOnly: true });
    assert.equal(chat.ok, true);
    assert.deepEqual(
      chat.steps.map((x) => x.name),
      ['chat'],
    );
    assert.deepEqual(chat.models, []);
    const noModel = await verify({ apiKey: key('ok'), baseUrl: sandbox.baseUrl, chatOnly: true });
    assert.equal(noModel.diagnosis.code, 'missing_model');
  });

  const errorCases: Array<[string, string, string, number | null]> = [
    ['bad', 'unauthorized', '401', 401],
    ['nocredits', 'insufficient_credits', 'No credits', 403],
    ['forbidden', 'forbidden', '403', 403],
    ['down', 'upstream_unavailable', '503', 503],
    ['servererror', 'server_error', '500', 500],
    ['html', 'html_response', 'HTML', 200],
    ['nodata', 'invalid_response', 'Bad response', 200],
    ['empty', 'no_models', 'No models', 200],
    ['badjson', 'invalid_response', 'Bad response', 200],
    ['nonutf8', 'invalid_response', 'Bad response', 200],
    ['huge', 'response_too_large', 'Too large', 200],
    ['reset', 'connection_reset', 'Reset', 200],
  ];
  for (const [scenario, code, short, status] of errorCases) {
    it(`${scenario} → ${code}`, async () => {
      const k = scenario === 'bad' ? `sk-not-a-sandbox-key-${unique()}` : key(scenario);
      const before = sandbox.stats.requests;
      const result = await verify({ apiKey: k, baseUrl: sandbox.baseUrl, model: 'gpt-4o-mini', timeoutMs: 5000 });
      assert.equal(result.ok, false);
      assert.equal(result.diagnosis.code, code, result.diagnosis.detail);
      assert.equal(result.diagnosis.short, short);
      assert.equal(result.steps.length, 1, 'stops after the failing step');
      assert.equal(result.steps[0].status, status);
      assert.equal(result.steps[0].code, code);
      assert.ok(result.diagnosis.title && result.diagnosis.detail);
      assert.equal(sandbox.stats.requests - before, 1, 'exactly one request, no retry');
      assertNoKey(result, k);
    });
  }

  it('bad key: fixes edit the key and open Tokens; evidence has the request id and body code', async () => {
    const result = await verify({ apiKey: `sk-not-a-sandbox-key-${unique()}`, baseUrl: sandbox.baseUrl });
    assert.deepEqual(
      result.diagnosis.fixes.map((f) => f.kind),
      ['edit_key', 'open_tokens'],
    );
    assert.equal(result.diagnosis.evidence.status, 401);
    assert.equal(result.diagnosis.evidence.errorCode, 'invalid_api_key');
    assert.match(result.diagnosis.evidence.requestId ?? '', /^req_/);
  });

  it('a foreign key format on 401 names both platforms', async () => {
    const k = `sk-or-v1-${randomBytes(16).toString('hex')}`;
    const result = await verify({ apiKey: k, baseUrl: sandbox.baseUrl });
    assert.equal(result.diagnosis.code, 'key_platform_mismatch');
    assert.match(result.diagnosis.detail, /OpenRouter/);
    assertNoKey(result, k);
  });

  it('nocredits: read from the body, fix opens Billing', async () => {
    const result = await verify({ apiKey: key('nocredits'), baseUrl: sandbox.baseUrl });
    assert.equal(result.diagnosis.fixes[0].kind, 'open_billing');
    assert.equal(result.diagnosis.evidence.errorCode, 'insufficient_quota');
  });

  it('ratelimited returns immediately with the wait from Retry-After', async () => {
    for (const [scenario, seconds] of [
      ['ratelimited', '7'],
      ['ratelimited60', '60'],
    ] as const) {
      const before = sandbox.stats.requests;
      const started = Date.now();
      const result = await verify({ apiKey: key(scenario), baseUrl: sandbox.baseUrl, model: 'gpt-4o-mini' });
      assert.ok(Date.now() - started < 1000, 'no Retry-After sleep');
      assert.equal(result.diagnosis.code, 'rate_limited');
      assert.equal(result.diagnosis.evidence.retryAfterSeconds, Number(seconds));
      const wait = result.diagnosis.fixes.find((f) => f.kind === 'retry_after');
      assert.equal(wait?.value, seconds);
      assert.equal(sandbox.stats.requests - before, 1);
    }
  });

  it('noretry: exactly one request, even with x-should-retry: false', async () => {
    const s = await startSandbox();
    try {
      const result = await verify({ apiKey: key('noretry'), baseUrl: s.baseUrl, model: 'gpt-4o-mini' });
      assert.equal(result.diagnosis.code, 'upstream_unavailable');
      assert.equal(s.stats.requests, 1);
    } finally {
      await s.close();
    }
  });

  it('many: 10,000 model ids, in server order', async () => {
    const result = await verify({ apiKey: key('many'), baseUrl: sandbox.baseUrl });
    assert.equal(result.ok, true);
    assert.equal(result.models.length, 10_000);
    assert.equal(result.models[0], SANDBOX_MODELS[0]);
    assert.equal(result.steps[0].modelCount, 10_000);
  });

  it('models100k: 100,000 model ids (about 10 MB, under the model-list cap), then the chat step', async () => {
    const result = await verify({ apiKey: key('models100k'), baseUrl: sandbox.baseUrl, model: 'gpt-4o-mini', timeoutMs: 15_000 });
    assert.equal(result.ok, true, result.diagnosis.detail);
    assert.equal(result.models.length, 100_000);
    assert.equal(result.models[99_999], 'sandbox-model-99999');
    assert.equal(result.steps[0].modelCount, 100_000);
  });

  for (const scenario of ['redirect', 'redirect301'])
    it(`${scenario}: not followed; names the Location and that it is the dashboard`, async () => {
      const before = sandbox.stats.requests;
      const result = await verify({ apiKey: key(scenario), baseUrl: sandbox.baseUrl });
      assert.equal(result.steps[0].status, scenario === 'redirect' ? 302 : 301);
      assert.equal(result.diagnosis.code, 'redirect');
      assert.equal(result.diagnosis.evidence.location, 'https://app.rutaapi.com/');
      assert.match(result.diagnosis.detail, /app\.rutaapi\.com/);
      assert.match(result.diagnosis.detail, /dashboard/);
      assert.equal(result.diagnosis.fixes[0].kind, 'use_url');
      assert.equal(sandbox.stats.requests - before, 1);
    });

  it('blackhole with a short deadline → timeout, on time', async () => {
    const started = Date.now();
    const result = await verify({ apiKey: key('blackhole'), baseUrl: sandbox.baseUrl, timeoutMs: 300 });
    const elapsed = Date.now() - started;
    assert.equal(result.diagnosis.code, 'timeout');
    assert.equal(result.diagnosis.short, 'Timeout');
    assert.ok(elapsed >= 290 && elapsed < 1200, `took ${elapsed} ms`);
  });

  it('slowbody past the deadline → timeout', async () => {
    const started = Date.now();
    const result = await verify({ apiKey: key('slowbody'), baseUrl: sandbox.baseUrl, timeoutMs: 400 });
    assert.equal(result.diagnosis.code, 'timeout');
    assert.equal(result.steps[0].status, 200);
    assert.ok(Date.now() - started < 1500);
  });

  it('cancel via AbortSignal returns cancelled, mid-request and mid-body', async () => {
    // Aborted once the request is in flight: the black hole has the request (and will never answer), the slow
    // body has sent its headers (and trickles its body past any deadline). The deadline is far beyond the test's
    // timeout, so only the abort can end either; how fast that is, is the bench's cancel figure.
    const reached = new Map<string, () => void>();
    const s = await startSandbox({
      onRequest: ({ path, headers }) => {
        if (path === '/v1/models') reached.get(String(headers.authorization))?.();
      },
    });
    try {
      for (const scenario of ['blackhole', 'slowbody']) {
        const k = key(scenario);
        const controller = new AbortController();
        let inFlight!: () => void;
        const ready = new Promise<void>((resolve) => (inFlight = resolve));
        if (scenario === 'blackhole') reached.set(`Bearer ${k}`, inFlight);
        const headersIn = (async (input: string | URL | Request, init?: RequestInit) => {
          const response = await fetch(input, init);
          if (String(input instanceof Request ? input.url : input).endsWith('/models')) inFlight();
          return response;
        }) as typeof fetch;
        const pending = verify({ apiKey: k, baseUrl: s.baseUrl, timeoutMs: 600_000, signal: controller.signal, fetch: headersIn });
        await ready;
        controller.abort();
        const result = await pending;
        assert.equal(result.diagnosis.code, 'cancelled', scenario);
        if (scenario === 'slowbody') assert.equal(result.steps[0].status, 200, 'aborted mid-body');
      }
    } finally {
      await s.close();
    }
    const pre = new AbortController();
    pre.abort();
    const before = sandbox.stats.requests;
    const result = await verify({ apiKey: key('ok'), baseUrl: sandbox.baseUrl, signal: pre.signal });
    assert.equal(result.diagnosis.code, 'cancelled');
    assert.equal(sandbox.stats.requests, before, 'an already-aborted signal sends nothing');
  });

  it('connection refused on a closed port', async () => {
    const port = await freePort();
    const result = await verify({ apiKey: key('ok'), baseUrl: `http://127.0.0.1:${port}/v1`, timeoutMs: 3000 });
    assert.equal(result.diagnosis.code, 'connection_refused');
    assert.equal(result.diagnosis.evidence.networkCode, 'ECONNREFUSED');
  });

  it('DNS failure for nonexistent.invalid', async () => {
    const result = await verify({ apiKey: key('ok'), baseUrl: 'http://nonexistent.invalid/v1', allowInsecureHttp: true, timeoutMs: 5000 });
    assert.equal(result.diagnosis.code, 'dns_failure');
    assert.equal(result.diagnosis.short, 'Offline');
  });

  it('missing /v1: the sandbox origin gives 404, {origin}/v1/models answers → use_url fix', async () => {
    const result = await verify({ apiKey: key('ok'), baseUrl: sandbox.origin });
    assert.equal(result.diagnosis.code, 'missing_v1');
    assert.deepEqual(result.diagnosis.fixes[0], { kind: 'use_url', label: `Use ${sandbox.baseUrl}`, value: sandbox.baseUrl });
    assert.equal(result.steps[0].status, 404);
    // Also when the probe gets 401 (a bad key still proves the API is there).
    const bad = await verify({ apiKey: `sk-unknown-key-${unique()}`, baseUrl: sandbox.origin });
    assert.equal(bad.diagnosis.code, 'missing_v1');
    // A wrong path with /v1 already is path_not_found.
    const wrong = await verify({ apiKey: key('ok'), baseUrl: `${sandbox.origin}/api/v1` });
    assert.equal(wrong.diagnosis.code, 'path_not_found');
  });

  it('unknown model → model_not_found with the closest returned id as a pick_model fix', async () => {
    const result = await verify({ apiKey: key('ok'), baseUrl: sandbox.baseUrl, model: 'gpt-4o-mimi' });
    assert.equal(result.diagnosis.code, 'model_not_found');
    assert.deepEqual(result.diagnosis.fixes[0], { kind: 'pick_model', label: 'Use model gpt-4o-mini', value: 'gpt-4o-mini' });
    assert.equal(result.diagnosis.evidence.errorCode, 'model_not_found');
    assert.deepEqual(
      result.steps.map((x) => [x.name, x.ok]),
      [
        ['models', true],
        ['chat', false],
      ],
    );
  });

  it('chat only with knownModels (model picker, panel step 2): the closest id is named in the detail and offered', async () => {
    const result = await verify({
      apiKey: key('ok'),
      baseUrl: sandbox.baseUrl,
      model: 'gpt-4o-mimi',
      chatOnly: true,
      knownModels: ['gpt-4o-mini', 'deepseek-chat'],
    });
    assert.equal(result.diagnosis.code, 'model_not_found');
    assert.deepEqual(result.diagnosis.fixes[0], { kind: 'pick_model', label: 'Use model gpt-4o-mini', value: 'gpt-4o-mini' });
    assert.match(result.diagnosis.detail, /closest returned id is "gpt-4o-mini"/);
    assert.deepEqual(
      result.steps.map((x) => x.name),
      ['chat'],
      'no second GET /models',
    );
  });

  it('304 Not Modified from a proxy or cache: its own wording, through the SDK', async () => {
    const notModified = (async () => new Response(null, { status: 304, headers: { etag: '"x"' } })) as typeof fetch;
    const result = await verify({ apiKey: key('ok'), baseUrl: 'https://api.rutaapi.com/v1', fetch: notModified });
    assert.equal(result.steps[0].status, 304);
    assert.match(`${result.diagnosis.title} ${result.diagnosis.detail}`, /Not Modified/);
    assert.doesNotMatch(result.diagnosis.detail, /did not name/);
  });

  it('a chat reply that echoes the key near the excerpt cut shows no part of it', async () => {
    const raw = `${randomBytes(20).toString('hex')}`; // 40 characters, no known prefix
    const replying = (async (input: string | URL | Request) => {
      const url = String(input instanceof Request ? input.url : input);
      const json = url.endsWith('/models')
        ? { object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model' }] }
        : { choices: [{ index: 0, message: { role: 'assistant', content: `${'y'.repeat(70)}${raw}` } }] };
      return new Response(JSON.stringify(json), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    const result = await verify({ apiKey: raw, baseUrl: 'https://api.rutaapi.com/v1', model: 'gpt-4o-mini', fetch: replying });
    assert.equal(result.ok, true, result.diagnosis.detail);
    const visible = JSON.stringify({ d: result.diagnosis, s: result.steps });
    for (let i = 0; i + 6 <= raw.length - 4; i++)
      assert.ok(!visible.includes(raw.slice(i, i + 6)), `key part ${raw.slice(i, i + 6)} in ${visible}`);
  });

  it('TLS: a self-signed certificate → tls_error naming proxy settings', async function () {
    this.timeout(20_000);
    const s = await startSandbox({ tls: true });
    try {
      const result = await verify({ apiKey: key('ok'), baseUrl: s.baseUrl });
      assert.equal(result.diagnosis.code, 'tls_error');
      assert.match(result.diagnosis.detail, /proxy/i);
      assert.match(result.diagnosis.detail, /http\.proxyStrictSSL/);
      assert.ok(result.diagnosis.fixes.some((f) => f.kind === 'open_proxy_settings'));
    } finally {
      await s.close();
    }
  });

  describe('pre-flight: no request where it cannot work', () => {
    let calls: string[];
    const countingFetch = (async (input: string | URL | Request) => {
      calls.push(String(input));
      throw new Error('no request expected');
    }) as typeof globalThis.fetch;
    beforeEach(() => {
      calls = [];
    });

    const preflight: Array<[string, string, string, string?]> = [
      ['https://rutaapi.com', sk(), 'marketing_site', 'https://api.rutaapi.com/v1'],
      ['https://www.rutaapi.com/pricing', sk(), 'marketing_site', 'https://api.rutaapi.com/v1'],
      ['https://app.rutaapi.com/tokens', sk(), 'dashboard_url', 'https://api.rutaapi.com/v1'],
      ['', sk(), 'invalid_base_url'],
      ['ftp://api.rutaapi.com/v1', sk(), 'invalid_base_url'],
      ['https://api.rutaapi.com/v1', '', 'missing_key'],
      ['https://api.rutaapi.com/v1', 'sk-abc def ghi jkl mno', 'invalid_key_format'],
      ['http://api.rutaapi.com/v1', sk(), 'insecure_http', 'https://api.rutaapi.com/v1'],
      // Error findings that warn the user not to send the key there (a homoglyph host, user info posing as the host: the key must never reach them).
      ['https://api.rut\u0430api.com/v1', sk(), 'unsafe_base_url', 'https://api.rutaapi.com/v1'],
      ['https://xn--pi-6kc.rutaapi.com/v1', sk(), 'unsafe_base_url', 'https://api.rutaapi.com/v1'],
      ['https://api.rutaapi.com@gw.attacker.example/v1', sk(), 'unsafe_base_url', 'https://api.rutaapi.com/v1'],
      ['https://api.rutaapi.com%2F@gw.attacker.example/v1', sk(), 'unsafe_base_url', 'https://api.rutaapi.com/v1'],
    ];
    function sk(): string {
      return `sk-ruta-sandbox-ok-${'x'.repeat(8)}`;
    }
    for (const [baseUrl, apiKey, code, suggested] of preflight) {
      it(`${JSON.stringify(baseUrl)} / ${apiKey ? 'key' : 'no key'} → ${code}`, async () => {
        const result = await verify({ apiKey, baseUrl, fetch: countingFetch, model: 'gpt-4o-mini' });
        assert.equal(result.diagnosis.code, code);
        assert.deepEqual(calls, [], 'no request was made');
        assert.deepEqual(result.steps, []);
        if (suggested)
          assert.ok(
            result.diagnosis.fixes.some((f) => f.kind === 'use_url' && f.value === suggested),
            JSON.stringify(result.diagnosis.fixes),
          );
        if (code === 'insecure_http') assert.ok(result.diagnosis.fixes.some((f) => f.kind === 'confirm_insecure'));
      });
    }

    it('an IDN look-alike stops before any request also when http:// is allowed and the URL is used as entered', async () => {
      for (const asEntered of [false, true]) {
        const result = await verify({
          apiKey: sk(),
          baseUrl: 'http://api.rut\u0430api.com/v1',
          fetch: countingFetch,
          allowInsecureHttp: true,
          asEntered,
        });
        assert.equal(result.diagnosis.code, 'unsafe_base_url', `asEntered ${asEntered}: ${result.diagnosis.detail}`);
        assert.match(result.diagnosis.detail, /xn--rutapi-5nf|look-alike/);
      }
      assert.deepEqual(calls, [], 'no request was made');
    });

    it('user info that looks like a host: no connection at all to the host the URL really points to', async () => {
      const s = await startSandbox();
      try {
        const target = `127.0.0.1:${s.port}`;
        for (const baseUrl of [
          `http://api.rutaapi.com@${target}/v1`,
          `http://api.rutaapi.com%2F@${target}/v1`,
          `http://api.rutaapi.com:pw@${target}/v1`,
        ]) {
          for (const asEntered of [false, true]) {
            const result = await verify({ apiKey: key('ok'), baseUrl, model: 'gpt-4o-mini', asEntered, timeoutMs: 3000 });
            assert.equal(result.diagnosis.code, 'unsafe_base_url', `${baseUrl}: ${result.diagnosis.detail}`);
            assert.ok(result.diagnosis.detail.includes('127.0.0.1'), result.diagnosis.detail);
            // The suggested URL survives the removal of URL credentials from the result.
            assert.ok(
              result.diagnosis.fixes.some((f) => f.kind === 'use_url' && f.value === 'https://api.rutaapi.com/v1'),
              JSON.stringify(result.diagnosis.fixes),
            );
            assert.deepEqual(result.steps, []);
          }
        }
        assert.equal(s.stats.connections, 0, 'a connection was made');
        assert.equal(s.stats.requests, 0);
      } finally {
        await s.close();
      }
    });

    it('a pasted endpoint is fixed in normalization and verified at the root', async () => {
      const result = await verify({ apiKey: key('ok'), baseUrl: `  ${sandbox.baseUrl}/chat/completions/ \n`, model: 'gpt-4o-mini' });
      assert.equal(result.ok, true);
      assert.equal(result.baseUrl.normalized, sandbox.baseUrl);
      assert.ok(result.baseUrl.findings.some((f) => f.code === 'endpoint_as_base_url'));
    });

    it('used as entered, a pasted endpoint gets endpoint_as_base_url on 404', async () => {
      const result = await verify({ apiKey: key('ok'), baseUrl: `${sandbox.baseUrl}/chat/completions`, asEntered: true });
      assert.equal(result.diagnosis.code, 'endpoint_as_base_url');
      assert.equal(result.diagnosis.fixes[0].value, sandbox.baseUrl);
    });

    it('an empty or invalid Base URL can never reach api.openai.com', () => {
      for (const bad of ['', '   ', 'not a url', 'file:///etc/passwd']) {
        assert.throws(() => createGatewayClient({ apiKey: 'sk-ruta-sandbox-ok-123456', baseURL: bad, timeoutMs: 1000 }));
      }
    });

    it('the client refuses any request outside the Base URL origin', async () => {
      const { client } = createGatewayClient({
        apiKey: 'sk-ruta-sandbox-ok-123456',
        baseURL: sandbox.baseUrl,
        fetch: countingFetch,
        timeoutMs: 1000,
      });
      await assert.rejects(client.get('https://api.openai.com/v1/models', { maxRetries: 0 }));
      assert.deepEqual(calls, []);
    });
  });

  it('fetch defaults to globalThis.fetch looked up at call time', async () => {
    const original = globalThis.fetch;
    let used = 0;
    globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) => {
      used += 1;
      return original(input, init);
    }) as typeof globalThis.fetch;
    try {
      const result = await verify({ apiKey: key('ok'), baseUrl: sandbox.baseUrl, model: 'gpt-4o-mini' });
      assert.equal(result.ok, true);
      assert.equal(used, 2);
    } finally {
      globalThis.fetch = original;
    }
  });

  it('OPENAI_* environment variables have no effect (base URL, key, org, project, custom headers, log)', async () => {
    const seen: Array<{ path: string; headers: IncomingHttpHeaders }> = [];
    const s = await startSandbox({ onRequest: (r) => seen.push({ path: r.path, headers: r.headers }) });
    const trap = await startSandbox();
    const saved: Record<string, string | undefined> = {};
    const env: Record<string, string> = {
      OPENAI_BASE_URL: trap.baseUrl,
      OPENAI_API_KEY: 'sk-ruta-sandbox-nocredits-from-env',
      OPENAI_ADMIN_KEY: 'sk-admin-from-env-123456',
      OPENAI_ORG_ID: 'org-from-env',
      OPENAI_PROJECT_ID: 'proj_from_env',
      OPENAI_WEBHOOK_SECRET: 'whsec_from_env',
      OPENAI_CUSTOM_HEADERS: 'X-Leak: from-env\nAuthorization: Bearer sk-from-env-header\nOpenAI-Organization: org-hdr',
      OPENAI_LOG: 'debug',
    };
    for (const [name, value] of Object.entries(env)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    const logged: unknown[] = [];
    const consoleSaved = { log: console.log, info: console.info, warn: console.warn, debug: console.debug, error: console.error };
    for (const m of ['log', 'info', 'warn', 'debug', 'error'] as const) console[m] = (...args: unknown[]) => void logged.push(args);
    const k = key('ok');
    try {
      const result = await verify({ apiKey: k, baseUrl: s.baseUrl, model: 'gpt-4o-mini' });
      for (const m of ['log', 'info', 'warn', 'debug', 'error'] as const) console[m] = consoleSaved[m];
      assert.equal(result.ok, true, result.diagnosis.detail);
      assert.equal(trap.stats.requests, 0, 'OPENAI_BASE_URL was not used');
      // Discovery's GET /api/status carries no key at all; the API requests carry ours.
      for (const r of seen.filter((x) => x.path === '/api/status')) assert.equal(r.headers.authorization, undefined);
      assert.deepEqual(
        seen.filter((r) => r.path !== '/api/status').map((r) => r.path),
        ['/v1/models', '/v1/chat/completions'],
      );
      const allowed = new Set([
        'host',
        'connection',
        'authorization',
        'accept',
        'user-agent',
        'content-type',
        'content-length',
        'accept-encoding',
        'accept-language',
        'sec-fetch-mode',
      ]);
      for (const r of seen.filter((x) => x.path !== '/api/status')) {
        assert.equal(r.headers.authorization, `Bearer ${k}`, 'our key, not the env key or header');
        const extra = Object.keys(r.headers).filter((h) => !allowed.has(h));
        assert.deepEqual(extra, [], `unexpected headers ${extra.join(', ')}`);
        assert.equal(r.headers['x-leak'], undefined);
        assert.equal(r.headers['openai-organization'], undefined);
        assert.equal(r.headers['openai-project'], undefined);
      }
      assert.deepEqual(logged, [], 'OPENAI_LOG=debug logged nothing');
    } finally {
      for (const m of ['log', 'info', 'warn', 'debug', 'error'] as const) console[m] = consoleSaved[m];
      for (const name of Object.keys(env)) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
      await s.close();
      await trap.close();
    }
  });
});
