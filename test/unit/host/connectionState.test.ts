import { strict as assert } from 'node:assert';
import type { VerifyOptions } from '../../../src/core/types';
import { Connection, STALE_AFTER_MS } from '../../../src/host/connection/connectionState';
import { SECRET_KEY } from '../../../src/host/connection/keychain';
import { hostParts, fakeResult, LoadedModule, dontSend } from './fakes';

describe('host connection state', () => {
  function setup() {
    const h = hostParts();
    const calls: VerifyOptions[] = [];
    let now = 1_000_000;
    const gw = { verify: async (o: VerifyOptions) => (calls.push(o), fakeResult(o)) };
    const c = new Connection(h.settings, h.keychain, new LoadedModule(gw), h.logger, dontSend, () => now);
    return { ...h, c, calls, advance: (ms: number) => (now += ms) };
  }

  it('no key → not configured, and no request', async () => {
    const s = setup();
    assert.equal(await s.c.verifySaved(), undefined);
    assert.equal(s.c.state.kind, 'notConfigured');
    assert.equal(s.calls.length, 0);
  });

  it('verifies the saved values once; unchanged values are not re-verified unless forced', async () => {
    const s = setup();
    s.secrets.data.set(SECRET_KEY, 'sk-saved-key-1234567890');
    s.config.user.set('rutaapi.model', 'gpt-4.1');
    const states: string[] = [];
    s.c.onDidChange((st) => states.push(st.kind));
    await s.c.verifySaved();
    assert.deepEqual(states, ['checking', 'checked']);
    assert.equal(s.calls[0].model, 'gpt-4.1');
    assert.equal(s.calls[0].timeoutMs, 15_000);
    await s.c.verifySaved();
    assert.equal(s.calls.length, 1);
    s.config.user.set('rutaapi.model', 'deepseek-chat');
    await s.c.verifySaved();
    assert.equal(s.calls.length, 2);
    await s.c.verifySaved({ force: true });
    assert.equal(s.calls.length, 3);
  });

  it('is stale after 10 minutes', async () => {
    const s = setup();
    s.secrets.data.set(SECRET_KEY, 'sk-saved-key-1234567890');
    assert.equal(s.c.isStale(), true);
    await s.c.verifySaved();
    assert.equal(s.c.isStale(), false);
    s.advance(STALE_AFTER_MS + 1);
    assert.equal(s.c.isStale(), true);
  });

  it('a keychain failure becomes a plain not-configured state, not a crash', async () => {
    const s = setup();
    s.secrets.failGet = true;
    await s.c.verifySaved();
    assert.equal(s.c.state.kind, 'notConfigured');
    assert.ok(s.c.state.kind === 'notConfigured' && s.c.state.reason === 'keychainError');
  });

  it('an engine that cannot load gives a diagnosis instead of throwing', async () => {
    const h = hostParts();
    h.secrets.data.set(SECRET_KEY, 'sk-saved-key-1234567890');
    const c = new Connection(
      h.settings,
      h.keychain,
      { load: () => Promise.reject(new Error('dist/gateway.js missing')) },
      h.logger,
      dontSend,
    );
    const r = await c.verifySaved();
    assert.equal(r?.ok, false);
    assert.match(r!.diagnosis.detail, /gateway\.js missing/);
  });
});
