import { strict as assert } from 'node:assert';
import { dashboardOf, pageOfTarget, pageUrl, safeHttpUrl } from '../../../src/host/account/links';
import { accountLines, balanceLine, isLowBalance, percentLeft } from '../../../src/host/account/figures';
import { formatAmount } from '../../../src/core/gatewayAccount/amount';
import { accountView, dashboardView, urlsOf } from '../../../src/host/account/panelViews';
import { parseHostMessage } from '../../../src/protocol/messages';
import { NEW_API_DASHBOARD, fakeAccountRead, fakeFigures, fakeResult } from './fakes';

const figures = fakeFigures;

describe('dashboard links (host)', () => {
  it('opens only absolute http(s) URLs without user info', () => {
    assert.equal(safeHttpUrl('https://gw.example.com/keys'), 'https://gw.example.com/keys');
    assert.equal(safeHttpUrl('http://127.0.0.1:3000/console/token'), 'http://127.0.0.1:3000/console/token');
    for (const bad of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'command:workbench.action.terminal.new',
      'vscode://x',
      '/keys',
      'https://user:pw@gw.example.com/',
      `https://x.example/${'a'.repeat(3000)}`,
      42,
      undefined,
    ]) {
      assert.equal(safeHttpUrl(bad), undefined, String(bad).slice(0, 40));
    }
  });

  it("a page of a known dashboard, none for null, RutaAPI's home only while unknown", () => {
    assert.equal(pageUrl(NEW_API_DASHBOARD, 'keys'), NEW_API_DASHBOARD.keys);
    assert.equal(pageUrl(NEW_API_DASHBOARD, 'topUp'), NEW_API_DASHBOARD.topUp);
    assert.equal(pageUrl(NEW_API_DASHBOARD, 'home'), 'https://app.rutaapi.com/');
    assert.equal(pageUrl({ ...NEW_API_DASHBOARD, keys: 'javascript:x' }, 'keys'), undefined);
    assert.equal(pageUrl(null, 'keys', 'https://api.rutaapi.com/v1'), undefined);
    assert.equal(pageUrl(undefined, 'keys', 'https://api.rutaapi.com/v1'), 'https://app.rutaapi.com');
    assert.equal(pageUrl(undefined, 'home', 'https://gw.example.com/v1'), undefined);
    assert.equal(pageOfTarget('tokens'), 'keys');
    assert.equal(pageOfTarget('billing'), 'topUp');
    assert.equal(pageOfTarget('settings'), undefined);
  });

  it('reads VerificationResult.dashboard (links, null, absent)', () => {
    const r = fakeResult({ apiKey: 'k', baseUrl: 'https://api.rutaapi.com/v1' });
    assert.equal(dashboardOf(r), undefined);
    assert.equal(dashboardOf({ ...r, dashboard: null } as typeof r), null);
    assert.deepEqual(dashboardOf({ ...r, dashboard: NEW_API_DASHBOARD } as typeof r), NEW_API_DASHBOARD);
    assert.equal(dashboardOf({ ...r, dashboard: { keys: 1 } } as unknown as typeof r), undefined);
  });
});

describe('account figures as text', () => {
  it("amounts in the site's unit", () => {
    assert.equal(formatAmount(12.345, 'USD'), '12.35 USD');
    assert.equal(formatAmount(3, 'CNY'), '3.00 CNY');
    assert.equal(formatAmount(1234567.4, 'TOKENS'), '1,234,567 tokens');
    assert.equal(formatAmount(Number.NaN, 'USD'), '?');
    assert.equal(formatAmount(0.0042, 'USD'), '0.0042 USD', 'a nearly spent key does not read 0.00');
  });

  it('limited: left of granted with the percentage; unlimited: usage', () => {
    assert.equal(balanceLine(figures(), 'label'), '3.21 USD left of 10.00 USD (32 %)');
    assert.equal(
      balanceLine(figures({ unlimited: true, granted: null, available: null, used: 12.34 }), 'label'),
      'Unlimited key · 12.34 USD used',
    );
    assert.equal(balanceLine(figures({ unlimited: true, used: null }), 'label'), 'Unlimited key');
    assert.equal(balanceLine(figures({ granted: null }), 'label'), '3.21 USD left');
    // Figures the gateway sent as nonsense are null at the boundary (core/gatewayAccount): said to be unknown.
    assert.equal(balanceLine(figures({ granted: null, available: null, used: null }), 'label'), 'Limited key · balance unknown');
    assert.equal(percentLeft(figures({ unlimited: true })), undefined);
    assert.equal(percentLeft(figures({ granted: 0 })), undefined);
  });

  it('low balance: under the threshold, or spent; never for unlimited keys or a threshold of 0', () => {
    assert.equal(isLowBalance(figures(), 10), false);
    assert.equal(isLowBalance(figures({ available: 0.99 }), 10), true);
    assert.equal(isLowBalance(figures({ available: 0 }), 1), true);
    assert.equal(isLowBalance(figures({ available: 0.5 }), 0), false);
    assert.equal(isLowBalance(figures({ unlimited: true, available: 0 }), 10), false);
    assert.equal(isLowBalance(null, 10), false);
  });

  it('expiry, name and model limits; gateway text made inert for the surface', () => {
    const lines = accountLines(
      figures({
        expiresAt: '2030-01-02T00:00:00.000Z',
        keyName: '$(alert) [x](command:evil)',
        models: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
      }),
      'label',
      { formatDate: () => '2 Jan 2030', now: Date.parse('2029-01-01') },
    );
    assert.deepEqual(lines.slice(0, 3), ['3.21 USD left of 10.00 USD (32 %)', 'Used: 6.79 USD', 'Expires on 2 Jan 2030']);
    assert.ok(!/(?<!\\)\$\(alert\)/.test(lines[3]), lines[3]);
    assert.equal(lines[4], 'Only these models: a, b, c, d, e and 2 more');
    const expired = accountLines(figures({ expiresAt: '2020-01-01T00:00:00.000Z' }), 'label', {
      formatDate: () => 'then',
      now: Date.parse('2029-01-01'),
    });
    assert.ok(expired.includes('Expired on then'));
  });
});

describe('account and dashboard views for the panel', () => {
  it('fit the protocol and carry only checked URLs', () => {
    const snap = {
      read: fakeAccountRead({ unit: 'U'.repeat(100) }),
      baseUrl: 'https://api.rutaapi.com/v1',
      keyRedacted: 'sk-ru…1234',
      readAt: 5,
    };
    const view = accountView(snap, NEW_API_DASHBOARD, 10);
    assert.ok(view);
    assert.ok(parseHostMessage({ type: 'account', account: view }), 'valid');
    assert.equal(view.topUp, NEW_API_DASHBOARD.topUp);
    assert.equal(accountView(snap, null, 10)?.topUp, null);
    assert.equal(accountView(undefined, NEW_API_DASHBOARD, 10), null);
    assert.equal(accountView({ ...snap, read: { ...snap.read, account: null } }, NEW_API_DASHBOARD, 10), null);
    const d = dashboardView(NEW_API_DASHBOARD, 'https://api.rutaapi.com/v1');
    assert.ok(parseHostMessage({ type: 'dashboard', dashboard: d }));
    assert.equal(dashboardView(null, 'x'), null);
    assert.equal(dashboardView(undefined, 'https://gw.example.com/v1'), undefined);
    assert.deepEqual(
      urlsOf(d, view).sort(),
      [NEW_API_DASHBOARD.keys, NEW_API_DASHBOARD.topUp, NEW_API_DASHBOARD.usage, NEW_API_DASHBOARD.topUp].sort(),
    );
  });
});
