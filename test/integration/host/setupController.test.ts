import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import * as gateway from '../../../src/core/gateway';
import type { VerificationResult, VerifyOptions } from '../../../src/core/types';
import { startSandbox, type Sandbox } from '../../../src/sandbox/server';
import { Connection, type GatewayModule } from '../../../src/host/connection/connectionState';
import type { OriginConfirm } from '../../../src/host/connection/keyGate';
import { SECRET_KEY } from '../../../src/host/connection/keychain';
import { SetupController } from '../../../src/host/panel/setupController';
import { parseHostMessage, parseWebviewMessage, type HostMessage } from '../../../src/protocol/messages';
import { FakeClipboard, FakeNotify, hostParts, tick, LoadedModule, dontSend } from '../../unit/host/fakes';

function setup(gw: GatewayModule = gateway, opts: { hasWorkspace?: boolean; confirmOrigin?: OriginConfirm } = {}) {
  const parts = hostParts();
  const posted: HostMessage[] = [];
  const clipboard = new FakeClipboard();
  const notify = new FakeNotify();
  const opened: string[] = [];
  const connection = new Connection(parts.settings, parts.keychain, new LoadedModule(gw), parts.logger, opts.confirmOrigin ?? dontSend);
  const controller = new SetupController({
    post: (m) => {
      // Every message the host posts must pass the webview's own schema.
      assert.ok(parseHostMessage(JSON.parse(JSON.stringify(m))), `invalid host message ${JSON.stringify(m).slice(0, 200)}`);
      posted.push(m);
      return Promise.resolve(true);
    },
    ...parts,
    connection,
    clipboard,
    notify,
    open: (t) => void opened.push(t),
    supportReport: (r) => `report ${r.diagnosis.code} ${r.key.redacted}`,
    isCursor: false,
    hasWorkspace: opts.hasWorkspace ?? true,
  });
  const of = <T extends HostMessage['type']>(type: T) => posted.filter((m): m is Extract<HostMessage, { type: T }> => m.type === type);
  const waitFor = async (pred: () => boolean, ms = 10_000) => {
    const end = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > end) throw new Error('timed out waiting');
      await tick(5);
    }
  };
  return { ...parts, posted, clipboard, notify, opened, connection, controller, of, waitFor };
}

describe('setup panel host side (SetupController) against the sandbox gateway', function () {
  this.timeout(20_000);
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  after(async () => {
    await sandbox.close();
  });

  it('ready → init with strings and saved state, without the key', async () => {
    const h = setup();
    h.secrets.data.set(SECRET_KEY, 'sk-ruta-sandbox-ok-secretvalue123');
    h.config.user.set('rutaapi.model', 'gpt-4.1');
    await h.controller.handle({ type: 'ready' });
    const init = h.of('init')[0];
    assert.ok(init);
    assert.equal(init.state.model, 'gpt-4.1');
    assert.equal(init.state.hasKey, true);
    assert.equal(init.strings.verify, 'Verify');
    assert.doesNotMatch(JSON.stringify(h.posted), /secretvalue123/);
  });

  it('verify runs both steps, then save stores key + settings; the key is never posted to the webview', async () => {
    const h = setup();
    const key = 'sk-ruta-sandbox-ok-abcdef1234567890';
    await h.controller.handle({ type: 'verify', baseUrl: sandbox.baseUrl, apiKey: key, model: 'gpt-4.1' });
    const steps = h.of('step').map((m) => `${m.step.name}:${m.step.state}`);
    assert.deepEqual(steps, ['models:running', 'chat:idle', 'models:ok', 'chat:running', 'chat:ok']);
    const models = h.of('models')[0];
    assert.ok(models.models.includes('gpt-4.1'));
    assert.equal(models.selected, 'gpt-4.1');
    const done = h.of('verifyDone').at(-1)!;
    assert.equal(done.ok, true);
    assert.equal(done.verifiedModel, 'gpt-4.1');
    const chatStep = h.of('step').at(-1)!.step;
    assert.equal(chatStep.status, 200);
    assert.ok(chatStep.requestId);

    // Save with different form values is refused.
    await h.controller.handle({ type: 'save', baseUrl: sandbox.baseUrl, apiKey: key, model: 'deepseek-chat', scope: 'user' });
    assert.equal(h.of('saveFailed').length, 1);
    assert.equal(h.secrets.data.size, 0);
    assert.equal(h.config.writes.length, 0);

    await h.controller.handle({ type: 'save', baseUrl: sandbox.baseUrl, apiKey: key, model: 'gpt-4.1', scope: 'user' });
    const saved = h.of('saved')[0];
    assert.ok(saved, JSON.stringify(h.of('saveFailed')));
    assert.equal(h.secrets.data.get(SECRET_KEY), key);
    assert.equal(h.config.user.get('rutaapi.model'), 'gpt-4.1');
    assert.equal(h.config.user.get('rutaapi.baseUrl'), sandbox.baseUrl);
    assert.equal(h.connection.state.kind, 'checked');
    // The saved connection knows every model step 1 returned, not only the one step 2 tried
    // (the chat model picker and the language-model provider list them).
    const state = h.connection.state;
    assert.ok(state.kind === 'checked' && state.result.models.includes('deepseek-chat'), 'step 1 models reach the saved state');

    await h.controller.handle({ type: 'copy', what: 'key' });
    assert.equal(h.clipboard.text, key);
    assert.ok(
      h.notify.messages.some((m) => m.level === 'warn'),
      'copying the key warns',
    );
    await h.controller.handle({ type: 'copy', what: 'report' });
    assert.match(h.clipboard.text, /^report ok/);

    const all = JSON.stringify(h.posted);
    assert.ok(!all.includes(key), 'the key was posted to the webview');
    assert.ok(!all.includes('abcdef1234567890'));
    assert.ok(!h.channel.lines.join('\n').includes(key), 'the key reached the log');
  });

  it('a failed verification never touches saved values (403 no credits)', async () => {
    const h = setup();
    h.secrets.data.set(SECRET_KEY, 'sk-old-saved-key-0000000000');
    h.config.user.set('rutaapi.model', 'gpt-4o-mini');
    await h.controller.handle({
      type: 'verify',
      baseUrl: sandbox.baseUrl,
      apiKey: 'sk-ruta-sandbox-nocredits-zz9999999',
      model: 'gpt-4.1',
    });
    const done = h.of('verifyDone').at(-1)!;
    assert.equal(done.ok, false);
    assert.equal(done.diagnosis?.code, 'insufficient_credits');
    assert.ok(done.diagnosis?.fixes.some((f) => f.kind === 'open_billing'));
    await h.controller.handle({
      type: 'save',
      baseUrl: sandbox.baseUrl,
      apiKey: 'sk-ruta-sandbox-nocredits-zz9999999',
      model: 'gpt-4.1',
      scope: 'user',
    });
    assert.equal(h.secrets.data.get(SECRET_KEY), 'sk-old-saved-key-0000000000');
    assert.equal(h.config.user.get('rutaapi.model'), 'gpt-4o-mini');
    assert.equal(h.config.writes.length, 0);
  });

  it('cancel returns at once while the gateway never answers', async () => {
    const h = setup();
    const p = h.controller.handle({
      type: 'verify',
      baseUrl: sandbox.baseUrl,
      apiKey: 'sk-ruta-sandbox-blackhole-1234567',
      model: 'gpt-4.1',
    });
    await h.waitFor(() => h.of('step').some((m) => m.step.state === 'running'));
    await tick(50);
    // "At once" without a clock: the cancelled verdict is posted synchronously, inside the call,
    // while the black hole still holds the request (it would for the 15 s deadline).
    const cancelled = h.controller.handle({ type: 'cancel' });
    const done = h.of('verifyDone').at(-1);
    assert.equal(done?.cancelled, true, 'verifyDone { cancelled: true } was posted before handle() returned');
    await cancelled;
    await p;
    assert.equal(h.of('verifyDone').length, 1, 'the late answer is ignored');
  });

  it('a typed model id that /models does not return gets model_not_found with the closest id as a fix', async () => {
    const h = setup();
    await h.controller.handle({ type: 'verify', baseUrl: sandbox.baseUrl, apiKey: 'sk-ruta-sandbox-ok-q1234567890', model: 'gpt-4o-mimi' });
    assert.equal(h.of('models')[0].selected, undefined);
    const done = h.of('verifyDone').at(-1)!;
    assert.equal(done.ok, false);
    assert.equal(done.diagnosis?.code, 'model_not_found');
    assert.ok(
      done.diagnosis?.fixes.some((f) => f.kind === 'pick_model' && f.value === 'gpt-4o-mini'),
      JSON.stringify(done.diagnosis),
    );
    assert.match(
      done.diagnosis?.detail ?? '',
      /closest returned id is "gpt-4o-mini"/,
      'the card text names the suggestion, not only the button',
    );
  });

  it('the saved model missing from /models is not preselected and step 2 waits for a pick', async () => {
    const h = setup();
    h.config.user.set('rutaapi.model', 'gpt-9-imaginary');
    await h.controller.handle({ type: 'verify', baseUrl: sandbox.baseUrl, apiKey: 'sk-ruta-sandbox-ok-q1234567890' });
    assert.equal(h.of('models')[0].selected, undefined);
    assert.equal(h.of('verifyDone').at(-1)!.ok, false);
    assert.equal(h.of('verifyDone').at(-1)!.diagnosis, undefined);
    assert.ok(h.of('announce').some((a) => a.text.includes('gpt-9-imaginary')));
    await h.controller.handle({
      type: 'verifyModel',
      baseUrl: sandbox.baseUrl,
      apiKey: 'sk-ruta-sandbox-ok-q1234567890',
      model: 'deepseek-chat',
    });
    assert.equal(h.of('verifyDone').at(-1)!.ok, true);
    assert.equal(h.of('verifyDone').at(-1)!.verifiedModel, 'deepseek-chat');
  });

  it('an empty key field verifies with the saved key, and saving keeps it', async () => {
    // The saved key was saved for api.rutaapi.com (migration): the sandbox's origin is confirmed once.
    const asked: string[] = [];
    const h = setup(gateway, { confirmOrigin: async (r) => (asked.push(r.origin), true) });
    h.secrets.data.set(SECRET_KEY, 'sk-ruta-sandbox-ok-savedkey99999');
    await h.controller.handle({ type: 'verify', baseUrl: sandbox.baseUrl, apiKey: '', model: 'gpt-4.1' });
    assert.equal(h.of('verifyDone').at(-1)!.ok, true);
    await h.controller.handle({ type: 'save', baseUrl: sandbox.baseUrl, apiKey: '', model: 'gpt-4.1', scope: 'workspace' });
    assert.ok(h.of('saved')[0]);
    assert.equal(h.secrets.data.get(SECRET_KEY), 'sk-ruta-sandbox-ok-savedkey99999');
    assert.equal(h.config.workspace.get('rutaapi.model'), 'gpt-4.1');
    assert.deepEqual(asked, [sandbox.origin], 'asked once, for the sandbox origin');
  });
});

describe('SetupController message handling', () => {
  const fakeGateway: GatewayModule & { calls: VerifyOptions[] } = {
    calls: [],
    verify(o: VerifyOptions): Promise<VerificationResult> {
      this.calls.push(o);
      return Promise.reject(new Error('must not be called by malformed input'));
    },
  };

  it('drops and logs unknown or malformed messages', async () => {
    const h = setup(fakeGateway);
    for (const m of [
      null,
      42,
      'verify',
      {},
      { type: 'nope' },
      { type: 'verify' },
      { type: 'save', baseUrl: 1 },
      { type: 'ready', extra: 1 },
      { type: 'copy', what: 'everything' },
    ]) {
      await h.controller.handle(m);
    }
    assert.equal(h.posted.length, 0);
    assert.equal(fakeGateway.calls.length, 0);
    assert.ok(h.channel.lines.filter((l) => l.includes('Dropped')).length >= 9);
  });

  it('settings changed elsewhere (model picker, settings editor) reach an open panel; never the key', async () => {
    const h = setup(fakeGateway);
    h.secrets.data.set(SECRET_KEY, 'sk-ruta-sandbox-ok-elsewhere9999');
    h.config.user.set('rutaapi.model', 'deepseek-chat');
    h.config.user.set('rutaapi.baseUrl', 'https://api.rutaapi.com/v1');
    h.controller.settingsChanged();
    assert.deepEqual(h.of('savedSettings'), [{ type: 'savedSettings', baseUrl: 'https://api.rutaapi.com/v1', model: 'deepseek-chat' }]);
    assert.ok(!JSON.stringify(h.posted).includes('elsewhere9999'));
  });

  it('a dropped message is logged without echoing what it carried (a pasted secret in "type")', async () => {
    const h = setup(fakeGateway);
    await h.controller.handle({ type: 'hunter2-pasted-secret-value' });
    const dropped = h.channel.lines.filter((l) => l.includes('Dropped'));
    assert.equal(dropped.length, 1);
    assert.ok(!dropped[0].includes('hunter2'), dropped[0]);
  });

  it('fuzz: arbitrary input never throws and never executes anything', async () => {
    const h = setup(fakeGateway);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything(),
          fc.record(
            {
              type: fc.constantFrom('verify', 'save', 'cancel', 'copy', 'open', 'verifyModel', 'x'),
              baseUrl: fc.anything(),
              apiKey: fc.anything(),
              model: fc.anything(),
              what: fc.string(),
              target: fc.string(),
              scope: fc.string(),
            },
            { requiredKeys: ['type'] },
          ),
        ),
        async (input) => {
          // Only inputs the schema rejects are interesting here (valid ones are tested above).
          if (parseWebviewMessage(input)) return;
          await h.controller.handle(input);
        },
      ),
      { numRuns: 300 },
    );
    assert.equal(fakeGateway.calls.length, 0);
    assert.equal(h.secrets.data.size, 0);
    assert.equal(h.config.writes.length, 0);
    assert.equal(h.clipboard.text, '');
    assert.deepEqual(h.opened, []);
  });
});

describe('SetupController key state', () => {
  it('tells the panel when the saved key changes elsewhere, without the key itself', async () => {
    const parts = hostParts();
    const posted: HostMessage[] = [];
    const c = new SetupController({
      post: (m) => void posted.push(m),
      ...parts,
      connection: new Connection(parts.settings, parts.keychain, new LoadedModule(gateway), parts.logger, dontSend),
      clipboard: new FakeClipboard(),
      notify: new FakeNotify(),
      open: () => undefined,
      supportReport: () => '',
      isCursor: false,
      hasWorkspace: false,
    });
    await parts.keychain.store('sk-ruta-elsewhere-1234567890');
    await parts.keychain.delete();
    assert.deepEqual(
      posted.map((m) => m.type === 'keyState' && m.hasKey),
      [true, false],
    );
    assert.ok(!JSON.stringify(posted).includes('sk-ruta-elsewhere-1234567890'));
    c.dispose();
  });
});
