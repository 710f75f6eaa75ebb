import { strict as assert } from 'node:assert';
import type { AccountRead, AccountReadOptions } from '../../../src/core/gatewayAccount/types';
import type { VerificationResult, VerifyOptions } from '../../../src/core/types';
import { AccountState } from '../../../src/host/account/accountState';
import { Connection } from '../../../src/host/connection/connectionState';
import { SECRET_KEY } from '../../../src/host/connection/keychain';
import { SetupController } from '../../../src/host/panel/setupController';
import { parseHostMessage, type HostMessage } from '../../../src/protocol/messages';
import {
  FakeClipboard,
  FakeNotify,
  NEW_API_DASHBOARD,
  fakeAccountRead,
  fakeResult,
  hostParts,
  tick,
  LoadedModule,
  dontSend,
} from './fakes';

const KEY = 'sk-ruta-saved-key-1234567890';

function setup(
  verify: (o: VerifyOptions) => VerificationResult = (o) => ({ ...fakeResult(o), dashboard: NEW_API_DASHBOARD }) as VerificationResult,
) {
  const h = hostParts();
  const posted: HostMessage[] = [];
  const opened: string[] = [];
  const urls: string[] = [];
  const reads: AccountReadOptions[] = [];
  let read: AccountRead = fakeAccountRead();
  const gw = { verify: async (o: VerifyOptions) => verify(o), readAccount: async (o: AccountReadOptions) => (reads.push(o), read) };
  const connection = new Connection(h.settings, h.keychain, new LoadedModule(gw), h.logger, dontSend);
  const account = new AccountState({ connection, gateway: new LoadedModule(gw), settings: h.settings, logger: h.logger });
  const controller = new SetupController({
    post: (m) => {
      assert.ok(parseHostMessage(JSON.parse(JSON.stringify(m))), `invalid host message ${JSON.stringify(m).slice(0, 200)}`);
      posted.push(m);
      return true;
    },
    ...h,
    connection,
    account,
    clipboard: new FakeClipboard(),
    notify: new FakeNotify(),
    open: (t) => void opened.push(t),
    openUrl: (u) => void urls.push(u),
    supportReport: () => 'report',
    isCursor: false,
    hasWorkspace: true,
  });
  h.secrets.data.set(SECRET_KEY, KEY);
  h.config.user.set('rutaapi.model', 'gpt-4.1');
  const of = <T extends HostMessage['type']>(type: T) => posted.filter((m): m is Extract<HostMessage, { type: T }> => m.type === type);
  return { ...h, posted, opened, urls, reads, connection, account, controller, of, setRead: (r: AccountRead) => (read = r) };
}

describe("setup panel: the saved key's figures and the dashboard links", () => {
  it('init sends the figures and links of the saved configuration, and follows new reads', async () => {
    const s = setup();
    await s.connection.verifySaved();
    await tick(0);
    await s.controller.handle({ type: 'ready' });
    const acc = s.of('account').at(-1);
    assert.ok(acc?.account);
    assert.equal(acc.account.summary, '3.21 USD left of 10.00 USD (32 %)');
    assert.equal(acc.account.topUp, NEW_API_DASHBOARD.topUp);
    assert.deepEqual(s.of('dashboard').at(-1)?.dashboard, {
      keys: NEW_API_DASHBOARD.keys,
      topUp: NEW_API_DASHBOARD.topUp,
      usage: NEW_API_DASHBOARD.usage,
    });
    assert.ok(!JSON.stringify(s.posted).includes(KEY), 'the key never goes to the panel');
    // The key is removed elsewhere: the figures go from the panel too.
    await s.keychain.delete();
    await s.connection.verifySaved();
    assert.equal(s.of('account').at(-1)?.account, null);
  });

  it('opens only URLs it sent; anything else falls back to the page by name', async () => {
    const s = setup();
    await s.connection.verifySaved();
    await tick(0);
    await s.controller.handle({ type: 'ready' });
    await s.controller.handle({ type: 'open', target: 'billing', url: NEW_API_DASHBOARD.topUp });
    assert.deepEqual(s.urls, [NEW_API_DASHBOARD.topUp]);
    await s.controller.handle({ type: 'open', target: 'tokens', url: 'https://evil.example/phish' });
    assert.deepEqual(s.urls, [NEW_API_DASHBOARD.topUp], 'not offered: not opened');
    assert.deepEqual(s.opened, ['tokens']);
    assert.ok(s.channel.lines.some((l) => /not opening a link the host did not offer/.test(l)));
  });

  it("a diagnosis fix's URL may be opened; a gateway without a dashboard hides the links", async () => {
    const s = setup((o) => {
      const r = { ...fakeResult(o, false), dashboard: null } as VerificationResult;
      r.diagnosis.fixes = [{ kind: 'open_tokens', label: 'Open API Keys', value: 'https://gw.example.com/console/token' }];
      return r;
    });
    await s.controller.handle({ type: 'verify', baseUrl: 'https://gw.example.com/v1', apiKey: 'sk-typed-1234567890' });
    assert.equal(s.of('dashboard').at(-1)?.dashboard, null);
    await s.controller.handle({ type: 'open', target: 'tokens', url: 'https://gw.example.com/console/token' });
    assert.deepEqual(s.urls, ['https://gw.example.com/console/token']);
  });

  it('a panel check of the saved key at the saved Base URL refreshes the figures (policy permitting)', async () => {
    const s = setup();
    await s.connection.verifySaved();
    await tick(0);
    assert.equal(s.reads.length, 1);
    await s.controller.handle({ type: 'verify', baseUrl: 'https://api.rutaapi.com/v1', apiKey: '', model: 'gpt-4.1' });
    await tick(0);
    assert.equal(s.reads.length, 1, 'within the minute: not read again');
    assert.ok(s.of('verifyDone').at(-1)?.ok);
  });

  it('a typed key is never used to read figures', async () => {
    const s = setup();
    await s.controller.handle({
      type: 'verify',
      baseUrl: 'https://api.rutaapi.com/v1',
      apiKey: 'sk-typed-key-0987654321',
      model: 'gpt-4.1',
    });
    await tick(0);
    assert.equal(s.reads.length, 0);
    assert.ok(s.of('verifyDone').at(-1)?.ok, 'the typed key was verified');
  });
});
