// Gateway discovery, request ids, the key's records and the display-unit conversion
// (core/gatewayAccount), with new-api's exact answers (../shared/gateway/NEW-API-FACTS.md).
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { clearDiscoveryCache, dashboardLinks, discoverGateway, displayUnitOf, parseStatus } from '../../src/core/gatewayAccount/discovery';
import { requestIdInMessage, requestIdOf } from '../../src/core/gatewayAccount/requestId';
import { figuresFromTokenUsage, keyStateOf, parseTokenUsage } from '../../src/core/gatewayAccount/tokenUsage';
import { figuresFromBilling, parseSubscription, parseUsage } from '../../src/core/gatewayAccount/billing';
import { billingToDisplay, quotaToDisplay, USD_DISPLAY } from '../../src/core/gatewayAccount/units';
import type { GatewayStatus } from '../../src/core/gatewayAccount/types';

const status = (data: Record<string, unknown>): GatewayStatus => parseStatus({ success: true, data }) as GatewayStatus;

describe('gateway discovery: /api/status and dashboard links', () => {
  afterEach(() => clearDiscoveryCache());

  it('reads theme, system name, server address and the display unit', () => {
    const s = status({
      theme: 'default',
      system_name: 'RutaAPI',
      server_address: 'https://app.rutaapi.com/',
      quota_per_unit: 500000,
      quota_display_type: 'USD',
    });
    assert.deepEqual(s, {
      theme: 'default',
      systemName: 'RutaAPI',
      serverAddress: 'https://app.rutaapi.com',
      display: { unit: 'USD', quotaPerUnit: 500000, exchangeRate: 1 },
    });
    assert.equal(parseStatus({ success: false, message: 'x' }), null);
    assert.equal(parseStatus({ object: 'list', data: [] }), null);
    assert.equal(parseStatus('<html>'), null);
    assert.equal(status({ theme: 'neon', server_address: 'javascript:alert(1)' }).theme, null);
    assert.equal(status({ server_address: 'javascript:alert(1)' }).serverAddress, null);
    assert.equal(status({ server_address: 'https://user:pw@evil.example' }).serverAddress, null);
    assert.equal(status({ server_address: 'not a url' }).serverAddress, null);
  });

  it('dashboard paths follow the theme; the origin is server_address', () => {
    assert.deepEqual(
      dashboardLinks('https://api.rutaapi.com/v1', status({ theme: 'default', server_address: 'https://app.rutaapi.com' })),
      {
        theme: 'default',
        keys: 'https://app.rutaapi.com/keys',
        topUp: 'https://app.rutaapi.com/wallet',
        usage: 'https://app.rutaapi.com/usage-logs',
      },
    );
    assert.deepEqual(
      dashboardLinks('https://api.rutaapi.com/v1', status({ theme: 'classic', server_address: 'https://console.rutaapi.com' })),
      {
        theme: 'classic',
        keys: 'https://console.rutaapi.com/console/token',
        topUp: 'https://console.rutaapi.com/console/topup',
        usage: 'https://console.rutaapi.com/console/log',
      },
    );
  });

  it('without server_address: RutaAPI hosts get app.rutaapi.com, another new-api its own origin; no theme means classic', () => {
    assert.equal(dashboardLinks('https://api.rutaapi.com/v1', status({ theme: 'default' }))?.keys, 'https://app.rutaapi.com/keys');
    assert.deepEqual(dashboardLinks('https://gw.example.com/v1', status({})), {
      theme: null,
      keys: 'https://gw.example.com/console/token',
      topUp: 'https://gw.example.com/console/topup',
      usage: 'https://gw.example.com/console/log',
    });
  });

  it("without a status answer: RutaAPI gets its classic pages, any other gateway none (never RutaAPI's)", () => {
    assert.deepEqual(dashboardLinks('https://api.rutaapi.com/v1', null), {
      theme: null,
      keys: 'https://app.rutaapi.com/console/token',
      topUp: 'https://app.rutaapi.com/console/topup',
      usage: 'https://app.rutaapi.com/console/log',
    });
    assert.equal(dashboardLinks('https://api.openai.com/v1', null), null);
    assert.equal(dashboardLinks('http://127.0.0.1:8080/v1', undefined), null);
    assert.equal(dashboardLinks('not a url', null), null);
  });

  it('asks once per origin, without the key, in English; answers are cached for the session', async () => {
    const seen: Array<{ url: string; headers: Headers; redirect?: RequestRedirect }> = [];
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      seen.push({ url: String(input), headers: new Headers(init?.headers), redirect: init?.redirect });
      return new Response(JSON.stringify({ success: true, data: { theme: 'default' } }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    }) as typeof globalThis.fetch;
    const [a, b] = await Promise.all([
      discoverGateway('https://gw.example.com', { fetch }),
      discoverGateway('https://gw.example.com', { fetch }),
    ]);
    await discoverGateway('https://gw.example.com', { fetch });
    assert.equal(a?.theme, 'default');
    assert.equal(b, a);
    assert.equal(seen.length, 1);
    assert.equal(seen[0].url, 'https://gw.example.com/api/status');
    assert.equal(seen[0].headers.get('authorization'), null);
    assert.equal(seen[0].headers.get('accept-language'), 'en');
    assert.equal(seen[0].redirect, 'manual');
  });

  it('a gateway without /api/status (404, a web page) is cached as null; a network failure is asked again', async () => {
    let calls = 0;
    const notFound = (async () => {
      calls++;
      return new Response('<html>not found</html>', { status: 404 });
    }) as typeof globalThis.fetch;
    assert.equal(await discoverGateway('https://plain.example.com', { fetch: notFound }), null);
    assert.equal(await discoverGateway('https://plain.example.com', { fetch: notFound }), null);
    assert.equal(calls, 1);
    let failures = 0;
    const broken = (async () => {
      failures++;
      throw new TypeError('fetch failed');
    }) as typeof globalThis.fetch;
    assert.equal(await discoverGateway('https://down.example.com', { fetch: broken }), null);
    assert.equal(await discoverGateway('https://down.example.com', { fetch: broken }), null);
    assert.equal(failures, 2);
  });

  it('gives up within its budget when the gateway never answers', async () => {
    const hang = (() => new Promise<Response>(() => undefined)) as typeof globalThis.fetch;
    assert.equal(await discoverGateway('https://slow.example.com', { fetch: hang, timeoutMs: 5 }), null);
    let asked = 0;
    const answering = (async () => {
      asked++;
      return new Response(JSON.stringify({ success: true, data: { theme: 'classic' } }), { status: 200 });
    }) as typeof globalThis.fetch;
    assert.equal((await discoverGateway('https://slow.example.com', { fetch: answering }))?.theme, 'classic');
    assert.equal(asked, 1, 'a timeout is not cached: the next check asks again');
  });
});

describe('request ids', () => {
  it('x-request-id, then X-Oneapi-Request-Id, then X-Upstream-Request-Id, then the message suffix', () => {
    const all = new Headers({ 'x-request-id': 'a', 'x-oneapi-request-id': 'b', 'x-upstream-request-id': 'c' });
    assert.equal(requestIdOf(all, 'x (request id: d)'), 'a');
    assert.equal(requestIdOf(new Headers({ 'X-Oneapi-Request-Id': 'b', 'x-upstream-request-id': 'c' }), 'x (request id: d)'), 'b');
    assert.equal(requestIdOf(new Headers({ 'x-upstream-request-id': 'c' }), 'x (request id: d)'), 'c');
    assert.equal(requestIdOf(new Headers(), 'Invalid token (request id: 2025061012345678abcd)'), '2025061012345678abcd');
    assert.equal(requestIdOf({ 'X-Oneapi-Request-Id': 'rec' }), 'rec');
    assert.equal(requestIdOf(new Headers(), 'no id here'), undefined);
  });

  it('reads the suffix in Chinese messages and takes the last one', () => {
    assert.equal(requestIdInMessage('无效的令牌 (request id: 20250610abc)'), '20250610abc');
    assert.equal(requestIdInMessage('upstream said (request id: up1) (request id: ours2)'), 'ours2');
  });
});

describe('display units', () => {
  it('raw quota → USD, CNY, TOKENS and a custom currency, as new-api computes them', () => {
    assert.equal(quotaToDisplay(1_605_000, USD_DISPLAY), 3.21);
    const cny = displayUnitOf({ quota_per_unit: 500000, quota_display_type: 'CNY', usd_exchange_rate: 7.3 });
    assert.deepEqual(cny, { unit: 'CNY', quotaPerUnit: 500000, exchangeRate: 7.3 });
    assert.equal(quotaToDisplay(500_000, cny), 7.3);
    const tokens = displayUnitOf({ quota_display_type: 'TOKENS' });
    assert.equal(quotaToDisplay(1_605_000, tokens), 1_605_000);
    const custom = displayUnitOf({ quota_display_type: 'CUSTOM', custom_currency_symbol: '¤', custom_currency_exchange_rate: 2 });
    assert.equal(custom.unit, '¤');
    assert.equal(quotaToDisplay(500_000, custom), 2);
    assert.equal(displayUnitOf({ display_in_currency: false }).unit, 'TOKENS');
    assert.equal(displayUnitOf({}).unit, 'USD');
  });

  it('billing amounts are already in the display unit, except CUSTOM (in USD there)', () => {
    assert.equal(billingToDisplay(20, USD_DISPLAY), 20);
    assert.equal(billingToDisplay(146, displayUnitOf({ quota_display_type: 'CNY', usd_exchange_rate: 7.3 })), 146);
    assert.equal(billingToDisplay(3, displayUnitOf({ quota_display_type: 'CUSTOM', custom_currency_exchange_rate: 2 })), 6);
  });
});

describe("the key's record (/api/usage/token/) and figures (/v1/dashboard/billing/*)", () => {
  const body = (data: Record<string, unknown>) => ({
    code: true,
    message: 'ok',
    data: {
      object: 'token_usage',
      name: 'k',
      total_granted: 5_000_000,
      total_used: 5_000_000,
      total_available: 0,
      unlimited_quota: false,
      model_limits: {},
      model_limits_enabled: false,
      expires_at: 0,
      ...data,
    },
  });
  const NOW = Date.parse('2025-06-01T00:00:00Z');

  it('exhausted, expired (the date wins) and disabled', () => {
    assert.equal(keyStateOf(parseTokenUsage(body({}))!, NOW), 'exhausted');
    assert.equal(keyStateOf(parseTokenUsage(body({ total_available: 2_500_000, expires_at: 1_704_067_200 }))!, NOW), 'expired');
    assert.equal(keyStateOf(parseTokenUsage(body({ total_available: 2_500_000 }))!, NOW), 'disabled');
    assert.equal(keyStateOf(parseTokenUsage(body({ unlimited_quota: true, total_available: 0 }))!, NOW), 'disabled');
    assert.equal(keyStateOf(parseTokenUsage(body({ total_available: 1, expires_at: 1_893_456_000 }))!, NOW), 'disabled');
    assert.equal(parseTokenUsage({ success: false, message: 'Invalid token' }), undefined);
  });

  it('figures in the display unit, with the model limits and the expiry', () => {
    const usage = parseTokenUsage(
      body({
        name: 'vscode',
        total_granted: 10_000_000,
        total_used: 3_750_000,
        total_available: 6_250_000,
        expires_at: 1_893_456_000,
        model_limits_enabled: true,
        model_limits: { 'gpt-4o-mini': true, 'deepseek-chat': true },
      }),
    )!;
    assert.deepEqual(figuresFromTokenUsage(usage, USD_DISPLAY), {
      keyName: 'vscode',
      unlimited: false,
      granted: 20,
      used: 7.5,
      available: 12.5,
      unit: 'USD',
      expiresAt: '2030-01-01T00:00:00.000Z',
      models: ['gpt-4o-mini', 'deepseek-chat'],
    });
  });

  it('billing: a limited key, an unlimited key, error answers sent as HTTP 200', () => {
    const limited = parseSubscription({
      object: 'billing_subscription',
      has_payment_method: true,
      soft_limit_usd: 20,
      hard_limit_usd: 20,
      system_hard_limit_usd: 20,
      access_until: 1_893_456_000,
    })!;
    assert.deepEqual(figuresFromBilling(limited, parseUsage({ object: 'list', total_usage: 750 }), USD_DISPLAY), {
      keyName: null,
      unlimited: false,
      granted: 20,
      used: 7.5,
      available: 12.5,
      unit: 'USD',
      expiresAt: '2030-01-01T00:00:00.000Z',
      models: null,
    });
    const unlimited = parseSubscription({ object: 'billing_subscription', hard_limit_usd: 100000000, access_until: 0 })!;
    assert.deepEqual(figuresFromBilling(unlimited, parseUsage({ object: 'list', total_usage: 321 }), USD_DISPLAY), {
      keyName: null,
      unlimited: true,
      granted: null,
      used: 3.21,
      available: null,
      unit: 'USD',
      expiresAt: null,
      models: null,
    });
    assert.equal(parseSubscription({ error: { message: 'x', type: 'upstream_error' } }), undefined);
    assert.equal(parseUsage({ error: { message: 'x' } }), undefined);
  });
});

describe('the key figures are sane or unknown (issue 22: Infinity, negative, 1e301 amounts)', () => {
  const CUSTOM = { unit: 'PTS', quotaPerUnit: 500_000, exchangeRate: 1e300 };
  const sane = (v: number | null) => v === null || (Number.isFinite(v) && v >= 0 && v <= 1e15);
  const allSane = (a: { granted: number | null; used: number | null; available: number | null }) =>
    sane(a.granted) && sane(a.used) && sane(a.available);

  it('a custom rate of 1e300: unknown, not 1.5000000000000003e+301', () => {
    const a = figuresFromBilling({ limit: 15, accessUntil: 0 }, 2, CUSTOM);
    assert.deepEqual([a.granted, a.used, a.available], [null, null, null]);
  });

  it('a negative grant and use: unknown, not "0.00 USD left of -5.00 USD (-2.50 USD used)"', () => {
    const sub = parseSubscription({ object: 'billing_subscription', hard_limit_usd: -5, access_until: 0 });
    const a = figuresFromBilling(sub!, parseUsage({ object: 'list', total_usage: -250 }), USD_DISPLAY);
    assert.deepEqual([a.granted, a.used, a.available], [null, null, null]);
  });

  it('amounts that overflow when rounded (1e303): unknown, not Infinity', () => {
    const a = figuresFromBilling({ limit: 99_000_000, accessUntil: 0 }, 1e303, USD_DISPLAY);
    assert.equal(a.used, null);
    const usage = parseTokenUsage({
      code: true,
      data: { object: 'token_usage', total_granted: 1e308, total_used: 1e308, total_available: 1e308, unlimited_quota: false },
    });
    const b = figuresFromTokenUsage(usage!, { unit: 'TOKENS', quotaPerUnit: 500_000, exchangeRate: 1 });
    assert.deepEqual([b.granted, b.used, b.available], [null, null, null]);
  });

  it('any numbers from the billing endpoints and /api/usage/token/, any display rate: every figure finite, ≥ 0 and sane, or null', () => {
    const n = fc.oneof(fc.double(), fc.constantFrom(Infinity, -Infinity, NaN, 1e300, -1e300, 1e308, 0, -0.01));
    const display = fc.record({
      unit: fc.constantFrom('USD', 'CNY', 'TOKENS', 'PTS'),
      quotaPerUnit: fc.oneof(fc.double({ min: 1e-300, max: 1e300 }), fc.constant(500_000)),
      exchangeRate: fc.oneof(fc.double({ min: 1e-300, max: 1e300 }), fc.constant(1)),
    });
    fc.assert(
      fc.property(n, n, n, n, display, (limit, used, granted, available, d) => {
        const sub = parseSubscription({ hard_limit_usd: limit, access_until: 0 });
        if (sub) assert.ok(allSane(figuresFromBilling(sub, parseUsage({ total_usage: used }), d)));
        const usage = parseTokenUsage({ code: true, data: { total_granted: granted, total_used: used, total_available: available } });
        if (usage) assert.ok(allSane(figuresFromTokenUsage(usage, d)));
      }),
      { seed: 0x22_10, numRuns: 3000 },
    );
  });

  it('model ids: a bounded list of bounded ids', () => {
    const usage = parseTokenUsage({
      code: true,
      data: {
        total_granted: 1,
        total_used: 0,
        total_available: 1,
        model_limits_enabled: true,
        model_limits: ['gpt-4o', 'x'.repeat(5000), ...Array.from({ length: 5000 }, (_, i) => `m${i}`)],
      },
    });
    assert.ok(usage!.models!.length <= 1000);
    assert.ok(usage!.models!.every((m) => m.length <= 200));
    assert.equal(usage!.models![0], 'gpt-4o');
  });
});
