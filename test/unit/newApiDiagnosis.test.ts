// new-api's exact answers (RutaAPI's gateway) get their exact causes, in English and in Chinese,
// and the dashboard fixes carry the gateway's own pages (never /tokens or /billing).
import { strict as assert } from 'node:assert';
import { diagnoseKeyState, diagnosePreflight, diagnoseResponse, type DiagnosisContext, type ResponseFacts } from '../../src/core/diagnosis';
import { keyStateOf, parseTokenUsage } from '../../src/core/gatewayAccount/tokenUsage';
import { analyzeApiKey } from '../../src/core/apiKey';
import { analyzeBaseUrl } from '../../src/core/baseUrl';
import type { DashboardLinks } from '../../src/core/gatewayAccount/types';
import type { Diagnosis } from '../../src/core/types';

const KEY = 'sk-ruta-unit-test-secret-0123456789';
const BASE = 'https://api.rutaapi.com/v1';
const ID = '20250610123456789abcdef01';
const LISTED = ['gpt-4o-mini', 'gpt-4.1', 'claude-3-5-sonnet-20241022', 'deepseek-chat'];
const DEFAULT_LINKS: DashboardLinks = {
  theme: 'default',
  keys: 'https://app.rutaapi.com/keys',
  topUp: 'https://app.rutaapi.com/wallet',
  usage: 'https://app.rutaapi.com/usage-logs',
};
const chat = (model: string, extra: Partial<DiagnosisContext> = {}): DiagnosisContext => ({
  step: 'chat',
  baseUrl: BASE,
  url: `${BASE}/chat/completions`,
  apiKey: KEY,
  model,
  models: LISTED,
  ...extra,
});

/** new-api's error body (middleware/utils.go abortWithOpenAiMessage) and its only request-id header. */
function newApi(status: number, message: string, code = ''): ResponseFacts {
  return {
    status,
    bodyText: JSON.stringify({ error: { message: `${message} (request id: ${ID})`, type: 'new_api_error', param: '', code } }),
    headers: { 'X-Oneapi-Request-Id': ID, 'content-type': 'application/json; charset=utf-8' },
  };
}
const kinds = (d: Diagnosis) => d.fixes.map((f) => f.kind);
const fix = (d: Diagnosis, kind: string) => d.fixes.find((f) => f.kind === kind);

describe('new-api answers: exact causes', () => {
  it('every diagnosis reads the request id from X-Oneapi-Request-Id', () => {
    assert.equal(diagnoseResponse(newApi(401, 'Invalid token'), { step: 'models', baseUrl: BASE, apiKey: KEY }).evidence.requestId, ID);
    const noHeader = { ...newApi(401, '无效的令牌'), headers: { 'content-type': 'application/json' } };
    assert.equal(
      diagnoseResponse(noHeader, { step: 'models', baseUrl: BASE, apiKey: KEY }).evidence.requestId,
      ID,
      'from the message suffix',
    );
  });

  it("403 pre_consume_token_quota_failed → key_quota_too_low (the key's limit, not the wallet)", () => {
    const d = diagnoseResponse(
      newApi(403, 'token quota is not enough, token remain quota: ＄0.002400, need quota: ＄0.009600', 'pre_consume_token_quota_failed'),
      chat('gpt-4o-mini', { dashboard: DEFAULT_LINKS }),
    );
    assert.equal(d.code, 'key_quota_too_low');
    assert.deepEqual(kinds(d), ['open_tokens', 'edit_key']);
    assert.equal(fix(d, 'open_tokens')?.value, 'https://app.rutaapi.com/keys');
    assert.match(d.detail, /not your account balance/);
  });

  it('403 insufficient_user_quota (hard-coded Chinese) stays insufficient_credits, with the top-up page', () => {
    const d = diagnoseResponse(
      newApi(403, '用户额度不足, 剩余额度: ＄0.000000', 'insufficient_user_quota'),
      chat('gpt-4o-mini', { dashboard: DEFAULT_LINKS }),
    );
    assert.equal(d.code, 'insufficient_credits');
    assert.equal(fix(d, 'open_billing')?.value, 'https://app.rutaapi.com/wallet');
    assert.equal(fix(d, 'open_dashboard')?.value, 'https://app.rutaapi.com/');
  });

  for (const [lang, message] of [
    ['en', 'This token has no access to model gpt-4.1'],
    ['zh', '该令牌无权访问模型 gpt-4.1'],
  ] as const) {
    it(`403 "no access to model X" (${lang}) → model_not_allowed naming the models the key may use`, () => {
      const d = diagnoseResponse(newApi(403, message), chat('gpt-4.1', { models: ['gpt-4o-mini', 'deepseek-chat'] }));
      assert.equal(d.code, 'model_not_allowed');
      assert.match(d.detail, /"gpt-4\.1" is not one of them\. Models this key may use: gpt-4o-mini, deepseek-chat\./);
      assert.deepEqual(kinds(d), ['pick_model', 'pick_model', 'open_tokens']);
      assert.equal(fix(d, 'open_tokens')?.value, 'https://app.rutaapi.com/console/token', "RutaAPI's classic page without a status answer");
    });
  }

  it('403 "no access to any models" → model_not_allowed without a model to offer', () => {
    const d = diagnoseResponse(newApi(403, 'This token has no access to any models'), chat('gpt-4o-mini', { models: [] }));
    assert.equal(d.code, 'model_not_allowed');
    assert.deepEqual(kinds(d), ['open_tokens']);
  });

  for (const [lang, message] of [
    ['en', 'No available channel for model claude-3-5-sonnet-20241022 under group default (distributor)'],
    ['zh', '分组 default 下模型 claude-3-5-sonnet-20241022 无可用渠道（distributor）'],
  ] as const) {
    it(`503 model_not_found for a listed model (${lang}) → model_unavailable offering the other listed models`, () => {
      const d = diagnoseResponse(newApi(503, message, 'model_not_found'), chat('claude-3-5-sonnet-20241022'));
      assert.equal(d.code, 'model_unavailable');
      assert.equal(d.severity, 'warning');
      assert.match(d.detail, /is listed for this key, but the gateway has no route/);
      assert.match(d.detail, /gpt-4o-mini, gpt-4\.1, deepseek-chat/);
      const picks = d.fixes.filter((f) => f.kind === 'pick_model').map((f) => f.value);
      assert.equal(picks.length, 3);
      assert.ok(!picks.includes('claude-3-5-sonnet-20241022'));
      assert.ok(kinds(d).includes('retry'));
    });
  }

  it('503 model_not_found for a model the key does not list is still model_not_found (with the closest id)', () => {
    const d = diagnoseResponse(
      newApi(503, 'No available channel for model gpt-4o-mimi under group default (distributor)', 'model_not_found'),
      chat('gpt-4o-mimi'),
    );
    assert.equal(d.code, 'model_not_found');
    assert.equal(d.fixes[0].value, 'gpt-4o-mini');
  });

  it("401 Invalid token in Chinese is still unauthorized, with RutaAPI's key page", () => {
    const d = diagnoseResponse(newApi(401, '无效的令牌'), { step: 'models', baseUrl: BASE, apiKey: KEY });
    assert.equal(d.code, 'unauthorized');
    assert.equal(fix(d, 'open_tokens')?.value, 'https://app.rutaapi.com/console/token');
  });
});

describe("new-api 401: the key's record decides", () => {
  const NOW = Date.parse('2025-06-01T00:00:00Z');
  const record = (data: Record<string, unknown>) =>
    parseTokenUsage({
      code: true,
      message: 'ok',
      data: {
        object: 'token_usage',
        name: 'k',
        total_granted: 5_000_000,
        total_used: 0,
        total_available: 5_000_000,
        unlimited_quota: false,
        model_limits: {},
        model_limits_enabled: false,
        expires_at: 0,
        ...data,
      },
    })!;
  const ctx: DiagnosisContext = { step: 'models', baseUrl: BASE, url: `${BASE}/models`, apiKey: KEY, dashboard: DEFAULT_LINKS };
  const facts = newApi(401, 'Invalid token');

  it('key_exhausted', () => {
    const usage = record({ total_used: 5_000_000, total_available: 0 });
    const d = diagnoseKeyState(keyStateOf(usage, NOW), usage, facts, ctx);
    assert.equal(d.code, 'key_exhausted');
    assert.equal(fix(d, 'open_tokens')?.value, 'https://app.rutaapi.com/keys');
    assert.equal(d.evidence.requestId, ID);
  });

  it('key_expired names the date', () => {
    const usage = record({ expires_at: 1_704_067_200 });
    const d = diagnoseKeyState(keyStateOf(usage, NOW), usage, facts, ctx);
    assert.equal(d.code, 'key_expired');
    assert.match(d.title, /expired on 2024-01-01/);
    assert.match(d.detail, /2024-01-01 \(UTC\)/);
  });

  it('key_disabled', () => {
    const usage = record({});
    const d = diagnoseKeyState(keyStateOf(usage, NOW), usage, facts, ctx);
    assert.equal(d.code, 'key_disabled');
    assert.deepEqual(kinds(d), ['open_tokens', 'edit_key']);
  });
});

describe('dashboard fixes', () => {
  it("a gateway without dashboard links gets no dashboard fixes (never RutaAPI's)", () => {
    const other = 'https://gw.example.com/v1';
    const d = diagnoseResponse(
      { status: 402, bodyText: '{"error":{"message":"Payment required"}}' },
      { step: 'models', baseUrl: other, apiKey: KEY },
    );
    assert.equal(d.code, 'insufficient_credits');
    assert.deepEqual(kinds(d), []);
    const withLinks = diagnoseResponse(
      { status: 402, bodyText: '' },
      {
        step: 'models',
        baseUrl: other,
        apiKey: KEY,
        dashboard: {
          theme: 'classic',
          keys: 'https://gw.example.com/console/token',
          topUp: 'https://gw.example.com/console/topup',
          usage: 'https://gw.example.com/console/log',
        },
      },
    );
    assert.deepEqual(
      withLinks.fixes.map((f) => [f.kind, f.value]),
      [
        ['open_billing', 'https://gw.example.com/console/topup'],
        ['open_dashboard', 'https://gw.example.com/'],
      ],
    );
  });

  it('no fix points at the pages that do not exist (/tokens, /billing)', () => {
    const texts = [
      diagnoseResponse({ status: 401, bodyText: '' }, { step: 'models', baseUrl: BASE, apiKey: KEY }),
      diagnoseResponse({ status: 402, bodyText: '' }, { step: 'models', baseUrl: BASE, apiKey: KEY }),
      diagnosePreflight(analyzeBaseUrl('app.rutaapi.com/billing'), analyzeApiKey(KEY)) as Diagnosis,
    ].map((d) => JSON.stringify(d.fixes));
    for (const text of texts) assert.ok(!/\/tokens\b|\/billing\b/.test(text), text);
  });
});
