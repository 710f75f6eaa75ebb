// The usage log reader against the sandbox's /api/log/token (new-api's shape): newest 1000 rows,
// ids renumbered per answer, the chat the product sends appended with its request id, the shared
// limiter with /api/usage/token/, 401 for an unknown key, logs turned off, and not asked at all of
// a gateway that is not new-api.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { startSandbox, type Sandbox } from '../../../src/sandbox/server';
import { clearDiscoveryCache, discoverGateway } from '../../../src/core/gatewayAccount/discovery';
import { UsageBudget } from '../../../src/core/usage/budget';
import { readUsageLog, type UsageLogRead } from '../../../src/core/usage/readLog';

const key = (scenario: string): string => `sk-ruta-sandbox-${scenario}-${randomBytes(10).toString('hex')}`;

describe('usage log (/api/log/token) against the sandbox', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  const paths: string[] = [];
  before(async () => {
    sandbox = await startSandbox({ onRequest: (r) => paths.push(r.path) });
  });
  after(() => sandbox.close());
  beforeEach(() => clearDiscoveryCache());

  const read = async (apiKey: string, budget = new UsageBudget(undefined)): Promise<UsageLogRead> =>
    readUsageLog({ baseUrl: sandbox.baseUrl, apiKey, status: await discoverGateway(sandbox.origin), budget });

  it('reads the newest 1000 rows, newest first, and the chat just sent with its request id', async () => {
    const apiKey = key('ok');
    const chat = await fetch(`${sandbox.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(chat.status, 200);
    const requestId = chat.headers.get('x-request-id') ?? chat.headers.get('x-oneapi-request-id');
    const result = await read(apiKey);
    assert.equal(result.kind, 'ok');
    if (result.kind !== 'ok') return;
    assert.equal(result.entries.length, 1000);
    assert.equal(result.dropped, 0);
    assert.equal(result.entries[0].id, requestId);
    for (let i = 1; i < result.entries.length; i++) assert.ok(result.entries[i - 1].time >= result.entries[i].time);
    const types = new Set(result.entries.map((e) => e.type));
    assert.ok(types.has(2) && types.has(5) && types.has(6), `types ${[...types].join(',')}`);
    assert.ok(
      result.entries.some((e) => e.upstream !== ''),
      'mapped models',
    );
    assert.ok(new Set(result.entries.map((e) => e.protocol)).size >= 3, 'several protocols');
  });

  it('an unknown key is unauthorized; a spent key still reads its rows (read-only auth)', async () => {
    assert.equal((await read('sk-unknown-0000000000000000')).kind, 'unauthorized');
    assert.equal((await read(key('exhausted'))).kind, 'ok');
  });

  it('a gateway that is not new-api is not asked', async () => {
    const plain = await startSandbox({ theme: 'none' });
    try {
      const before = plain.stats.tokenUsageRequests;
      const result = await readUsageLog({
        baseUrl: plain.baseUrl,
        apiKey: key('ok'),
        status: await discoverGateway(plain.origin),
        budget: new UsageBudget(undefined),
      });
      assert.deepEqual(result, { kind: 'not_new_api' });
      assert.equal(plain.stats.tokenUsageRequests, before);
    } finally {
      await plain.close();
    }
  });

  it('logs turned off: no rows, not an error', async () => {
    const off = await startSandbox({ usageLogs: 'off' });
    try {
      const result = await readUsageLog({
        baseUrl: off.baseUrl,
        apiKey: key('ok'),
        status: await discoverGateway(off.origin),
        budget: new UsageBudget(undefined),
      });
      assert.deepEqual(result, { kind: 'ok', entries: [], dropped: 0 });
    } finally {
      await off.close();
    }
  });

  it("the client's budget refuses a second read within a minute without asking; the gateway's 429 closes it", async () => {
    const limited = await startSandbox();
    try {
      const status = await discoverGateway(limited.origin);
      const budget = new UsageBudget(undefined);
      const o = { baseUrl: limited.baseUrl, apiKey: key('ok'), status, budget };
      assert.equal((await readUsageLog(o)).kind, 'ok');
      const count = limited.stats.tokenUsageRequests;
      const second = await readUsageLog(o);
      assert.equal(second.kind, 'rate_limited');
      assert.equal(limited.stats.tokenUsageRequests, count, 'nothing was sent');
      // Spend the rest of the shared bucket (as /api/usage/token/ reads from other tools would).
      for (let i = count; i < 20; i++)
        await fetch(`${limited.origin}/api/usage/token/`, { headers: { authorization: `Bearer ${key('ok')}` } });
      const gateway = await readUsageLog({ ...o, budget: new UsageBudget(undefined) });
      assert.equal(gateway.kind, 'rate_limited');
      assert.ok(gateway.kind === 'rate_limited' && gateway.byGateway && gateway.retryAt > Date.now());
    } finally {
      await limited.close();
    }
  });

  it('a timeout is a failure, not a hang', async () => {
    const slow = await startSandbox({ latencyMs: 2_000 });
    try {
      const status = {
        theme: null,
        systemName: null,
        serverAddress: null,
        display: { unit: 'USD', quotaPerUnit: 500_000, exchangeRate: 1 },
      };
      const result = await readUsageLog({
        baseUrl: slow.baseUrl,
        apiKey: key('ok'),
        status,
        budget: new UsageBudget(undefined),
        timeoutMs: 100,
      });
      assert.deepEqual(result, { kind: 'failed', reason: 'timeout' });
    } finally {
      await slow.close();
    }
  });
});
