// The sandbox as new-api (RutaAPI's gateway) and the product against it: exact causes, request
// ids, dashboard links by theme, the key's figures, and the budget of the rate-limited
// /api/usage/token/ (never on success, at most once per failed check).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { TOKEN_USAGE_WINDOW_MS } from '../../src/sandbox/newApi';
import { verify } from '../../src/core/verify';
import { readAccount } from '../../src/core/gateway';
import { runNode } from '../support/runNode';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the parsed --json contract, read field by field
type DoctorJson = Record<string, any>;

const ROOT = join(__dirname, '..', '..');
const key = (scenario: string): string => `sk-ruta-sandbox-${scenario}-${randomBytes(10).toString('hex')}`;

describe('sandbox as new-api', function () {
  this.timeout(30_000);
  let clock = Date.parse('2025-06-01T00:00:00Z');
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox({ now: () => clock });
  });
  after(() => sandbox.close());

  it('new-api scenarios send only X-Oneapi-Request-Id and new_api_error bodies; Chinese unless Accept-Language: en', async () => {
    const zh = await fetch(`${sandbox.baseUrl}/models`, { headers: { authorization: `Bearer ${key('expired')}` } });
    assert.equal(zh.status, 401);
    assert.equal(zh.headers.get('x-request-id'), null);
    const id = zh.headers.get('x-oneapi-request-id');
    assert.ok(id);
    assert.deepEqual(await zh.json(), { error: { message: `无效的令牌 (request id: ${id})`, type: 'new_api_error', param: '', code: '' } });
    const en = await fetch(`${sandbox.baseUrl}/models`, {
      headers: { authorization: `Bearer ${key('expired')}`, 'accept-language': 'en' },
    });
    assert.match(((await en.json()) as { error: { message: string } }).error.message, /^Invalid token \(request id: /);
    const old = await fetch(`${sandbox.baseUrl}/models`, { headers: { authorization: `Bearer ${key('ok')}` } });
    assert.match(old.headers.get('x-request-id') ?? '', /^req_/, 'the old scenarios keep x-request-id');
    await old.arrayBuffer();
  });

  it('GET /api/status answers without a key; the theme is switchable; theme none has no /api/status', async () => {
    const status = (await (await fetch(`${sandbox.origin}/api/status`)).json()) as { success: boolean; data: Record<string, unknown> };
    assert.equal(status.success, true);
    assert.equal(status.data.theme, 'classic');
    assert.equal(status.data.server_address, sandbox.origin);
    const other = await startSandbox({ theme: 'default' });
    const none = await startSandbox({ theme: 'none' });
    try {
      assert.equal(((await (await fetch(`${other.origin}/api/status`)).json()) as { data: { theme: string } }).data.theme, 'default');
      const missing = await fetch(`${none.origin}/api/status`);
      assert.equal(missing.status, 404);
      await missing.arrayBuffer();
    } finally {
      await other.close();
      await none.close();
    }
  });

  it('/api/usage/token/: 20 per 20 minutes, then 429 with an empty body (fake clock)', async () => {
    const s = await startSandbox({ now: () => clock });
    try {
      const get = () => fetch(`${s.origin}/api/usage/token/`, { headers: { authorization: `Bearer ${key('limited')}` } });
      for (let i = 0; i < 20; i++) {
        const r = await get();
        assert.equal(r.status, 200);
        await r.arrayBuffer();
      }
      const limited = await get();
      assert.equal(limited.status, 429);
      assert.equal(await limited.text(), '');
      clock += TOKEN_USAGE_WINDOW_MS;
      const again = await get();
      assert.equal(again.status, 200);
      assert.equal(((await again.json()) as { data: { total_available: number } }).data.total_available, 6_250_000);
      const unknown = await fetch(`${s.origin}/api/usage/token/`, {
        headers: { authorization: 'Bearer sk-unknown-key-0123456789', 'accept-language': 'en' },
      });
      assert.equal(unknown.status, 401);
      assert.deepEqual(await unknown.json(), { success: false, message: 'Invalid token' });
    } finally {
      await s.close();
    }
  });
});

describe('verify() against the new-api sandbox', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(() => sandbox.close());

  const cases: Array<[scenario: string, model: string | undefined, code: string]> = [
    ['unlimited', 'gpt-4o-mini', 'ok'],
    ['limited', 'gpt-4o-mini', 'ok'],
    ['exhausted', undefined, 'key_exhausted'],
    ['expired', undefined, 'key_expired'],
    ['disabled', undefined, 'key_disabled'],
    ['invalid', undefined, 'unauthorized'],
    ['wallet', 'gpt-4o-mini', 'insufficient_credits'],
    ['keylimit', 'gpt-4o-mini', 'key_quota_too_low'],
    ['modellimit', 'gpt-4.1', 'model_not_allowed'],
    ['nochannel', 'claude-3-5-sonnet-20241022', 'model_unavailable'],
  ];
  for (const [scenario, model, code] of cases) {
    it(`${scenario} → ${code}; /api/usage/token/ ${code === 'ok' ? 'never' : 'at most once'}`, async () => {
      const k = key(scenario);
      const before = sandbox.stats.tokenUsageRequests;
      const result = await verify({ apiKey: k, baseUrl: sandbox.baseUrl, model, timeoutMs: 5000 });
      assert.equal(result.diagnosis.code, code, result.diagnosis.detail);
      const used = sandbox.stats.tokenUsageRequests - before;
      if (code === 'ok') assert.equal(used, 0, 'a successful check never reads /api/usage/token/');
      else assert.ok(used <= 1, `${used} reads of /api/usage/token/`);
      if (code.startsWith('key_exhausted') || code === 'key_expired' || code === 'key_disabled') assert.equal(used, 1);
      const last = result.steps[result.steps.length - 1];
      assert.match(last.requestId ?? '', /^\d{17}[0-9a-f]{8}$/, 'the id from X-Oneapi-Request-Id');
      if (code !== 'ok') {
        assert.equal(result.diagnosis.evidence.requestId, last.requestId);
        assert.deepEqual(result.dashboard, {
          theme: 'classic',
          keys: `${sandbox.origin}/console/token`,
          topUp: `${sandbox.origin}/console/topup`,
          usage: `${sandbox.origin}/console/log`,
        });
        for (const f of result.diagnosis.fixes) if (f.kind === 'open_tokens') assert.equal(f.value, `${sandbox.origin}/console/token`);
        for (const f of result.diagnosis.fixes) if (f.kind === 'open_billing') assert.equal(f.value, `${sandbox.origin}/console/topup`);
      }
      assert.ok(!JSON.stringify({ ...result, key: result.key.redacted }).includes(k.slice(-20)), 'the key leaked');
    });
  }

  it("the key's record comes with a key_* verdict: key_expired names 2024-01-01 and carries the figures", async () => {
    const result = await verify({ apiKey: key('expired'), baseUrl: sandbox.baseUrl, timeoutMs: 5000 });
    assert.match(result.diagnosis.title, /2024-01-01/);
    assert.deepEqual(result.account, {
      keyName: 'sandbox-expired',
      unlimited: false,
      granted: 6,
      used: 1,
      available: 5,
      unit: 'USD',
      expiresAt: '2024-01-01T00:00:00.000Z',
      models: null,
    });
  });

  it('model_not_allowed names the models the key may use; model_unavailable offers the other listed ones', async () => {
    const limited = await verify({ apiKey: key('modellimit'), baseUrl: sandbox.baseUrl, model: 'gpt-4.1', timeoutMs: 5000 });
    assert.match(limited.diagnosis.detail, /Models this key may use: gpt-4o-mini, deepseek-chat/);
    const route = await verify({
      apiKey: key('nochannel'),
      baseUrl: sandbox.baseUrl,
      model: 'claude-3-5-sonnet-20241022',
      timeoutMs: 5000,
    });
    assert.deepEqual(route.diagnosis.fixes.filter((f) => f.kind === 'pick_model').map((f) => f.value).length, 3);
    const other = await verify({ apiKey: key('nochannel'), baseUrl: sandbox.baseUrl, model: 'gpt-4o-mini', timeoutMs: 5000 });
    assert.equal(other.ok, true, 'the other listed models work');
  });

  it('every API request says Accept-Language: en; discovery carries no key', async () => {
    const seen: Array<{ path: string; lang?: string; auth?: string }> = [];
    const s = await startSandbox({
      onRequest: (r) =>
        seen.push({ path: r.path, lang: r.headers['accept-language'] as string | undefined, auth: r.headers.authorization }),
    });
    try {
      await verify({ apiKey: key('exhausted'), baseUrl: s.baseUrl, timeoutMs: 5000 });
      for (const r of seen) assert.equal(r.lang, 'en', r.path);
      const status = seen.filter((r) => r.path === '/api/status');
      assert.equal(status.length, 1);
      assert.equal(status[0].auth, undefined);
      assert.deepEqual(
        seen.filter((r) => r.path !== '/api/status').map((r) => r.path),
        ['/v1/models', '/api/usage/token/'],
      );
    } finally {
      await s.close();
    }
  });

  it('a gateway without /api/status (not RutaAPI) gets no dashboard links and no dashboard fixes', async () => {
    const s = await startSandbox({ theme: 'none' });
    try {
      const result = await verify({ apiKey: key('wallet'), baseUrl: s.baseUrl, model: 'gpt-4o-mini', timeoutMs: 5000 });
      assert.equal(result.diagnosis.code, 'insufficient_credits');
      assert.equal(result.dashboard, null);
      assert.ok(!result.diagnosis.fixes.some((f) => f.kind === 'open_billing' || f.kind === 'open_tokens' || f.kind === 'open_dashboard'));
    } finally {
      await s.close();
    }
  });
});

describe('readAccount against the new-api sandbox', function () {
  this.timeout(30_000);

  it("a limited key: remaining/granted/used in the site's unit and the expiry, from the billing endpoints only", async () => {
    const s = await startSandbox({ theme: 'default' });
    try {
      const read = await readAccount({ baseUrl: s.baseUrl, apiKey: key('limited') });
      assert.equal(read.rateLimited, false);
      assert.deepEqual(read.dashboard, {
        theme: 'default',
        keys: `${s.origin}/keys`,
        topUp: `${s.origin}/wallet`,
        usage: `${s.origin}/usage-logs`,
      });
      const { readAt, ...figures } = read.account ?? ({} as Record<string, unknown>);
      assert.ok(typeof readAt === 'number');
      assert.deepEqual(figures, {
        keyName: null,
        unlimited: false,
        granted: 20,
        used: 7.5,
        available: 12.5,
        unit: 'USD',
        expiresAt: '2030-01-01T00:00:00.000Z',
        models: null,
      });
      assert.equal(s.stats.tokenUsageRequests, 0);
      assert.equal(s.stats.billingRequests, 2);
      assert.equal(s.stats.connections, 2, 'discovery on one connection, subscription + usage on one more');
    } finally {
      await s.close();
    }
  });

  it('an unlimited key: its usage; CNY display; key details only when asked', async () => {
    const s = await startSandbox({ displayType: 'CNY' });
    try {
      const read = await readAccount({ baseUrl: s.baseUrl, apiKey: key('unlimited') });
      assert.equal(read.account?.unlimited, true);
      assert.equal(read.account?.unit, 'CNY');
      assert.equal(read.account?.used, 23.433);
      assert.equal(read.account?.granted, null);
      const details = await readAccount({ baseUrl: s.baseUrl, apiKey: key('modellimit'), includeKeyDetails: true });
      assert.equal(details.account?.keyName, 'sandbox-modellimit');
      assert.deepEqual(details.account?.models, ['gpt-4o-mini', 'deepseek-chat']);
      assert.equal(s.stats.tokenUsageRequests, 1);
    } finally {
      await s.close();
    }
  });

  it('a refused key or a bad Base URL: no figures, never throws', async () => {
    const s = await startSandbox();
    try {
      assert.equal((await readAccount({ baseUrl: s.baseUrl, apiKey: key('exhausted') })).account, null);
      assert.deepEqual(await readAccount({ baseUrl: 'ftp://x', apiKey: 'k' }), { dashboard: null, account: null, rateLimited: false });
    } finally {
      await s.close();
    }
  });
});

describe('terminal doctor against the new-api sandbox', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  before(async function () {
    const build = spawnSync(process.execPath, ['esbuild.mjs', '--only=cli', '--quiet'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    sandbox = await startSandbox();
  });
  after(() => sandbox?.close());

  const run = async (
    scenario: string,
    args: string[] = [],
  ): Promise<{ code: number | null; json: DoctorJson; stdout: string; k: string }> => {
    const k = key(scenario);
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', RUTAAPI_API_KEY: k };
    const r = await runNode([join(ROOT, 'dist/cli.js'), 'check', '--base-url', sandbox.baseUrl, ...args], { env });
    assert.ok(!r.stdout.includes(k) && !r.stderr.includes(k), 'key in the output');
    return { code: r.status, json: args.includes('--json') ? JSON.parse(r.stdout) : {}, stdout: r.stdout, k };
  };

  const scenarios: Array<[string, string[], string, number]> = [
    ['unlimited', ['--model', 'gpt-4o-mini'], 'ok', 0],
    ['limited', ['--model', 'gpt-4o-mini'], 'ok', 0],
    ['exhausted', [], 'key_exhausted', 1],
    ['expired', [], 'key_expired', 1],
    ['disabled', [], 'key_disabled', 1],
    ['invalid', [], 'unauthorized', 1],
    ['wallet', ['--model', 'gpt-4o-mini'], 'insufficient_credits', 1],
    ['keylimit', ['--model', 'gpt-4o-mini'], 'key_quota_too_low', 1],
    ['modellimit', ['--model', 'gpt-4.1'], 'model_not_allowed', 1],
    ['nochannel', ['--model', 'claude-3-5-sonnet-20241022'], 'model_unavailable', 1],
  ];
  for (const [scenario, args, code, exit] of scenarios) {
    it(`${scenario}: --json says ${code} with the dashboard`, async () => {
      const { code: status, json } = await run(scenario, [...args, '--json']);
      assert.equal(status, exit);
      assert.equal(json.diagnosis.code, code);
      assert.deepEqual(json.dashboard, {
        theme: 'classic',
        keys: `${sandbox.origin}/console/token`,
        topUp: `${sandbox.origin}/console/topup`,
        usage: `${sandbox.origin}/console/log`,
      });
      for (const f of json.diagnosis.fixes) if (f.kind === 'open_tokens') assert.equal(f.value, json.dashboard.keys);
      for (const f of json.diagnosis.fixes) if (f.kind === 'open_billing') assert.equal(f.value, json.dashboard.topUp);
      if (scenario === 'limited')
        assert.deepEqual(json.account, {
          keyName: null,
          unlimited: false,
          granted: 20,
          used: 7.5,
          available: 12.5,
          unit: 'USD',
          expiresAt: '2030-01-01T00:00:00.000Z',
          models: null,
        });
      if (scenario === 'unlimited')
        assert.deepEqual(json.account, {
          keyName: null,
          unlimited: true,
          granted: null,
          used: 3.21,
          available: null,
          unit: 'USD',
          expiresAt: null,
          models: null,
        });
      if (scenario === 'exhausted') assert.equal(json.account.available, 0);
      if (['invalid', 'wallet', 'keylimit', 'modellimit', 'nochannel'].includes(scenario)) assert.equal(json.account, null);
    });
  }

  it('the human checklist shows the balance line', async () => {
    const limited = await run('limited', ['--model', 'gpt-4o-mini']);
    assert.match(limited.stdout, /Balance: 12\.50 USD left of 20\.00 USD \(7\.50 USD used\)/);
    assert.match(limited.stdout, /Key expires: 2030-01-01 \(UTC\)/);
    const unlimited = await run('unlimited');
    assert.match(unlimited.stdout, /Balance: unlimited key, 3\.21 USD used/);
  });
});
