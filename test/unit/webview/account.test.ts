import { strict as assert } from 'node:assert';
import { webviewStrings } from '../../../src/host/panel/webviewStrings';
import type { AccountView } from '../../../src/protocol/messages';
import { accountSection, keysLink } from '../../../src/webview/account';
import { fixAction } from '../../../src/webview/diagnosisView';
import { createStrings } from '../../../src/webview/strings';

const { fmt } = createStrings(webviewStrings());
const view = (over: Partial<AccountView> = {}): AccountView => ({
  summary: '3.21 USD left of 10.00 USD (32 %)',
  lines: ['Used: 6.79 USD', 'Expires on 2 Jan 2030'],
  unlimited: false,
  low: false,
  available: 3.21,
  granted: 10,
  used: 6.79,
  unit: 'USD',
  expiresAt: '2030-01-02T00:00:00.000Z',
  readAt: 0,
  topUp: 'https://app.rutaapi.com/console/topup',
  ...over,
});

describe('webview account section', () => {
  it("shows the host's wording as text, with a Top up button for the gateway's page", () => {
    const v = accountSection(view(), fmt, () => '12:00');
    assert.equal(v.hidden, false);
    assert.equal(v.summary, '3.21 USD left of 10.00 USD (32 %)');
    assert.deepEqual(v.lines, ['Used: 6.79 USD', 'Expires on 2 Jan 2030']);
    assert.equal(v.readAt, 'Read at 12:00');
    assert.equal(v.topUp, 'https://app.rutaapi.com/console/topup');
    assert.equal(v.low, false);
  });

  it('low balance is flagged; no top-up page means no button; no figures hide the section', () => {
    assert.equal(accountSection(view({ low: true }), fmt, String).low, true);
    assert.equal(accountSection(view({ topUp: null }), fmt, String).topUp, undefined);
    assert.equal(accountSection(null, fmt, String).hidden, true);
    assert.equal(accountSection(undefined, fmt, String).hidden, true);
  });

  it('the keys link: hidden for a gateway without a dashboard, its URL when known', () => {
    assert.deepEqual(keysLink(null), { hidden: true, url: undefined });
    assert.deepEqual(keysLink(undefined), { hidden: false, url: undefined });
    assert.deepEqual(keysLink({ keys: 'https://gw.example/keys', topUp: null, usage: null }), {
      hidden: false,
      url: 'https://gw.example/keys',
    });
    assert.deepEqual(keysLink({ keys: null, topUp: null, usage: null }), { hidden: true, url: undefined });
  });

  it('a dashboard fix opens the page in its value (http(s) only)', () => {
    assert.deepEqual(fixAction('open_tokens', 'https://gw.example/keys'), {
      kind: 'open',
      target: 'tokens',
      url: 'https://gw.example/keys',
    });
    assert.deepEqual(fixAction('open_billing', 'https://gw.example/wallet'), {
      kind: 'open',
      target: 'billing',
      url: 'https://gw.example/wallet',
    });
    assert.deepEqual(fixAction('open_billing', 'javascript:alert(1)'), { kind: 'open', target: 'billing' });
    assert.deepEqual(fixAction('open_tokens', undefined), { kind: 'open', target: 'tokens' });
    assert.deepEqual(fixAction('contact_support', 'https://x.example'), { kind: 'open', target: 'support' });
  });
});
