import { strict as assert } from 'node:assert';
import { SECRET_KEY } from '../../../src/host/connection/keychain';
import { saveAll } from '../../../src/host/panel/saveTransaction';
import { hostParts } from './fakes';

describe('host save: all-or-nothing', () => {
  it('writes Base URL, model and key', async () => {
    const h = hostParts();
    const r = await saveAll(h.settings, h.keychain, {
      baseUrl: 'https://api.rutaapi.com/v1',
      model: 'gpt-4.1',
      key: 'sk-new-key-1234567890',
      scope: 'user',
    });
    assert.deepEqual(r, { ok: true });
    assert.equal(h.config.user.get('rutaapi.model'), 'gpt-4.1');
    assert.equal(h.secrets.data.get(SECRET_KEY), 'sk-new-key-1234567890');
  });

  it('a failing model write restores the Base URL and does not store the key', async () => {
    const h = hostParts();
    h.config.user.set('rutaapi.baseUrl', 'https://old.example/v1');
    h.secrets.data.set(SECRET_KEY, 'sk-old-key-000000000');
    h.config.failWrites.add('rutaapi.model');
    const r = await saveAll(h.settings, h.keychain, {
      baseUrl: 'https://api.rutaapi.com/v1',
      model: 'gpt-4.1',
      key: 'sk-new-key-1234567890',
      scope: 'user',
    });
    assert.equal(r.ok, false);
    assert.ok(!r.ok && r.rolledBack);
    assert.equal(h.config.user.get('rutaapi.baseUrl'), 'https://old.example/v1');
    assert.equal(h.config.user.has('rutaapi.model'), false);
    assert.equal(h.secrets.data.get(SECRET_KEY), 'sk-old-key-000000000');
  });

  it('a failing key store (no keyring) restores both settings, including unset ones', async () => {
    const h = hostParts();
    h.config.workspace.set('rutaapi.model', 'deepseek-chat');
    h.secrets.failStore = true;
    const r = await saveAll(h.settings, h.keychain, {
      baseUrl: 'https://api.rutaapi.com/v1',
      model: 'gpt-4.1',
      key: 'sk-new-key-1234567890',
      scope: 'workspace',
    });
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.message : '', /Nothing was saved/);
    assert.equal(h.config.workspace.has('rutaapi.baseUrl'), false);
    assert.equal(h.config.workspace.get('rutaapi.model'), 'deepseek-chat');
    assert.equal(h.secrets.data.has(SECRET_KEY), false);
  });

  it('key: undefined keeps the saved key', async () => {
    const h = hostParts();
    h.secrets.data.set(SECRET_KEY, 'sk-old-key-000000000');
    await saveAll(h.settings, h.keychain, { baseUrl: 'https://api.rutaapi.com/v1', model: 'gpt-4.1', key: undefined, scope: 'user' });
    assert.equal(h.secrets.data.get(SECRET_KEY), 'sk-old-key-000000000');
  });
});
