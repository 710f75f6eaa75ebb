import { strict as assert } from 'node:assert';
import * as gateway from '../../../src/core/gateway';
import type { VerificationResult, VerifyOptions } from '../../../src/core/types';
import { Connection } from '../../../src/host/connectionState';
import { LoadedModule } from '../../../src/host/chunks';
import { SECRET_KEY } from '../../../src/host/keychain';
import { ModelCache } from '../../../src/host/modelCache';
import { pickModel } from '../../../src/host/modelPicker';
import { startSandbox, type Sandbox } from '../../../src/sandbox/server';
import { FakeMemento, FakeNotify, hostParts } from './fakes';
import { fakeVscode } from './fakeVscode';

describe('host model picker', function () {
  this.timeout(20_000);
  let sandbox: Sandbox;
  before(async () => (sandbox = await startSandbox({ port: 0 })));
  after(async () => sandbox.close());

  function setup(acceptLabel: string, gw: { verify(o: VerifyOptions): Promise<VerificationResult> } = gateway) {
    const h = hostParts();
    const f = fakeVscode({ acceptLabel });
    const memento = new FakeMemento();
    const cache = new ModelCache(memento);
    const connection = new Connection(h.settings, h.keychain, new LoadedModule(gw), h.logger);
    const diagnoses: VerificationResult[] = [];
    const run = () =>
      pickModel({
        vs: f.vs,
        settings: h.settings,
        keychain: h.keychain,
        connection,
        cache,
        showDiagnosis: (r) => diagnoses.push(r),
        notConfigured: () => assert.fail('not configured'),
        notify: new FakeNotify(),
      });
    return { ...h, f, memento, cache, connection, diagnoses, run };
  }

  it('fills from /models, marks the current model, caches ids without secrets, tests the pick, then saves it', async () => {
    const s = setup('deepseek-chat');
    const key = 'sk-ruta-sandbox-ok-picker12345678';
    s.secrets.data.set(SECRET_KEY, key);
    s.config.user.set('rutaapi.baseUrl', sandbox.baseUrl);
    s.config.user.set('rutaapi.model', 'gpt-4.1');
    await s.run();
    const qp = s.f.quickPicks[0];
    assert.equal(qp.items[0].label, 'gpt-4.1', 'current model first');
    assert.equal(qp.items[0].description, 'current');
    assert.equal(qp.busy, false);
    assert.equal(qp.buttons.length, 1, 'refresh button');
    assert.equal(s.config.user.get('rutaapi.model'), 'deepseek-chat');
    assert.equal(s.connection.state.kind, 'checked');
    const cached = JSON.stringify([...s.memento.data.values()]);
    assert.match(cached, /deepseek-chat/);
    assert.ok(!cached.includes(key));
    assert.ok(s.cache.get(sandbox.baseUrl)?.models.includes('gpt-4o-mini'));
  });

  it('a failing chat step shows the diagnosis and keeps the old model', async () => {
    const calls: VerifyOptions[] = [];
    const fake = {
      async verify(o: VerifyOptions): Promise<VerificationResult> {
        calls.push(o);
        const r = await gateway.verify({ ...o, apiKey: o.chatOnly ? 'sk-ruta-sandbox-nocredits-x1234567' : o.apiKey });
        return r;
      },
    };
    const s = setup('gpt-4o-mini', fake);
    s.secrets.data.set(SECRET_KEY, 'sk-ruta-sandbox-ok-picker99999999');
    s.config.user.set('rutaapi.baseUrl', sandbox.baseUrl);
    s.config.user.set('rutaapi.model', 'gpt-4.1');
    await s.run();
    assert.ok(
      calls.some((c) => c.chatOnly && c.model === 'gpt-4o-mini'),
      'ran the chat step for the pick',
    );
    assert.equal(s.diagnoses[0]?.diagnosis.code, 'insufficient_credits');
    assert.equal(s.config.user.get('rutaapi.model'), 'gpt-4.1');
    assert.equal(s.config.writes.length, 0);
  });
});
