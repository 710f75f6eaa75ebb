// Where the account reads send the key (core/gatewayAccount/readAccount.ts): only to a gateway that
// identified itself as new-api (/api/status), or under the Base URL's own path; and where the
// dashboard links point when new-api's server_address is plain http (issue 22).
import { strict as assert } from 'node:assert';
import { clearDiscoveryCache, dashboardLinks, parseStatus } from '../../src/core/gatewayAccount/discovery';
import { readAccount } from '../../src/core/gatewayAccount/readAccount';
import type { GatewayStatus } from '../../src/core/gatewayAccount/types';

const KEY = 'sk-ruta-sandbox-routing-0123456789abcdef';
const status = (data: Record<string, unknown>): GatewayStatus => parseStatus({ success: true, data }) as GatewayStatus;
const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A gateway stand-in: records every request (URL, whether it carried the key) and answers by path. */
function gateway(newApi: boolean) {
  const requests: Array<{ url: string; keyed: boolean }> = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    requests.push({ url, keyed: (headers.get('authorization') ?? '').includes(KEY) });
    const path = new URL(url).pathname;
    if (path === '/api/status') return newApi ? json({ success: true, data: { theme: 'classic' } }) : json({ error: 'not found' }, 404);
    if (path.endsWith('/dashboard/billing/subscription'))
      return json({ object: 'billing_subscription', hard_limit_usd: 10, access_until: 0 });
    if (path.endsWith('/dashboard/billing/usage')) return json({ object: 'list', total_usage: 250 });
    if (path === '/api/usage/token/')
      return json({ code: true, data: { object: 'token_usage', name: 'k', total_granted: 1, total_used: 0, total_available: 1 } });
    return json({ error: { message: 'not found' } }, 404);
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

describe('account reads: where the key goes', () => {
  afterEach(() => clearDiscoveryCache());

  it('a gateway that is not new-api (/api/status 404): the key goes only under the configured path, never to {origin}/v1/…', async () => {
    const gw = gateway(false);
    const read = await readAccount({
      baseUrl: 'https://gw.example.com/tenant-a/v1',
      apiKey: KEY,
      fetch: gw.fetch,
      includeKeyDetails: true,
    });
    const keyed = gw.requests.filter((r) => r.keyed).map((r) => r.url);
    assert.ok(keyed.length > 0, 'the billing endpoints under the path are still read');
    for (const url of keyed) assert.ok(url.startsWith('https://gw.example.com/tenant-a/v1/'), `the key went to ${url}`);
    assert.deepEqual(keyed, [
      'https://gw.example.com/tenant-a/v1/dashboard/billing/subscription',
      'https://gw.example.com/tenant-a/v1/dashboard/billing/usage',
    ]);
    assert.equal(read.dashboard, null);
    // /api/status was asked without the key.
    assert.deepEqual(
      gw.requests.filter((r) => !r.keyed).map((r) => r.url),
      ['https://gw.example.com/api/status'],
    );
  });

  it('a gateway that identified itself as new-api: its own endpoints at the origin, as before', async () => {
    const gw = gateway(true);
    await readAccount({ baseUrl: 'https://gw.example.com/tenant-a/v1', apiKey: KEY, fetch: gw.fetch, includeKeyDetails: true });
    assert.deepEqual(
      gw.requests.filter((r) => r.keyed).map((r) => r.url),
      [
        'https://gw.example.com/v1/dashboard/billing/subscription',
        'https://gw.example.com/v1/dashboard/billing/usage',
        'https://gw.example.com/api/usage/token/',
      ],
    );
  });
});

describe('dashboard links with a plain-http server_address', () => {
  it("a public host's http:// server_address gives way to the gateway's own https origin", () => {
    const links = dashboardLinks('https://gw.example.com/v1', status({ theme: 'classic', server_address: 'http://dash.example.com' }));
    assert.equal(links?.topUp, 'https://gw.example.com/console/topup');
    assert.equal(links?.keys, 'https://gw.example.com/console/token');
    const ruta = dashboardLinks('https://api.rutaapi.com/v1', status({ theme: 'default', server_address: 'http://app.rutaapi.com' }));
    assert.equal(ruta?.topUp, 'https://app.rutaapi.com/wallet');
  });

  it('https stays as it is; http stays for loopback and private hosts, and when the gateway itself is plain http', () => {
    assert.equal(
      dashboardLinks('https://gw.example.com/v1', status({ server_address: 'https://dash.example.com' }))?.keys,
      'https://dash.example.com/console/token',
    );
    assert.equal(
      dashboardLinks('http://127.0.0.1:3000/v1', status({ server_address: 'http://127.0.0.1:3000' }))?.keys,
      'http://127.0.0.1:3000/console/token',
    );
    assert.equal(
      dashboardLinks('https://gw.lan/v1', status({ server_address: 'http://192.168.1.20:3000' }))?.keys,
      'http://192.168.1.20:3000/console/token',
    );
    assert.equal(
      dashboardLinks('http://gw.example.com/v1', status({ server_address: 'http://dash.example.com' }))?.keys,
      'http://dash.example.com/console/token',
    );
  });
});
