// Every diagnosis code from synthetic inputs: pre-flight findings, HTTP responses (the body, not
// only the status), and network errors shaped like undici's.
import { strict as assert } from 'node:assert';
import {
  collectErrorFacts,
  diagnoseContent,
  diagnoseEndpointAsBaseUrl,
  diagnoseMissingV1,
  diagnoseNetworkError,
  diagnoseOk,
  diagnosePreflight,
  diagnoseResponse,
  parseRetryAfter,
  readErrorBody,
  type DiagnosisContext,
  type ResponseFacts,
} from '../../src/core/diagnosis';
import { analyzeApiKey } from '../../src/core/apiKey';
import { analyzeBaseUrl } from '../../src/core/baseUrl';
import { setTranslator } from '../../src/core/l10n';
import { hasInvisible } from '../../src/core/inertText';
import type { BaseUrlAnalysis, Diagnosis, DiagnosisCode, KeyAnalysis } from '../../src/core/types';

const KEY = 'sk-ruta-unit-test-secret-0123456789';
const BASE = 'https://api.rutaapi.com/v1';
const models: DiagnosisContext = { step: 'models', baseUrl: BASE, url: `${BASE}/models`, apiKey: KEY };
const chat: DiagnosisContext = {
  step: 'chat',
  baseUrl: BASE,
  url: `${BASE}/chat/completions`,
  apiKey: KEY,
  model: 'gpt-4o-mimi',
  models: ['gpt-4o-mini', 'gpt-4.1', 'deepseek-chat'],
};

function body(error: { message?: string; type?: string; code?: string | null; param?: string | null }): string {
  return JSON.stringify({
    error: {
      message: error.message ?? '',
      type: error.type ?? 'invalid_request_error',
      param: error.param ?? null,
      code: error.code ?? null,
    },
  });
}
function res(status: number, text = '', headers: Record<string, string> = {}): ResponseFacts {
  return { status, bodyText: text, headers: { 'x-request-id': 'req_abc123', 'content-type': 'application/json', ...headers } };
}
/** undici: TypeError('fetch failed') with the system error as `cause`. */
function undiciError(code: string, message: string, extra: Record<string, unknown> = {}): Error {
  const cause = Object.assign(new Error(message), { code, ...extra });
  return Object.assign(new TypeError('fetch failed'), { cause });
}
/** The openai SDK wraps it again: APIConnectionError({ cause }). */
function sdkWrapped(inner: Error): Error {
  const e = new Error('Connection error.', { cause: inner });
  e.name = 'APIConnectionError';
  return e;
}
function wellFormed(d: Diagnosis): void {
  assert.ok(d.title.length > 0 && d.detail.length > 0 && d.short.length > 0, JSON.stringify(d));
  assert.ok(['error', 'warning', 'info'].includes(d.severity));
  assert.ok(!JSON.stringify(d).includes(KEY), 'the key leaked into the diagnosis');
}

const reached = new Set<DiagnosisCode>();
function expectCode(d: Diagnosis, code: DiagnosisCode): Diagnosis {
  assert.equal(d.code, code, `${d.code}: ${d.detail}`);
  wellFormed(d);
  reached.add(code);
  return d;
}

describe('core diagnosis: HTTP responses (reads the body)', () => {
  it('401 → unauthorized with edit_key and open_tokens; evidence from the body', () => {
    const d = expectCode(
      diagnoseResponse(res(401, body({ message: 'Incorrect API key provided.', code: 'invalid_api_key' })), models),
      'unauthorized',
    );
    assert.deepEqual(
      d.fixes.map((f) => f.kind),
      ['edit_key', 'open_tokens'],
    );
    assert.equal(d.short, '401');
    assert.equal(d.evidence.status, 401);
    assert.equal(d.evidence.requestId, 'req_abc123');
    assert.equal(d.evidence.errorCode, 'invalid_api_key');
    assert.equal(d.evidence.errorType, 'invalid_request_error');
    assert.equal(d.evidence.errorMessage, 'Incorrect API key provided.');
    assert.equal(d.evidence.url, `${BASE}/models`);
    assert.match(d.detail, /same|both come from RutaAPI/);
  });

  it('401 with "balance" wording → insufficient_credits, not a bad key', () => {
    const d = expectCode(
      diagnoseResponse(res(401, body({ message: 'Your balance is too low to make this request.' })), models),
      'insufficient_credits',
    );
    assert.equal(d.fixes[0].kind, 'open_billing');
    assert.equal(d.short, 'No credits');
  });

  it('403 with insufficient_quota → insufficient_credits', () => {
    const d = expectCode(
      diagnoseResponse(res(403, body({ message: 'No credits.', type: 'insufficient_quota', code: 'insufficient_quota' })), models),
      'insufficient_credits',
    );
    assert.equal(d.evidence.errorCode, 'insufficient_quota');
  });

  it('429 with insufficient_quota (OpenAI style) → insufficient_credits, and 402 always', () => {
    expectCode(
      diagnoseResponse(
        res(
          429,
          body({ message: 'You exceeded your current quota, please check your plan and billing details.', code: 'insufficient_quota' }),
        ),
        models,
      ),
      'insufficient_credits',
    );
    expectCode(diagnoseResponse(res(402, '{"detail":"Payment Required"}'), models), 'insufficient_credits');
    expectCode(diagnoseResponse(res(403, body({ message: 'Insufficient credit for this request' })), chat), 'insufficient_credits');
  });

  it('401 + an OpenRouter key (sk-or-) → key_platform_mismatch naming OpenRouter and RutaAPI', () => {
    const orKey = 'sk-or-v1-0123456789abcdef0123456789abcdef';
    const d = expectCode(
      diagnoseResponse(res(401, body({ message: 'Invalid key', code: 'invalid_api_key' })), { ...models, apiKey: orKey }),
      'key_platform_mismatch',
    );
    assert.match(d.detail, /OpenRouter/);
    assert.match(d.detail, /RutaAPI/);
    assert.doesNotMatch(d.detail, /\ba OpenRouter\b/, 'reads "a key from OpenRouter", not "a OpenRouter key"');
    assert.ok(!JSON.stringify(d).includes(orKey));
    assert.ok(d.fixes.some((f) => f.kind === 'open_tokens'));
  });

  it('401 from a foreign host (OpenAI) with a RutaAPI key → key_platform_mismatch with the RutaAPI URL fix', () => {
    const url = 'https://api.openai.com/v1/models';
    const d = expectCode(
      diagnoseResponse(
        { ...res(401, body({ message: 'Incorrect API key provided' })), url },
        { ...models, baseUrl: 'https://api.openai.com/v1', url },
      ),
      'key_platform_mismatch',
    );
    assert.match(d.detail, /OpenAI/);
    assert.doesNotMatch(d.detail, /or another platform/, 'no guessing about an unrecognised key');
    assert.deepEqual(d.fixes[0], { kind: 'use_url', label: `Use ${BASE}`, value: BASE });
  });

  it('401 with an OpenAI key at OpenAI itself is a plain unauthorized', () => {
    const url = 'https://api.openai.com/v1/models';
    expectCode(
      diagnoseResponse({ ...res(401, ''), url }, { ...models, url, apiKey: 'sk-proj-abcdefghijklmnopqrstuvwxyz' }),
      'unauthorized',
    );
  });

  it('403 → forbidden: permission / model access, check credits', () => {
    const d = expectCode(diagnoseResponse(res(403, body({ message: 'You do not have access to this resource.' })), chat), 'forbidden');
    assert.match(d.detail, /permission/);
    assert.match(d.detail, /credits/);
    assert.ok(d.fixes.some((f) => f.kind === 'open_billing'));
    assert.equal(d.short, '403');
  });

  it('404 on /models → path_not_found', () => {
    const d = expectCode(
      diagnoseResponse(res(404, body({ message: 'Invalid URL (GET /models)' })), {
        ...models,
        baseUrl: 'https://api.rutaapi.com',
        url: 'https://api.rutaapi.com/models',
      }),
      'path_not_found',
    );
    assert.ok(d.fixes.some((f) => f.kind === 'use_url' && f.value === BASE));
  });

  it('404 (or model_not_found) on chat → model_not_found with the closest id as pick_model', () => {
    const d = expectCode(
      diagnoseResponse(res(404, body({ message: 'The model `gpt-4o-mimi` does not exist', code: 'model_not_found' })), chat),
      'model_not_found',
    );
    assert.deepEqual(d.fixes[0], { kind: 'pick_model', label: 'Use model gpt-4o-mini', value: 'gpt-4o-mini' });
    assert.match(d.detail, /gpt-4o-mini/);
    assert.match(d.detail, /guess/);
    const plain404 = expectCode(diagnoseResponse(res(404, 'Not Found', { 'content-type': 'text/plain' }), chat), 'model_not_found');
    assert.equal(plain404.fixes[0].value, 'gpt-4o-mini');
    expectCode(diagnoseResponse(res(400, body({ message: 'unknown model', code: 'model_not_found' })), chat), 'model_not_found');
    const noList = diagnoseResponse(res(404, ''), { ...chat, models: [] });
    assert.deepEqual(
      noList.fixes.map((f) => f.kind),
      ['pick_model', 'open_billing', 'contact_support'],
    );
    // The guide: a model missing from /v1/models is not active in the account (credits or support).
    assert.match(noList.detail, /not active in your account: add credits or contact support/);
  });

  it('3xx → redirect naming the Location; the dashboard and the website are called so', () => {
    const dash = expectCode(diagnoseResponse(res(302, '', { location: 'https://app.rutaapi.com/' }), models), 'redirect');
    assert.equal(dash.evidence.location, 'https://app.rutaapi.com/');
    assert.match(dash.detail, /dashboard/);
    assert.equal(dash.fixes[0].value, BASE);
    const site = diagnoseResponse(res(301, '', { location: 'https://rutaapi.com/' }), models);
    assert.match(site.detail, /website/);
    const moved = diagnoseResponse({ ...res(308, '', { location: '/v2/models' }), url: 'https://gw.example.com/v1/models' }, models);
    assert.equal(moved.evidence.location, 'https://gw.example.com/v2/models');
    assert.ok(moved.fixes.some((f) => f.kind === 'use_url' && f.value === 'https://gw.example.com/v2'));
    assert.equal(moved.short, '308');
  });

  it('429 → rate_limited with the wait from Retry-After (seconds or HTTP date), no waiting', () => {
    const d = expectCode(
      diagnoseResponse(res(429, body({ message: 'Too many requests', code: 'rate_limit_exceeded' }), { 'retry-after': '7' }), models),
      'rate_limited',
    );
    assert.deepEqual(d.fixes[0], { kind: 'retry_after', label: 'Retry in 7 s', value: '7' });
    assert.equal(d.evidence.retryAfterSeconds, 7);
    assert.match(d.detail, /concurrent/);
    const now = Date.parse('2025-01-01T00:00:00Z');
    const dated = diagnoseResponse(res(429, '', { 'retry-after': 'Wed, 01 Jan 2025 00:01:30 GMT' }), { ...models, now });
    assert.equal(dated.evidence.retryAfterSeconds, 90);
    assert.equal(dated.fixes[0].value, '90');
    const none = diagnoseResponse(res(429, ''), models);
    assert.equal(none.fixes[0].kind, 'retry');
  });

  it('503 → upstream_unavailable; 500/502 → server_error; 408 → timeout; 407 → proxy_error', () => {
    const d = expectCode(diagnoseResponse(res(503, body({ message: 'route down' })), chat), 'upstream_unavailable');
    assert.match(d.detail, /temporarily unavailable/);
    assert.equal(d.short, '503');
    expectCode(diagnoseResponse(res(500, body({ message: 'oops', type: 'server_error' })), models), 'server_error');
    assert.equal(diagnoseResponse(res(502, '<html>Bad gateway</html>', { 'content-type': 'text/html' }), models).code, 'server_error');
    expectCode(diagnoseResponse(res(408, ''), models), 'timeout');
    expectCode(diagnoseResponse(res(407, ''), models), 'proxy_error');
  });

  it('other 4xx (400, 405, 422) → request_rejected, not a server error', () => {
    const d = expectCode(diagnoseResponse(res(422, body({ message: 'bad param', param: 'messages' })), chat), 'request_rejected');
    assert.equal(d.short, '422');
    assert.ok(d.fixes.some((f) => f.kind === 'edit_base_url'));
    expectCode(diagnoseResponse(res(400, body({ message: 'bad request' })), chat), 'request_rejected');
    expectCode(diagnoseResponse(res(405, ''), models), 'request_rejected');
  });

  it('scrubs the key from body excerpts and never throws on odd bodies', () => {
    const d = diagnoseResponse(res(401, body({ message: `Incorrect API key provided: ${KEY}` })), models);
    assert.ok(!JSON.stringify(d).includes(KEY));
    for (const text of [
      '',
      'null',
      '[]',
      '{"error":null}',
      '{"error":"just a string"}',
      '\u0000\u00ff',
      '{"error":{"message":{"nested":1}}}',
    ]) {
      wellFormed(diagnoseResponse(res(400, text), models));
    }
    assert.equal(diagnoseResponse({ status: 401 }, { step: 'models' }).code, 'unauthorized');
  });
});

describe('core diagnosis: 2xx answers that are not the API', () => {
  it('html_response, invalid_response, no_models, response_too_large', () => {
    const html = expectCode(
      diagnoseContent('html', res(200, '<!doctype html><title>RutaAPI</title>', { 'content-type': 'text/html' }), models),
      'html_response',
    );
    assert.match(html.detail, /website|HTML/);
    assert.equal(html.fixes[0].value, BASE);
    for (const p of ['not_json', 'not_utf8', 'no_data', 'no_choices'] as const)
      expectCode(diagnoseContent(p, res(200, '{'), models), 'invalid_response');
    expectCode(diagnoseContent('empty_models', res(200, '{"object":"list","data":[]}'), models), 'no_models');
    const big = expectCode(diagnoseContent('too_large', res(200), models), 'response_too_large');
    // The model list's own cap (a gateway with 100,000 models sends about 10 MB); every other answer: 4 MB.
    assert.match(big.detail, /32 MB/);
    assert.match(expectCode(diagnoseContent('too_large', res(200), chat), 'response_too_large').detail, /4 MB/);
  });

  it('missing_v1 and endpoint_as_base_url name the URL to use', () => {
    const v1 = expectCode(
      diagnoseMissingV1('https://gw.example.com/v1', res(404), { ...models, url: 'https://gw.example.com/models' }),
      'missing_v1',
    );
    assert.deepEqual(v1.fixes[0], { kind: 'use_url', label: 'Use https://gw.example.com/v1', value: 'https://gw.example.com/v1' });
    const ep = expectCode(diagnoseEndpointAsBaseUrl(BASE, res(404), models), 'endpoint_as_base_url');
    assert.equal(ep.fixes[0].value, BASE);
  });

  it('ok', () => {
    const d = expectCode(diagnoseOk({ modelCount: 5, model: 'gpt-4o-mini', replyExcerpt: 'Hi' }), 'ok');
    assert.equal(d.severity, 'info');
    assert.deepEqual(d.fixes, []);
  });
});

describe('core diagnosis: network errors (undici shapes, cause chains)', () => {
  const ctx = { ...models };
  it('ENOTFOUND / EAI_AGAIN → dns_failure ("Offline")', () => {
    const d = expectCode(
      diagnoseNetworkError(
        sdkWrapped(
          undiciError('ENOTFOUND', 'getaddrinfo ENOTFOUND api.rutaapi.com', { hostname: 'api.rutaapi.com', syscall: 'getaddrinfo' }),
        ),
        ctx,
      ),
      'dns_failure',
    );
    assert.equal(d.short, 'Offline');
    assert.equal(d.evidence.networkCode, 'ENOTFOUND');
    expectCode(diagnoseNetworkError(undiciError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN api.rutaapi.com'), ctx), 'dns_failure');
  });

  it('ECONNREFUSED (also inside an AggregateError) → connection_refused', () => {
    expectCode(diagnoseNetworkError(undiciError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9'), ctx), 'connection_refused');
    const agg = Object.assign(new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:9'), { code: 'ECONNREFUSED' })], ''), {
      code: 'ECONNREFUSED',
    });
    expectCode(diagnoseNetworkError(Object.assign(new TypeError('fetch failed'), { cause: agg }), ctx), 'connection_refused');
  });

  it('TLS errors → tls_error naming the corporate proxy and VS Code proxy settings', () => {
    for (const code of [
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'SELF_SIGNED_CERT_IN_CHAIN',
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'CERT_HAS_EXPIRED',
      'ERR_TLS_CERT_ALTNAME_INVALID',
    ]) {
      const d = expectCode(diagnoseNetworkError(sdkWrapped(undiciError(code, 'self-signed certificate')), ctx), 'tls_error');
      assert.match(d.detail, /corporate proxy/);
      assert.match(d.detail, /http\.proxy\b/);
      assert.match(d.detail, /http\.proxyStrictSSL/);
      assert.match(d.detail, /http\.systemCertificates/);
      assert.equal(d.fixes[0].kind, 'open_proxy_settings');
      assert.equal(d.evidence.networkCode, code);
    }
  });

  it('proxy errors → proxy_error (407 tunnel, "proxy" in the cause, reset via a proxy)', () => {
    expectCode(
      diagnoseNetworkError(undiciError('UND_ERR_ABORTED', 'Proxy response (407) !== 200 when HTTP Tunneling'), ctx),
      'proxy_error',
    );
    expectCode(diagnoseNetworkError(undiciError('ECONNRESET', 'read ECONNRESET'), { ...ctx, viaProxy: true }), 'proxy_error');
  });

  it('ECONNRESET / UND_ERR_SOCKET → connection_reset', () => {
    expectCode(diagnoseNetworkError(undiciError('ECONNRESET', 'read ECONNRESET'), ctx), 'connection_reset');
    const terminated = Object.assign(new TypeError('terminated'), {
      cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
    });
    expectCode(diagnoseNetworkError(terminated, ctx), 'connection_reset');
  });

  it('deadline → timeout; user abort → cancelled; SDK timeout error → timeout', () => {
    const abort = Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
    const d = expectCode(diagnoseNetworkError(abort, { ...ctx, reason: 'timeout', timeoutMs: 15_000 }), 'timeout');
    assert.match(d.detail, /15 s/);
    assert.equal(d.short, 'Timeout');
    expectCode(diagnoseNetworkError(abort, { ...ctx, reason: 'cancelled' }), 'cancelled');
    expectCode(diagnoseNetworkError(Object.assign(new Error('Request timed out.'), { name: 'APIConnectionTimeoutError' }), ctx), 'timeout');
    expectCode(diagnoseNetworkError(undiciError('UND_ERR_CONNECT_TIMEOUT', 'Connect Timeout Error'), ctx), 'timeout');
  });

  it('anything else → network_error; the key is scrubbed from messages', () => {
    const d = expectCode(diagnoseNetworkError(new Error(`weird failure with ${KEY}`), ctx), 'network_error');
    assert.ok(!JSON.stringify(d).includes(KEY));
    expectCode(diagnoseNetworkError(undiciError('ENETUNREACH', 'connect ENETUNREACH'), ctx), 'network_error');
    for (const odd of [undefined, null, 42, 'text', {}, { cause: { cause: { code: 'ENOTFOUND' } } }])
      wellFormed(diagnoseNetworkError(odd, ctx));
  });

  it('collectErrorFacts walks cause chains and survives cycles', () => {
    const a: Error & { cause?: unknown } = new Error('a');
    const b: Error & { cause?: unknown; code?: string } = Object.assign(new Error('b'), { code: 'X' });
    a.cause = b;
    b.cause = a;
    const facts = collectErrorFacts(a);
    assert.deepEqual(facts.codes, ['X']);
  });
});

describe('core diagnosis: pre-flight', () => {
  const key = analyzeApiKey(KEY);
  const pre = (url: string, k = key, o = {}) => diagnosePreflight(analyzeBaseUrl(url), k, o);

  it('marketing site and dashboard → their codes with the API URL as the fix', () => {
    expectCode(pre('https://rutaapi.com') as Diagnosis, 'marketing_site');
    const d = expectCode(pre('app.rutaapi.com/billing') as Diagnosis, 'dashboard_url');
    assert.equal(d.fixes[0].value, BASE);
  });

  it('empty / unparseable Base URL → invalid_base_url', () => {
    expectCode(pre('') as Diagnosis, 'invalid_base_url');
    expectCode(pre('http://') as Diagnosis, 'invalid_base_url');
  });

  it('missing key → missing_key; impossible key → invalid_key_format', () => {
    expectCode(pre(BASE, analyzeApiKey('')) as Diagnosis, 'missing_key');
    expectCode(pre(BASE, analyzeApiKey('https://app.rutaapi.com/tokens')) as Diagnosis, 'invalid_key_format');
  });

  it('http:// to a remote host → insecure_http with confirm_insecure, unless allowed; loopback is fine', () => {
    const d = expectCode(pre('http://api.rutaapi.com/v1') as Diagnosis, 'insecure_http');
    assert.deepEqual(
      d.fixes.map((f) => f.kind),
      ['use_url', 'confirm_insecure'],
    );
    assert.equal(pre('http://api.rutaapi.com/v1', key, { allowInsecureHttp: true }), undefined);
    assert.equal(pre('http://127.0.0.1:8080/v1'), undefined);
  });

  it('chatOnly without a model → missing_model; a good setup → undefined', () => {
    expectCode(pre(BASE, key, { chatOnly: true }) as Diagnosis, 'missing_model');
    assert.equal(pre(BASE), undefined);
  });
});

describe('core diagnosis: error findings stop the request (security)', () => {
  const key = analyzeApiKey(KEY);
  const pre = (url: string, o = {}) => diagnosePreflight(analyzeBaseUrl(url), key, o);

  it('an IDN look-alike of RutaAPI → unsafe_base_url carrying the finding, even with http:// allowed', () => {
    for (const url of ['https://api.rut\u0430api.com/v1', 'https://xn--pi-6kc.rutaapi.com/v1', 'http://api.rut\u0430api.com/v1']) {
      const finding = analyzeBaseUrl(url).findings.find((f) => f.code === 'idn_host');
      const d = pre(url, { allowInsecureHttp: true });
      assert.ok(d, `${url} was allowed through`);
      expectCode(d, 'unsafe_base_url');
      assert.equal(d.severity, 'error');
      assert.ok(finding && d.detail.includes(finding.message), d.detail);
      assert.match(d.detail, /No request was sent/);
      assert.equal(d.fixes[0].kind, 'use_url');
      assert.equal(d.fixes[0].value, BASE);
    }
  });

  it('user info that looks like a host → unsafe_base_url naming the real host', () => {
    for (const url of ['https://api.rutaapi.com@gw.attacker.example/v1', 'https://api.rutaapi.com%2F@gw.attacker.example/v1']) {
      const d = pre(url);
      assert.ok(d, `${url} was allowed through`);
      expectCode(d, 'unsafe_base_url');
      assert.match(d.detail, /gw\.attacker\.example/);
    }
  });

  it('any other error finding on a usable URL or key stops too, with the finding as the detail', () => {
    const base: BaseUrlAnalysis = {
      input: 'https://gw.example.com/v\u200b1',
      normalized: 'https://gw.example.com/v\u200b1',
      asEntered: true,
      findings: [{ code: 'whitespace', severity: 'error', message: 'Invisible characters inside.' }],
    };
    const d = diagnosePreflight(base, key);
    assert.ok(d, 'an error finding was ignored');
    expectCode(d, 'invalid_base_url');
    assert.ok(d.detail.includes('Invisible characters inside.'));
    const oddKey: KeyAnalysis = {
      cleaned: KEY,
      redacted: 'sk-ru…6789',
      findings: [{ code: 'non_ascii', severity: 'error', message: 'Not ASCII.' }],
    };
    const k = diagnosePreflight(analyzeBaseUrl(BASE), oddKey);
    assert.ok(k, 'a key error finding was ignored');
    expectCode(k, 'invalid_key_format');
    assert.ok(k.detail.includes('Not ASCII.'));
    // Warnings and infos never stop a request.
    assert.equal(pre('https://api.rutaapi.co/v1'), undefined);
    assert.equal(pre('https://api.rutaapi\uff61com/v1'), undefined);
  });
});

describe('core diagnosis: server text is scrubbed before it is cut, and made inert', () => {
  /** A key without a known prefix: only the Scrubber's knowledge of it can hide it. */
  const RAW_KEY = 'Zq8vN3tL0pX7wR2yK5mB9cH4jD6fG1sA8eU3iO0n'; // 40 characters
  const windows = (s: string): string[] => Array.from({ length: s.length - 7 }, (_, i) => s.slice(i, i + 8));
  function assertNoKeyPart(text: string): void {
    for (const w of windows(RAW_KEY)) assert.ok(!text.includes(w), `part of the key (${w}) leaked: ${text}`);
  }

  it('a key echoed at offset 261 of a long message is not partly printed', () => {
    const message = `${'x'.repeat(261)}${RAW_KEY} and more text after it`;
    const ctx: DiagnosisContext = { ...models, apiKey: RAW_KEY };
    for (const d of [
      diagnoseResponse(res(401, body({ message })), ctx),
      diagnoseResponse(res(500, message, { 'content-type': 'text/plain' }), ctx),
      diagnoseNetworkError(undiciError('ECONNRESET', message.slice(70)), ctx),
    ]) {
      assertNoKeyPart(JSON.stringify(d));
    }
  });

  it('a key at the very end of a cut-off body prefix is not partly printed', () => {
    // The gateway client keeps only a prefix of the body: the key may be cut by it.
    const text = `${' '.repeat(100)}token ${RAW_KEY.slice(0, 20)}`;
    const d = diagnoseResponse(res(500, text, { 'content-type': 'text/plain' }), { ...models, apiKey: RAW_KEY });
    assertNoKeyPart(JSON.stringify(d));
    assert.ok(!JSON.stringify(d).includes(RAW_KEY.slice(0, 12)), JSON.stringify(d.evidence));
  });

  it('control characters and bidi overrides from the server never survive into a diagnosis', () => {
    const evil = 'bad \u001b[2J\u001b]52;c;aGk=\u0007 \u202egnp.exe\u200b \u009b31m';
    const headers = { 'x-request-id': `req_\u009b2J`, location: `https://gw.example.com/\u202e` };
    const withBody = body({ message: evil, code: `c\u001b[0m`, type: `t\u202e` });
    const ds = [
      diagnoseResponse(res(401, withBody, headers), models),
      diagnoseResponse(res(302, '', headers), models),
      diagnoseResponse(res(500, `<html><head><title>${evil}</title></head></html>`, { 'content-type': 'text/html' }), models),
      diagnoseContent('html', res(200, `<html><head><title>${evil}</title></head></html>`, { 'content-type': 'text/html' }), models),
      diagnoseResponse(res(404, body({ message: evil, code: 'model_not_found' })), {
        ...chat,
        model: `gpt-4o-mimi\u001b[2J`,
        models: [`gpt-4o-mini\u202e`],
      }),
      diagnoseNetworkError(undiciError('ECONNRESET', evil), models),
      diagnoseOk({ model: `gpt\u202e\u001b[2J`, replyExcerpt: 'ok' }),
    ];
    for (const d of ds) {
      // Every string a person can see: title, detail, short, evidence, fix labels (not fix values).
      const shown = [
        d.title,
        d.detail,
        d.short,
        ...Object.values(d.evidence).filter((v): v is string => typeof v === 'string'),
        ...d.fixes.map((f) => f.label),
      ];
      for (const text of shown) assert.ok(!hasInvisible(text), `${d.code}: ${JSON.stringify(text)}`);
    }
    // The model id offered as a fix keeps its exact value for the request; only the label is inert.
    const m = ds[4];
    const pick = m.fixes.find((f) => f.kind === 'pick_model' && f.value);
    assert.equal(pick?.value, `gpt-4o-mini\u202e`);
    assert.ok(!hasInvisible(pick?.label ?? ''));
  });
});

describe('core diagnosis: Retry-After and 304', () => {
  it('Retry-After is clamped to one hour and is always a finite number', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('9'.repeat(400), now), 3600);
    assert.equal(parseRetryAfter('4000', now), 3600);
    assert.equal(parseRetryAfter('3600', now), 3600);
    assert.equal(parseRetryAfter('Fri, 31 Dec 9999 23:59:59 GMT', now), 3600);
    assert.equal(parseRetryAfter(`1e400`, now), undefined);
    const d = diagnoseResponse(res(429, body({ message: 'slow down' }), { 'retry-after': '9'.repeat(400) }), chat);
    expectCode(d, 'rate_limited');
    assert.equal(d.evidence.retryAfterSeconds, 3600);
    assert.doesNotMatch(JSON.stringify(d), /Infinity|NaN/);
    assert.equal(d.fixes[0].value, '3600');
    const far = diagnoseResponse(res(503, '', { 'retry-after': 'Fri, 31 Dec 9999 23:59:59 GMT' }), { ...chat, now });
    assert.equal(far.evidence.retryAfterSeconds, 3600);
  });

  it('304 Not Modified gets its own wording, not "redirects to a location it did not name"', () => {
    const d = diagnoseResponse(res(304, ''), models);
    wellFormed(d);
    assert.doesNotMatch(d.detail, /did not name/);
    assert.doesNotMatch(d.title, /redirect/i);
    assert.match(`${d.title} ${d.detail}`, /Not Modified/);
    assert.match(d.detail, /proxy|cache/i);
    assert.ok(d.fixes.some((f) => f.kind === 'open_proxy_settings'));
  });
});

describe('core diagnosis: helpers and localisation', () => {
  afterEach(() => setTranslator(undefined));

  it('parseRetryAfter: seconds, decimals, HTTP dates, garbage', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('7', now), 7);
    assert.equal(parseRetryAfter(' 1.2 ', now), 2);
    assert.equal(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now), 30);
    assert.equal(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(null, now), undefined);
  });

  it('readErrorBody: OpenAI shape and common others', () => {
    assert.deepEqual(readErrorBody(body({ message: 'm', type: 't', code: 'c', param: 'p' })), {
      message: 'm',
      type: 't',
      code: 'c',
      param: 'p',
    });
    assert.equal(readErrorBody('{"message":"flat"}').message, 'flat');
    assert.equal(readErrorBody('{"detail":"fastapi"}').message, 'fastapi');
    assert.deepEqual(readErrorBody('<html>'), {});
  });

  it('every user-facing string goes through t()', () => {
    setTranslator((message) => `«${message}»`);
    const d = diagnoseResponse(res(401, ''), models);
    assert.match(d.title, /^«.*»$/);
    assert.match(d.detail, /^«/);
    assert.ok(d.fixes.every((f) => /^«.*»$/.test(f.label)));
  });

  it('every code of the minimum vocabulary is reachable', () => {
    const all: DiagnosisCode[] = [
      'ok',
      'invalid_base_url',
      'marketing_site',
      'dashboard_url',
      'endpoint_as_base_url',
      'missing_v1',
      'insecure_http',
      'html_response',
      'redirect',
      'unauthorized',
      'key_platform_mismatch',
      'forbidden',
      'insufficient_credits',
      'path_not_found',
      'model_not_found',
      'rate_limited',
      'upstream_unavailable',
      'server_error',
      'timeout',
      'dns_failure',
      'connection_refused',
      'tls_error',
      'proxy_error',
      'no_models',
      'invalid_response',
      'invalid_key_format',
      'cancelled',
      'missing_key',
      'missing_model',
      'response_too_large',
      'connection_reset',
      'network_error',
      'request_rejected',
      'unsafe_base_url',
    ];
    const missing = all.filter((c) => !reached.has(c));
    assert.deepEqual(missing, []);
  });
});
