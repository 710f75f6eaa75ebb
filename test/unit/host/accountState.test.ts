import { strict as assert } from 'node:assert';
import type { AccountRead, AccountReadOptions } from '../../../src/core/gatewayAccount/types';
import type { VerifyOptions } from '../../../src/core/types';
import { AccountState, describeRead } from '../../../src/host/account/accountState';
import { Connection } from '../../../src/host/connection/connectionState';
import { SECRET_KEY } from '../../../src/host/connection/keychain';
import { NEW_API_DASHBOARD, fakeAccountRead, fakeResult, hostParts, tick, LoadedModule, dontSend } from './fakes';

const KEY = 'sk-ruta-saved-key-1234567890';

function setup(opts: { ok?: boolean; read?: (o: AccountReadOptions) => Promise<AccountRead>; noReadAccount?: boolean } = {}) {
  const h = hostParts();
  let now = 5_000_000;
  const reads: AccountReadOptions[] = [];
  const statesAtRead: string[] = [];
  const gw = {
    verify: async (o: VerifyOptions) => ({ ...fakeResult(o, opts.ok ?? true), dashboard: NEW_API_DASHBOARD }),
    ...(opts.noReadAccount
      ? {}
      : {
          readAccount: (o: AccountReadOptions) => {
            reads.push(o);
            statesAtRead.push(connection.state.kind);
            return opts.read ? opts.read(o) : Promise.resolve(fakeAccountRead());
          },
        }),
  };
  const connection = new Connection(h.settings, h.keychain, new LoadedModule(gw), h.logger, dontSend, () => now);
  const account = new AccountState({ connection, gateway: new LoadedModule(gw), settings: h.settings, logger: h.logger, now: () => now });
  h.secrets.data.set(SECRET_KEY, KEY);
  const changes: unknown[] = [];
  account.onDidChange((s) => changes.push(s));
  return { ...h, connection, account, reads, statesAtRead, changes, advance: (ms: number) => (now += ms) };
}

describe("account state (the saved key's figures)", () => {
  it('reads after a successful check, with the saved key through the gate, after the verdict', async () => {
    const s = setup();
    await s.connection.verifySaved();
    assert.equal(s.connection.state.kind, 'checked');
    await tick(0);
    assert.equal(s.reads.length, 1);
    assert.equal(s.reads[0].apiKey, KEY);
    assert.equal(s.reads[0].baseUrl, 'https://api.rutaapi.com/v1');
    assert.equal(s.reads[0].timeoutMs, 15_000);
    assert.deepEqual(s.statesAtRead, ['checked'], 'the verdict was out before the read started');
    assert.equal(s.account.current?.read.account?.available, 3.21);
    assert.equal(s.changes.length, 1);
    assert.deepEqual(s.account.dashboard, NEW_API_DASHBOARD);
    assert.ok(!s.channel.lines.join('\n').includes(KEY), 'the key is not logged');
    assert.ok(s.channel.lines.some((l) => /Account \(check\): available 3\.21 of 10 USD/.test(l)));
  });

  it('a read that never answers does not hold up the check', async () => {
    const s = setup({ read: () => new Promise<AccountRead>(() => undefined) });
    const r = await s.connection.verifySaved();
    assert.equal(r?.ok, true);
    await tick(0);
    assert.equal(s.reads.length, 1);
    assert.equal(s.account.current, undefined);
    s.account.dispose();
  });

  it('no read after a failed check; a manual one is allowed (new-api answers for spent keys)', async () => {
    const s = setup({ ok: false });
    await s.connection.verifySaved();
    await tick(0);
    assert.equal(s.reads.length, 0);
    const o = await s.account.refresh('manual');
    assert.equal(o.kind, 'read');
    assert.equal(s.reads.length, 1);
  });

  it('the origin gate: a Base URL the key was not saved for gets no read and no key', async () => {
    const s = setup();
    await s.keychain.store(KEY, { origin: 'https://api.rutaapi.com' });
    await s.connection.verifySaved();
    await tick(0);
    assert.equal(s.reads.length, 1);
    s.config.user.set('rutaapi.baseUrl', 'https://elsewhere.example.com/v1');
    await s.connection.verifySaved();
    await tick(0);
    assert.equal(s.connection.state.kind, 'awaitingOrigin');
    assert.equal(s.reads.length, 1, 'nothing read for the other origin');
    assert.equal(s.account.current, undefined, 'the old figures are dropped');
  });

  it('429: keeps the last figures and backs off', async () => {
    let answer: AccountRead = fakeAccountRead();
    const s = setup({ read: async () => answer });
    await s.connection.verifySaved();
    await tick(0);
    answer = { dashboard: NEW_API_DASHBOARD, account: null, rateLimited: true };
    s.advance(61_000);
    const o = await s.account.refresh('manual');
    assert.equal(o.kind, 'rateLimited');
    assert.equal(s.account.current?.read.account?.available, 3.21, 'kept');
    s.advance(59_000);
    const again = await s.account.refresh('manual');
    assert.ok(again.kind === 'skipped' && again.decision.why === 'backoff');
    assert.equal(s.reads.length, 2);
  });

  it('key removed: the figures go', async () => {
    const s = setup();
    await s.connection.verifySaved();
    await tick(0);
    await s.keychain.delete();
    await s.connection.verifySaved();
    assert.equal(s.account.current, undefined);
    assert.equal(s.changes.at(-1), undefined);
  });

  it('window away: the check is not followed by a read until focus returns', async () => {
    const s = setup();
    s.account.policy.setFocused(false);
    await s.connection.verifySaved();
    await tick(0);
    assert.equal(s.reads.length, 0);
    s.account.setFocused(true);
    await tick(0);
    assert.equal(s.reads.length, 1);
  });

  it('an engine without readAccount: no figures, no crash; the dashboard comes from the result', async () => {
    const s = setup({ noReadAccount: true });
    await s.connection.verifySaved();
    await tick(0);
    assert.equal(s.account.current, undefined);
    assert.deepEqual(s.account.dashboard, NEW_API_DASHBOARD);
  });

  it('describeRead: figures and dashboard for the log', () => {
    assert.equal(describeRead({ dashboard: null, account: null, rateLimited: false }), 'no figures; no dashboard');
    assert.match(
      describeRead(fakeAccountRead({ unlimited: true, used: 2 })),
      /^unlimited, used 2 USD; dashboard https:\/\/app\.rutaapi\.com\/console\/token \(theme classic\)$/,
    );
  });
});
