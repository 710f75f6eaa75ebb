// The chat provider with a model the gateway lists only for the Responses API (issue 21, item 5),
// against the sandbox's `kinds` key: it is offered (the embedding, image and rerank models are
// not), and a chat with it goes to POST /v1/responses and streams text, a tool call, and cancels.
import { strict as assert } from 'node:assert';
import { createGatewayClient } from '../../../src/core/gatewayClient';
import { streamChat } from '../../../src/core/lm/chat';
import { ChatFailure } from '../../../src/core/lm/errors';
import { buildResponsesRequest } from '../../../src/core/lm/responsesRequest';
import { verify } from '../../../src/core/verify';
import type { ConnectionState } from '../../../src/host/connection/connectionState';
import { ModelCache } from '../../../src/host/connection/modelCache';
import { RutaLmProvider, type LmProviderDeps } from '../../../src/host/lm/provider';
import { registerLanguageModels } from '../../../src/host/lm/register';
import { Emitter } from '../../../src/host/shared/event';
import { startSandbox, type Sandbox } from '../../../src/sandbox/server';
import type { StreamRecord } from '../../../src/sandbox/streaming';

class TextPart {
  constructor(public value: string) {}
}
class ToolCallPart {
  constructor(
    public callId: string,
    public name: string,
    public input: object,
  ) {}
}

const KEY = 'sk-ruta-sandbox-kinds-responses-0123456789';
const RESPONSES_MODEL = 'codex-mini-latest';

function cancelToken() {
  const cancel = new Emitter<void>();
  const t = {
    isCancellationRequested: false,
    onCancellationRequested: cancel.event,
    cancel: () => ((t.isCancellationRequested = true), cancel.fire()),
  };
  return t;
}

describe('lm: a Responses-only model through the chat provider (sandbox)', () => {
  let sandbox: Sandbox;
  const records: StreamRecord[] = [];
  const paths: string[] = [];
  let provider: RutaLmProvider;
  const logs: string[] = [];

  before(async () => {
    sandbox = await startSandbox({ onStream: (r) => records.push(r), onRequest: (r) => paths.push(`${r.method} ${r.path}`) });
    const result = await verify({ apiKey: KEY, baseUrl: sandbox.baseUrl, model: 'gpt-4o-mini' });
    assert.ok(result.ok, result.diagnosis.detail);
    const state: ConnectionState = {
      kind: 'checked',
      result,
      checkedAt: 1,
      model: 'gpt-4o-mini',
      baseUrl: sandbox.baseUrl,
      keyRedacted: 'sk-ru…6789',
    };
    const deps: LmProviderDeps = {
      vs: { LanguageModelTextPart: TextPart, LanguageModelToolCallPart: ToolCallPart, commands: { executeCommand: async () => undefined } },
      connection: { state, savedKeyFor: async () => ({ kind: 'granted', key: KEY }), verifySaved: async () => undefined },
      settings: { baseUrl: sandbox.baseUrl, model: 'gpt-4o-mini', timeoutMs: 10_000, useBaseUrlAsEntered: false },
      modelLimits: () => ({}),
      cache: { get: () => undefined },
      loadGateway: async () => ({ createGatewayClient }),
      logger: { info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) },
      configureCommand: 'rutaapi.configure',
    };
    provider = new RutaLmProvider(deps);
  });
  after(() => sandbox.close());

  const chat = async (text: string, token = cancelToken(), onPart?: (p: unknown) => void) => {
    const parts: unknown[] = [];
    const model = (await provider.provideLanguageModelChatInformation({ silent: true }, cancelToken())).find(
      (m) => m.id === RESPONSES_MODEL,
    );
    assert.ok(model, 'the Responses-only model is offered');
    await provider.provideLanguageModelChatResponse(
      model,
      [{ role: 1, content: [new TextPart(text)], name: undefined }],
      { tools: [{ name: 'get_weather', description: 'Weather', inputSchema: { type: 'object' } }], toolMode: 1 } as never,
      { report: (p: unknown) => (parts.push(p), onPart?.(p)) },
      token,
    );
    return parts;
  };

  it('offers the chat and Responses-only models, not the embedding, image or rerank models', async () => {
    const ids = (await provider.provideLanguageModelChatInformation({ silent: true }, cancelToken())).map((m) => m.id);
    assert.ok(ids.includes(RESPONSES_MODEL));
    assert.ok(ids.includes('gpt-4o-mini'));
    for (const other of ['text-embedding-3-small', 'dall-e-3', 'jina-reranker-v2-base-multilingual'])
      assert.ok(!ids.includes(other), other);
  });

  it('streams text over POST /v1/responses', async () => {
    const before = paths.length;
    const parts = await chat('Hello');
    const text = parts.map((p) => (p instanceof TextPart ? p.value : '')).join('');
    assert.equal(text, 'Hello from the RutaAPI sandbox! This answer arrives in many small chunks, in order, and ends with a usage chunk.');
    assert.ok(parts.filter((p) => p instanceof TextPart).length > 1, 'in several parts, as it streamed');
    assert.deepEqual(
      paths.slice(before).filter((p) => p.startsWith('POST')),
      ['POST /v1/responses'],
    );
    assert.equal(records.at(-1)?.tools, 1, 'the tool was offered in the Responses shape');
    assert.ok(logs.some((l) => /lm chat ok: model=codex-mini-latest .*api=responses/.test(l)));
  });

  it('a function_call item becomes a tool call part with its call_id and arguments', async () => {
    const parts = await chat('[sandbox:tool]');
    const calls = parts.filter((p): p is ToolCallPart => p instanceof ToolCallPart);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].name, 'get_weather');
    assert.match(calls[0].callId, /^call_/);
    assert.deepEqual(calls[0].input, { city: 'Lima', unit: 'celsius' });
  });

  it('cancelling stops the stream: the sandbox sees the client go away', async () => {
    const token = cancelToken();
    let seen = 0;
    const aborted = new Promise<StreamRecord>((resolve) => {
      const check = setInterval(() => {
        const r = records.find((x) => x.scenario === 'slow' && x.outcome === 'aborted');
        if (r) {
          clearInterval(check);
          resolve(r);
        }
      }, 10);
    });
    await chat('[sandbox:slow]', token, () => {
      if (++seen === 3) token.cancel();
    });
    const record = await aborted;
    assert.ok(record.chunksSent < 600, 'ended long before the slow stream would have');
  });

  it('a spent wallet on /v1/responses gets the same diagnosis as on chat completions, the key nowhere in it', async () => {
    const key = 'sk-ruta-sandbox-wallet-responses-0123456789';
    const parts: unknown[] = [];
    await assert.rejects(
      streamChat({
        createClient: createGatewayClient,
        apiKey: key,
        baseURL: sandbox.baseUrl,
        api: 'responses',
        body: buildResponsesRequest({
          model: 'gpt-4o-mini',
          messages: [{ role: 'user', parts: [{ kind: 'text', value: 'hi' }] }],
          imageInput: false,
        }),
        onPart: (p) => parts.push(p),
        idleTimeoutMs: 10_000,
      }),
      (e: unknown) =>
        e instanceof ChatFailure &&
        e.diagnosis.code === 'insufficient_credits' &&
        !JSON.stringify(e.diagnosis).includes(key) &&
        !e.message.includes(key),
    );
    assert.deepEqual(parts, []);
  });
});

// verifyOnStartup off: the connection is not checked this session, so the provider has only the model cache
// that an earlier session's verified list filled (globalState). It must still know codex-mini-latest serves
// only the Responses API, or the chat goes to /v1/chat/completions, which the gateway refuses for that model.
describe('lm: a Responses-only model from the model cache (connection not checked this session)', () => {
  let sandbox: Sandbox;
  const paths: string[] = [];
  const memento = new (class {
    readonly data = new Map<string, unknown>();
    get<T>(key: string): T | undefined {
      return this.data.get(key) as T | undefined;
    }
    async update(key: string, value: unknown) {
      this.data.set(key, JSON.parse(JSON.stringify(value)));
    }
  })();
  const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

  before(async () => {
    sandbox = await startSandbox({ onRequest: (r) => paths.push(`${r.method} ${r.path}`) });
  });
  after(() => sandbox.close());

  it('an earlier session cached what each model serves; this one sends the Responses-only model to POST /v1/responses', async () => {
    // The earlier session: a verified list reaches the registration, which caches it.
    const result = await verify({ apiKey: KEY, baseUrl: sandbox.baseUrl, model: 'gpt-4o-mini' });
    assert.ok(result.ok, result.diagnosis.detail);
    const changed = new Emitter<ConnectionState>();
    const settings = { baseUrl: sandbox.baseUrl, model: 'gpt-4o-mini', timeoutMs: 10_000, useBaseUrlAsEntered: false };
    const vsWithLm = {
      LanguageModelTextPart: TextPart,
      LanguageModelToolCallPart: ToolCallPart,
      commands: { executeCommand: async () => undefined },
      lm: { registerLanguageModelChatProvider: () => ({ dispose: () => undefined }) },
    };
    const reg = registerLanguageModels(vsWithLm, {
      connection: {
        state: { kind: 'checking' },
        onDidChange: changed.event,
        savedKeyFor: async () => ({ kind: 'granted', key: KEY }),
        verifySaved: async () => undefined,
      },
      settings,
      modelLimits: () => ({}),
      cache: new ModelCache(memento),
      loadGateway: async () => ({ createGatewayClient }),
      logger,
      configureCommand: 'rutaapi.configure',
      onDidChangeConfiguration: () => ({ dispose: () => undefined }),
      loader: { load: async () => ({ createLmProvider: (d: LmProviderDeps) => new RutaLmProvider(d) }) },
    });
    changed.fire({ kind: 'checked', result, checkedAt: 1, model: 'gpt-4o-mini', baseUrl: sandbox.baseUrl, keyRedacted: 'sk-ru…6789' });
    await new Promise((r) => setTimeout(r, 10));
    reg?.dispose();

    // This session: not checked; a new cache over the same globalState.
    const provider = new RutaLmProvider({
      vs: vsWithLm,
      connection: {
        state: { kind: 'unchecked', baseUrl: sandbox.baseUrl, model: 'gpt-4o-mini' },
        savedKeyFor: async () => ({ kind: 'granted', key: KEY }),
        verifySaved: async () => undefined,
      },
      settings,
      modelLimits: () => ({}),
      cache: new ModelCache(memento),
      loadGateway: async () => ({ createGatewayClient }),
      logger,
      configureCommand: 'rutaapi.configure',
    });
    const model = (await provider.provideLanguageModelChatInformation({ silent: true }, cancelToken())).find(
      (m) => m.id === RESPONSES_MODEL,
    );
    assert.ok(model, 'the cached list offers the Responses-only model');
    const parts: unknown[] = [];
    const before = paths.length;
    await provider.provideLanguageModelChatResponse(
      model,
      [{ role: 1, content: [new TextPart('Hello')], name: undefined }],
      {} as never,
      { report: (p: unknown) => parts.push(p) },
      cancelToken(),
    );
    assert.deepEqual(
      paths.slice(before).filter((p) => p.startsWith('POST')),
      ['POST /v1/responses'],
    );
    assert.match(parts.map((p) => (p instanceof TextPart ? p.value : '')).join(''), /^Hello from the RutaAPI sandbox!/);
  });
});
