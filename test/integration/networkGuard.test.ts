// Security: where requests may go. An empty or invalid Base URL never reaches api.openai.com (or
// any host), and plain http:// to a non-loopback host is never contacted without the explicit
// confirmation (allowInsecureHttp). Every way out is watched: the injected fetch, the global
// fetch, DNS lookups and raw TCP sockets (diagnostics channel `net.client.socket`).
import { strict as assert } from 'node:assert';
import dns from 'node:dns';
import diagnostics from 'node:diagnostics_channel';
import { verify } from '../../src/core/verify';
import type { VerifyOptions } from '../../src/core/types';

interface Watch {
  requests: string[];
  stop(): void;
}

/** Records every request attempt. The fetch stand-in answers like a gateway so nothing real is sent. */
function watchNetwork(): Watch & { fetch: typeof fetch } {
  const requests: string[] = [];
  const fake = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    // Gateway discovery (GET {origin}/api/status) must carry no key: marked so tests can tell.
    const keyless = !new Headers(init?.headers).has('authorization');
    requests.push(`fetch ${url}${keyless ? ' [keyless]' : ''}`);
    const body = url.includes('/models')
      ? { object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model', created: 1, owned_by: 'x' }] }
      : {
          id: 'c',
          object: 'chat.completion',
          created: 1,
          model: 'gpt-4o-mini',
          choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }],
        };
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'content-type': 'application/json', 'x-request-id': 'req_guard' },
    });
  }) as typeof fetch;
  const originalFetch = globalThis.fetch;
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push(`global ${typeof input === 'string' ? input : input instanceof URL ? input.href : input.url}`);
    return fake(input, init);
  }) as typeof fetch;
  const originalLookup = dns.lookup;
  (dns as { lookup: unknown }).lookup = (host: string, ...rest: unknown[]) => {
    requests.push(`dns ${host}`);
    return (originalLookup as (...a: unknown[]) => unknown)(host, ...rest);
  };
  const onSocket = (message: unknown) => {
    const socket = (message as { socket?: { remoteAddress?: string } }).socket;
    requests.push(`socket ${socket?.remoteAddress ?? '?'}`);
  };
  diagnostics.subscribe('net.client.socket', onSocket);
  return {
    requests,
    fetch: fake,
    stop() {
      globalThis.fetch = originalFetch;
      (dns as { lookup: unknown }).lookup = originalLookup;
      diagnostics.unsubscribe('net.client.socket', onSocket);
    },
  };
}

async function attempt(options: Partial<VerifyOptions>): Promise<{ requests: string[]; code: string; fixes: string[] }> {
  const w = watchNetwork();
  try {
    const r = await verify({
      apiKey: 'sk-ruta-guard-0123456789abcdef',
      baseUrl: '',
      model: 'gpt-4o-mini',
      timeoutMs: 3_000,
      fetch: w.fetch,
      ...options,
    });
    return { requests: [...w.requests], code: r.diagnosis.code, fixes: r.diagnosis.fixes.map((f) => f.kind) };
  } finally {
    w.stop();
  }
}

describe('network guard: where verification may send the key', function () {
  this.timeout(30_000);
  const savedEnv = { ...process.env };
  before(() => {
    // Even with the SDK's own environment defaults pointing elsewhere.
    process.env.OPENAI_BASE_URL = 'https://api.openai.com/v1';
    process.env.OPENAI_API_KEY = 'sk-proj-from-the-environment-0000';
  });
  after(() => {
    for (const k of ['OPENAI_BASE_URL', 'OPENAI_API_KEY']) {
      if (savedEnv[k] === undefined) delete process.env[k];
      else process.env[k] = savedEnv[k];
    }
  });

  const junk = [
    '',
    '   ',
    '\n\t',
    'not a url',
    '://',
    'http://',
    'https://',
    'ftp://api.rutaapi.com/v1',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'data:text/plain,hello',
    'http://[::1',
    'https://exa mple.com/v1',
    '\u200b',
    'sk-ruta-this-is-a-key-not-a-url',
  ];
  for (const baseUrl of junk) {
    it(`makes no request at all for Base URL ${JSON.stringify(baseUrl)}`, async () => {
      const { requests, code } = await attempt({ baseUrl });
      assert.deepEqual(requests, [], `requests were made for ${JSON.stringify(baseUrl)}: ${requests.join(', ')} (diagnosis ${code})`);
      assert.notEqual(code, 'ok');
    });
  }

  it('an empty Base URL never falls back to api.openai.com, also as entered (no normalisation)', async () => {
    for (const asEntered of [false, true]) {
      const { requests, code } = await attempt({ baseUrl: '', asEntered });
      assert.ok(!requests.some((r) => r.includes('openai.com')), `reached OpenAI: ${requests.join(', ')}`);
      assert.deepEqual(requests, []);
      assert.notEqual(code, 'ok');
    }
  });

  it('plain http:// to a non-loopback host makes no request without confirmation', async () => {
    for (const baseUrl of ['http://api.rutaapi.com/v1', 'http://gateway.example.com/v1', 'http://10.1.2.3:8080/v1']) {
      const { requests, code, fixes } = await attempt({ baseUrl });
      assert.deepEqual(requests, [], `${baseUrl}: requests were made without confirmation: ${requests.join(', ')}`);
      assert.equal(code, 'insecure_http', `${baseUrl}: diagnosis ${code}`);
      assert.ok(
        fixes.includes('confirm_insecure') || fixes.includes('use_url'),
        `${baseUrl}: no confirm/https fix offered (${fixes.join(', ')})`,
      );
    }
  });

  it('plain http:// to a non-loopback host is contacted once the user confirmed it', async () => {
    const { requests, code } = await attempt({ baseUrl: 'http://gateway.example.com/v1', allowInsecureHttp: true });
    assert.ok(
      requests.some((r) => r.startsWith('fetch http://gateway.example.com/v1/models')),
      `no request after confirmation: ${requests.join(', ')}`,
    );
    assert.ok(!requests.some((r) => r.includes('openai.com')));
    assert.equal(code, 'ok');
  });

  it('plain http:// to loopback needs no confirmation (local gateways, the sandbox)', async () => {
    const { requests } = await attempt({ baseUrl: 'http://127.0.0.1:9/v1' });
    assert.ok(
      requests.some((r) => r.startsWith('fetch http://127.0.0.1:9/v1/models')),
      requests.join(', '),
    );
  });

  it('requests go only to the Base URL host, never to api.openai.com', async () => {
    const { requests, code } = await attempt({ baseUrl: 'https://api.rutaapi.com/v1' });
    assert.equal(code, 'ok');
    assert.ok(requests.length >= 2);
    // The Base URL's API, and the keyless discovery GET on the same origin (no key, no other host).
    for (const r of requests)
      assert.ok(
        r.includes('https://api.rutaapi.com/v1/') || r === 'fetch https://api.rutaapi.com/api/status [keyless]',
        `unexpected request ${r}`,
      );
    for (const r of requests) if (r.includes('/v1/')) assert.ok(!r.endsWith('[keyless]'), `API request without the key: ${r}`);
  });
});
