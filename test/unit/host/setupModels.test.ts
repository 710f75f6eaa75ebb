// The setup panel's model list by protocol (issue 21, item 5): only models that can chat are
// choices; the others arrive apart with what they serve; a saved model that cannot chat is named
// by the engine (model_wrong_protocol) before any chat request. The real engine runs against a stub fetch.
import { strict as assert } from 'node:assert';
import type { VerifyOptions } from '../../../src/core/types';
import { verify } from '../../../src/core/verify';
import { clearDiscoveryCache } from '../../../src/core/gatewayAccount/discovery';
import { Connection } from '../../../src/host/connection/connectionState';
import { SECRET_KEY } from '../../../src/host/connection/keychain';
import { SetupController } from '../../../src/host/panel/setupController';
import { parseHostMessage, type HostMessage } from '../../../src/protocol/messages';
import { FakeClipboard, FakeNotify, fakeAccountRead, hostParts, LoadedModule, dontSend } from './fakes';

const KEY = 'sk-ruta-saved-key-1234567890';
const LIST = {
  object: 'list',
  data: [
    { id: 'gpt-4.1', supported_endpoint_types: ['openai', 'openai-response'] },
    { id: 'codex-mini', supported_endpoint_types: ['openai-response'] },
    { id: 'text-embedding-3-small', supported_endpoint_types: ['embeddings'] },
    { id: 'legacy' },
  ],
};

function setup(list: unknown = LIST, savedModel = 'gpt-4.1') {
  const h = hostParts();
  const posted: HostMessage[] = [];
  const paths: string[] = [];
  const fetch = (async (input: RequestInfo | URL) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const path = new URL(url).pathname;
    paths.push(path);
    const body = path === '/v1/models' ? list : path === '/v1/chat/completions' ? { choices: [{ message: { content: 'ok' } }] } : {};
    return new Response(JSON.stringify(body), {
      status: path.startsWith('/v1/') ? 200 : 404,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof globalThis.fetch;
  const gw = { verify: (o: VerifyOptions) => verify({ ...o, fetch }), readAccount: async () => fakeAccountRead() };
  const connection = new Connection(h.settings, h.keychain, new LoadedModule(gw), h.logger, dontSend);
  const controller = new SetupController({
    post: (m) => {
      assert.ok(parseHostMessage(JSON.parse(JSON.stringify(m))), `invalid host message ${JSON.stringify(m).slice(0, 200)}`);
      posted.push(m);
      return true;
    },
    ...h,
    connection,
    clipboard: new FakeClipboard(),
    notify: new FakeNotify(),
    open: () => undefined,
    openUrl: () => undefined,
    supportReport: () => 'report',
    isCursor: false,
    hasWorkspace: true,
  });
  h.secrets.data.set(SECRET_KEY, KEY);
  h.config.user.set('rutaapi.model', savedModel);
  const of = <T extends HostMessage['type']>(type: T) => posted.filter((m): m is Extract<HostMessage, { type: T }> => m.type === type);
  return { controller, of, paths, connection };
}

const BASE = 'https://api.rutaapi.com/v1';

describe('setup panel: models by protocol', () => {
  afterEach(() => clearDiscoveryCache());

  it('offers only the models that can chat; the others come apart with what they serve', async () => {
    const s = setup();
    await s.controller.handle({ type: 'verify', baseUrl: BASE, apiKey: '', model: 'gpt-4.1' });
    const models = s.of('models').at(-1);
    assert.deepEqual(models?.models, ['gpt-4.1', 'legacy'], 'a model without the field can still chat');
    assert.equal(models?.selected, 'gpt-4.1');
    assert.deepEqual(models?.others, [
      { id: 'codex-mini', serves: ['openai-response'] },
      { id: 'text-embedding-3-small', serves: ['embeddings'] },
    ]);
    assert.ok(s.of('verifyDone').at(-1)?.ok);
  });

  it('a gateway that names no endpoint types: every model is a choice and no other group', async () => {
    const s = setup({ data: [{ id: 'a' }, { id: 'b' }] }, 'a');
    await s.controller.handle({ type: 'verify', baseUrl: BASE, apiKey: '', model: '' });
    const models = s.of('models').at(-1);
    assert.deepEqual(models?.models, ['a', 'b']);
    assert.equal(models?.others, undefined);
  });

  it('a saved model that cannot chat is named (model_wrong_protocol) before any chat request, with chat models to pick', async () => {
    const s = setup(LIST, 'text-embedding-3-small');
    await s.controller.handle({ type: 'verify', baseUrl: BASE, apiKey: '', model: '' });
    const done = s.of('verifyDone').at(-1);
    assert.equal(done?.ok, false);
    assert.equal(done?.diagnosis?.code, 'model_wrong_protocol');
    assert.match(done?.diagnosis?.detail ?? '', /embeddings/);
    assert.ok(done?.diagnosis?.fixes.some((f) => f.kind === 'pick_model' && f.value === 'gpt-4.1'));
    assert.ok(!s.paths.includes('/v1/chat/completions'), 'no chat request');
  });

  it('step 2 alone for a model typed in (chat only, the earlier list): the engine still knows it cannot chat', async () => {
    const s = setup();
    await s.controller.handle({ type: 'verify', baseUrl: BASE, apiKey: '', model: 'gpt-4.1' });
    const chats = s.paths.filter((p) => p === '/v1/chat/completions').length;
    await s.controller.handle({ type: 'verifyModel', baseUrl: BASE, apiKey: '', model: 'codex-mini' });
    assert.equal(s.of('verifyDone').at(-1)?.diagnosis?.code, 'model_wrong_protocol');
    assert.equal(s.paths.filter((p) => p === '/v1/chat/completions').length, chats, 'no new chat request');
  });

  it('Save hands the saved connection what each model serves (step 2 alone lists none): the chat provider and the terminals read it', async () => {
    const s = setup();
    await s.controller.handle({ type: 'verify', baseUrl: BASE, apiKey: '', model: 'gpt-4.1' });
    await s.controller.handle({ type: 'save', baseUrl: BASE, apiKey: '', model: 'gpt-4.1', scope: 'user' });
    const state = s.connection.state;
    assert.equal(state.kind, 'checked');
    assert.deepEqual(state.kind === 'checked' ? state.result.modelEndpoints : undefined, {
      'gpt-4.1': ['openai', 'openai-response'],
      'codex-mini': ['openai-response'],
      'text-embedding-3-small': ['embeddings'],
    });
  });
});
