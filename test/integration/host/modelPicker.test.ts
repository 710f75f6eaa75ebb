import { strict as assert } from 'node:assert';
import * as gateway from '../../../src/core/gateway';
import type { VerificationResult, VerifyOptions } from '../../../src/core/types';
import { Connection } from '../../../src/host/connection/connectionState';
import { SECRET_KEY } from '../../../src/host/connection/keychain';
import { ModelCache } from '../../../src/host/connection/modelCache';
import { firstShownRow, matchesQuickPickFilter, pickModel } from '../../../src/host/commands/modelPicker';
import { SANDBOX_MODELS } from '../../../src/sandbox/models';
import { startSandbox, type Sandbox } from '../../../src/sandbox/server';
import { FakeMemento, FakeNotify, hostParts, LoadedModule, dontSend } from '../../unit/host/fakes';
import { fakeVscode } from '../../unit/host/fakeVscode';

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
    const connection = new Connection(h.settings, h.keychain, new LoadedModule(gw), h.logger, dontSend);
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

  describe('what the user typed (VS Code 1.139 keeps a hidden active row)', () => {
    // The list request waits for `release()`; the chat step for the pick goes through at once.
    function gated() {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const calls: VerifyOptions[] = [];
      const gw = {
        async verify(o: VerifyOptions): Promise<VerificationResult> {
          calls.push(o);
          if (!o.chatOnly) await gate;
          return gateway.verify(o);
        },
      };
      return { gw, calls, release };
    }
    async function until(what: string, ok: () => boolean) {
      for (let i = 0; i < 400 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
      assert.ok(ok(), what);
    }
    async function open(g: ReturnType<typeof gated>) {
      const s = setup('', g.gw);
      s.secrets.data.set(SECRET_KEY, 'sk-ruta-sandbox-ok-typed1234567');
      s.config.user.set('rutaapi.baseUrl', sandbox.baseUrl);
      s.config.user.set('rutaapi.model', 'deepseek-chat');
      await s.cache.set(sandbox.baseUrl, [...SANDBOX_MODELS]);
      const done = s.run();
      await until('picker shown', () => s.f.quickPicks[0]?.visible === true);
      return { s, qp: s.f.quickPicks[0], done };
    }

    it('type a filter, Enter: the first row the filter shows is tested and saved, not the hidden current model', async () => {
      const g = gated();
      const { s, qp, done } = await open(g);
      assert.equal(qp.activeItems[0]?.id, 'deepseek-chat', 'nothing typed: the current model is the active row');
      qp.type('gpt');
      qp.accept();
      g.release();
      await done;
      assert.ok(
        g.calls.some((c) => c.chatOnly && c.model === 'gpt-4.1'),
        'the first shown match was tested',
      );
      assert.equal(s.config.user.get('rutaapi.model'), 'gpt-4.1');
    });

    it('a live list arriving after the typing keeps the filter and the row the user moved to', async () => {
      const g = gated();
      const { s, qp, done } = await open(g);
      qp.type('gpt');
      assert.equal(qp.activeItems[0]?.id, 'gpt-4.1', 'the first shown match is the active row');
      qp.down();
      assert.equal(qp.activeItems[0]?.id, 'gpt-4o-mini');
      const cachedItems = qp.items;
      g.release();
      await until('live list shown', () => qp.items !== cachedItems && !qp.busy);
      assert.equal(qp.value, 'gpt', 'the filter stays');
      assert.equal(qp.activeItems[0]?.id, 'gpt-4o-mini', 'the row stays');
      qp.accept();
      await done;
      assert.ok(g.calls.some((c) => c.chatOnly && c.model === 'gpt-4o-mini'));
      assert.equal(s.config.user.get('rutaapi.model'), 'gpt-4o-mini');
    });

    it('typing more keeps the row the user moved to while the filter shows it', async () => {
      const g = gated();
      const { qp, done } = await open(g);
      qp.type('gpt');
      qp.down();
      qp.type('gpt-4');
      assert.equal(qp.activeItems[0]?.id, 'gpt-4o-mini');
      qp.type('gpt-4.');
      assert.equal(qp.activeItems[0]?.id, 'gpt-4.1', 'hidden now: the first shown row');
      qp.hide();
      g.release();
      await done;
    });

    it('clearing the filter makes the current model the active row again', async () => {
      const g = gated();
      const { qp, done } = await open(g);
      qp.type('llama');
      assert.equal(qp.activeItems[0]?.id, 'llama-3.3-70b-instruct');
      qp.type('');
      assert.equal(qp.activeItems[0]?.id, 'deepseek-chat');
      qp.hide();
      g.release();
      await done;
    });

    it('matches as the quick pick filters: substring, any case, * for anything, special characters literal', () => {
      assert.ok(matchesQuickPickFilter('MINI', 'gpt-4o-mini'));
      assert.ok(matchesQuickPickFilter(' 4o ', 'gpt-4o-mini'));
      assert.ok(matchesQuickPickFilter('gpt*mini', 'gpt-4o-mini'));
      assert.ok(matchesQuickPickFilter('4.1', 'gpt-4.1'));
      assert.ok(!matchesQuickPickFilter('4.1', 'gpt-401'));
      assert.ok(!matchesQuickPickFilter('(', 'gpt-4.1'));
      assert.ok(matchesQuickPickFilter('', 'anything'));
      const rows = ['deepseek-chat', 'my-gpt', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.10'].map((label) => ({ label }));
      assert.equal(firstShownRow('GPT', rows)?.label, 'gpt-4.1', 'prefix matches first, the shorter one first');
      assert.equal(firstShownRow('4o', rows)?.label, 'gpt-4o-mini');
      assert.equal(firstShownRow('zzz', rows), undefined);
    });
  });
});
