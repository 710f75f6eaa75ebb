import { strict as assert } from 'node:assert';
import { Keychain, KeychainError, SECRET_KEY } from '../../../src/host/connection/keychain';
import { FakeSecretStorage, tick } from './fakes';

describe('host keychain (SecretStorage)', () => {
  it('caches reads and re-reads when SecretStorage reports a change from another window', async () => {
    const s = new FakeSecretStorage();
    s.data.set(SECRET_KEY, 'sk-first-key-000000000');
    const k = new Keychain(s);
    const seen: Array<string | undefined> = [];
    k.onDidChangeKey((v) => seen.push(v));
    assert.equal(await k.get(), 'sk-first-key-000000000');
    assert.equal(await k.get(), 'sk-first-key-000000000');
    assert.equal(s.reads, 1);
    s.externalSet(SECRET_KEY, 'sk-second-key-11111111');
    await tick(5);
    assert.equal(await k.get(), 'sk-second-key-11111111');
    assert.deepEqual(seen, ['sk-second-key-11111111']);
    // A change event with the same value (or another secret) fires nothing.
    s.externalSet(SECRET_KEY, 'sk-second-key-11111111');
    s.externalSet('other.secret', 'x');
    await tick(5);
    assert.deepEqual(seen, ['sk-second-key-11111111']);
    s.externalSet(SECRET_KEY, undefined);
    await tick(5);
    assert.deepEqual(seen, ['sk-second-key-11111111', undefined]);
    assert.equal(await k.has(), false);
    k.dispose();
  });

  it('turns SecretStorage failures into a plain message with what to do, losing nothing', async () => {
    const s = new FakeSecretStorage();
    s.data.set(SECRET_KEY, 'sk-kept-key-22222222222');
    const k = new Keychain(s);
    s.failStore = true;
    await assert.rejects(k.store('sk-new-key-3333333333'), (e: unknown) => {
      assert.ok(e instanceof KeychainError);
      assert.match(e.message, /keyring|keychain/i);
      assert.match(e.message, /Nothing was lost/);
      return true;
    });
    assert.equal(s.data.get(SECRET_KEY), 'sk-kept-key-22222222222');
    s.failGet = true;
    await assert.rejects(new Keychain(s).get(), KeychainError);
  });

  it('reports every key it sees so the logger can scrub it', async () => {
    const s = new FakeSecretStorage();
    const seen: string[] = [];
    const k = new Keychain(s, (v) => seen.push(v));
    await k.store('sk-abc-4444444444444');
    s.data.set(SECRET_KEY, 'sk-def-5555555555555');
    s.externalSet(SECRET_KEY, 'sk-def-5555555555555');
    await tick(5);
    assert.deepEqual([...new Set(seen)], ['sk-abc-4444444444444', 'sk-def-5555555555555']);
  });
});
