// Models by protocol (issue 21, item 5): /v1/models' `supported_endpoint_types` read with zod/mini,
// the chat filter, and `model_wrong_protocol` before any chat request.
import { strict as assert } from 'node:assert';
import { clearDiscoveryCache } from '../../src/core/gatewayAccount/discovery';
import { chatModels, chatProviderModels, otherModels, protocolsOf, servesResponsesOnly } from '../../src/core/modelProtocols';
import { modelIds } from '../../src/core/verification/replies';
import { verify } from '../../src/core/verify';
import { savedModelEndpoints, savedModelIds } from '../../src/host/lm/models';

const KEY = 'sk-ruta-sandbox-protocols-0123456789abcdef';
const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const LIST = {
  object: 'list',
  data: [
    { id: 'gpt-4.1', object: 'model', supported_endpoint_types: ['openai', 'openai-response'] },
    { id: 'claude-sonnet-4', object: 'model', supported_endpoint_types: ['anthropic', 'openai'] },
    { id: 'codex-mini', object: 'model', supported_endpoint_types: ['openai-response'] },
    { id: 'text-embedding-3-small', object: 'model', supported_endpoint_types: ['embeddings'] },
    { id: 'legacy', object: 'model' },
    { id: 'odd', object: 'model', supported_endpoint_types: 'openai' },
  ],
};

function parse(body: unknown) {
  const r = json(body);
  const text = JSON.stringify(body);
  return modelIds(text, new TextEncoder().encode(text), r);
}

describe('models by protocol', () => {
  afterEach(() => clearDiscoveryCache());

  it('reads supported_endpoint_types per model; absent or malformed is unknown (serves everything)', () => {
    const p = parse(LIST);
    assert.ok('value' in p);
    assert.deepEqual(p.value.ids, ['gpt-4.1', 'claude-sonnet-4', 'codex-mini', 'text-embedding-3-small', 'legacy', 'odd']);
    const e = p.value.endpoints;
    assert.deepEqual(protocolsOf('codex-mini', e), ['openai-response']);
    assert.equal(protocolsOf('legacy', e), undefined);
    assert.equal(protocolsOf('odd', e), undefined, 'a string instead of a list is not trusted');
    assert.equal(protocolsOf('constructor', e), undefined, 'no prototype lookups');
    assert.deepEqual(chatModels(p.value.ids, e), ['gpt-4.1', 'claude-sonnet-4', 'legacy', 'odd']);
  });

  it('Responses-only models: the chat provider speaks them; the panel lists them with the others that cannot chat', () => {
    const p = parse(LIST);
    assert.ok('value' in p);
    const e = p.value.endpoints;
    assert.equal(servesResponsesOnly('codex-mini', e), true);
    assert.equal(servesResponsesOnly('gpt-4.1', e), false, 'chat completions first when a model serves both');
    assert.equal(servesResponsesOnly('legacy', e), false);
    assert.deepEqual(chatProviderModels(p.value.ids, e), ['gpt-4.1', 'claude-sonnet-4', 'codex-mini', 'legacy', 'odd']);
    assert.deepEqual(otherModels(p.value.ids, e), [
      { id: 'codex-mini', serves: ['openai-response'] },
      { id: 'text-embedding-3-small', serves: ['embeddings'] },
    ]);
    assert.deepEqual(otherModels(p.value.ids, undefined), []);
  });

  it('a gateway without the field: every model can chat, as before', () => {
    const p = parse({ data: [{ id: 'a' }, { id: 'b' }] });
    assert.ok('value' in p);
    assert.deepEqual(p.value.endpoints, {});
    assert.deepEqual(chatModels(p.value.ids, undefined), ['a', 'b']);
  });

  it('the list shape problems stay what they were: no data, entries without ids, an empty list', () => {
    assert.deepEqual(parse({ object: 'list' }), { problem: 'no_data' });
    assert.deepEqual(parse({ data: [{ name: 'x' }] }), { problem: 'no_data' });
    assert.deepEqual(parse({ data: [] }), { problem: 'empty_models' });
  });

  it('a long model id is still a model (the body size cap bounds ids; each surface cuts its own)', () => {
    const long = `model-${'x'.repeat(10_000)}`;
    const read = parse({ data: [{ id: long }, { id: 'short' }] });
    assert.ok('value' in read, 'a list, not a shape problem');
    assert.deepEqual(
      read.value.ids.map((id) => id.length),
      [long.length, 'short'.length],
    );
  });

  function gateway() {
    const paths: string[] = [];
    const fetch = (async (input: RequestInfo | URL) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const path = new URL(url).pathname;
      paths.push(path);
      if (path === '/v1/models') return json(LIST);
      if (path === '/v1/chat/completions') return json({ choices: [{ message: { content: 'ok' } }] });
      return json({ error: { message: 'not found' } }, 404);
    }) as typeof globalThis.fetch;
    return { fetch, paths };
  }

  it('verify: a chosen model that cannot chat is model_wrong_protocol, naming its protocols, and no chat request is sent', async () => {
    const gw = gateway();
    const r = await verify({ apiKey: KEY, baseUrl: 'http://127.0.0.1:9/v1', model: 'text-embedding-3-small', fetch: gw.fetch });
    assert.equal(r.diagnosis.code, 'model_wrong_protocol');
    assert.match(r.diagnosis.detail, /embeddings/);
    assert.match(r.diagnosis.detail, /gpt-4\.1/, 'names the models that can chat');
    assert.ok(r.diagnosis.fixes.some((f) => f.kind === 'pick_model'));
    assert.ok(!gw.paths.includes('/v1/chat/completions'), 'no chat request');
    assert.deepEqual(r.modelEndpoints?.['codex-mini'], ['openai-response']);
  });

  it('verify: a chat-only run with the earlier list knows it too; a chat model still chats', async () => {
    const gw = gateway();
    const endpoints = { 'codex-mini': ['openai-response'] };
    const r = await verify({
      apiKey: KEY,
      baseUrl: 'http://127.0.0.1:9/v1',
      model: 'codex-mini',
      chatOnly: true,
      knownModels: ['gpt-4.1', 'codex-mini'],
      knownEndpoints: endpoints,
      fetch: gw.fetch,
    });
    assert.equal(r.diagnosis.code, 'model_wrong_protocol');
    assert.match(r.diagnosis.detail, /openai-response/);
    assert.deepEqual(
      gw.paths.filter((p) => p.startsWith('/v1/')),
      [],
      'nothing sent with the key',
    );
    const ok = await verify({ apiKey: KEY, baseUrl: 'http://127.0.0.1:9/v1', model: 'claude-sonnet-4', fetch: gw.fetch });
    assert.equal(ok.diagnosis.code, 'ok');
  });
});

describe('models by protocol in the editor', () => {
  it("the chat provider's list holds the models that serve chat completions or only the Responses API (all of them when the gateway does not say)", () => {
    const settings = { baseUrl: 'https://api.rutaapi.com/v1', model: 'gpt-4.1' };
    const cache = { get: () => undefined };
    const result = (modelEndpoints?: Record<string, string[]>) =>
      ({ ok: true, models: ['gpt-4.1', 'codex-mini', 'text-embedding-3-small'], ...(modelEndpoints ? { modelEndpoints } : {}) }) as never;
    const checked = (r: never) =>
      ({ kind: 'checked', result: r, checkedAt: 0, model: 'gpt-4.1', baseUrl: settings.baseUrl, keyRedacted: '…' }) as const;
    const typed = result({ 'gpt-4.1': ['openai'], 'codex-mini': ['openai-response'], 'text-embedding-3-small': ['embeddings'] });
    assert.deepEqual(savedModelIds(checked(typed), settings, cache), ['gpt-4.1', 'codex-mini']);
    assert.deepEqual(savedModelIds({ kind: 'checking', previous: typed }, settings, cache), ['gpt-4.1', 'codex-mini']);
    assert.deepEqual(
      savedModelEndpoints(checked(typed), settings, cache)?.['codex-mini'],
      ['openai-response'],
      'the provider learns which API to speak',
    );
    // Not checked this session (verifyOnStartup off): what the cached list says each model serves.
    const cached = { get: () => ({ models: ['gpt-4.1', 'codex-mini'], endpoints: { 'codex-mini': ['openai-response'] } }) };
    const unchecked = { kind: 'unchecked', baseUrl: settings.baseUrl, model: 'gpt-4.1' } as const;
    assert.deepEqual(savedModelIds(unchecked, settings, cached), ['gpt-4.1', 'codex-mini']);
    assert.deepEqual(savedModelEndpoints(unchecked, settings, cached), { 'codex-mini': ['openai-response'] });
    assert.equal(savedModelEndpoints(unchecked, settings, cache), undefined, 'an old cache without types: every model chats');
    assert.deepEqual(savedModelIds(checked(result()), settings, cache), ['gpt-4.1', 'codex-mini', 'text-embedding-3-small']);
  });
});
