// The provider (dist/lm.js) and its registration (dist/host.js) against small stand-ins for the
// editor: no `vscode` module, a real stream on 127.0.0.1 for chat.
import { strict as assert } from 'node:assert';
import { createGatewayClient } from '../../../src/core/gatewayClient';
import type { VerificationResult } from '../../../src/core/types';
import type { ConnectionState } from '../../../src/host/connection/connectionState';
import { Emitter } from '../../../src/host/shared/event';
import type { KeyGrant } from '../../../src/host/connection/keyGate';
import { RutaLmProvider, type LmProviderDeps } from '../../../src/host/lm/provider';
import { hasLanguageModelProviderApi, registerLanguageModels, type LmModule, type LmRegistrationDeps } from '../../../src/host/lm/register';
import type { LanguageModelChatInformation, LanguageModelChatProvider } from '../../../src/host/lm/vscode-lm';
import { FakeConfig, fakeResult } from '../../unit/host/fakes';
import { Settings } from '../../../src/host/connection/settings';
import { startStreamServer, type StreamServer } from './streamServer';

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

const KEY = 'sk-test-ok-0123456789abcdef';
const token = () => {
  const cancel = new Emitter<void>();
  const t = {
    isCancellationRequested: false,
    onCancellationRequested: cancel.event,
    cancel: () => ((t.isCancellationRequested = true), cancel.fire()),
  };
  return t;
};

function okResult(baseUrl: string, models = ['gpt-4o-mini', 'acme-chat-7b', 'claude-3-5-sonnet-20241022']): VerificationResult {
  return { ...fakeResult({ apiKey: KEY, baseUrl, model: 'gpt-4o-mini' }), models };
}

function world(baseUrl = 'https://api.rutaapi.com/v1') {
  const logs: string[] = [];
  const executed: string[] = [];
  const verifies: string[] = [];
  const changed = new Emitter<ConnectionState>();
  let grant: KeyGrant = { kind: 'granted', key: KEY };
  const connection = {
    state: { kind: 'notConfigured', reason: 'noKey' } as ConnectionState,
    onDidChange: changed.event,
    savedKeyFor: async (): Promise<KeyGrant> => grant,
    verifySaved: async (o: { reason?: string }) => void verifies.push(o.reason ?? ''),
    set(state: ConnectionState) {
      this.state = state;
      changed.fire(state);
    },
  };
  const settings = { baseUrl, model: 'gpt-4o-mini', timeoutMs: 10_000, useBaseUrlAsEntered: false };
  const cacheData = new Map<string, string[]>();
  let limits: unknown = {};
  const deps: LmProviderDeps = {
    vs: {
      LanguageModelTextPart: TextPart,
      LanguageModelToolCallPart: ToolCallPart,
      commands: { executeCommand: async (c: string) => void executed.push(c) },
    },
    connection,
    settings,
    modelLimits: () => limits,
    cache: { get: (b) => (cacheData.has(b) ? { models: cacheData.get(b)! } : undefined) },
    loadGateway: async () => ({ createGatewayClient }),
    logger: { info: (m) => logs.push(`info ${m}`), warn: (m) => logs.push(`warn ${m}`), error: (m) => logs.push(`error ${m}`) },
    configureCommand: 'rutaapi.configure',
  };
  return {
    deps,
    connection,
    settings,
    logs,
    executed,
    verifies,
    cacheData,
    setGrant: (g: KeyGrant) => (grant = g),
    setLimits: (v: unknown) => (limits = v),
    checked(models?: string[]) {
      connection.set({
        kind: 'checked',
        result: okResult(settings.baseUrl, models),
        checkedAt: 1,
        model: settings.model,
        baseUrl: settings.baseUrl,
        keyRedacted: 'sk-te…cdef',
      });
    },
  };
}

describe('lm: provider', () => {
  describe('models', () => {
    it('no key: silent → [], nothing opened; non-silent → [] and Configure RutaAPI opens', async () => {
      const w = world();
      const p = new RutaLmProvider(w.deps);
      assert.deepEqual(await p.provideLanguageModelChatInformation({ silent: true }, token()), []);
      assert.deepEqual(w.executed, []);
      assert.deepEqual(await p.provideLanguageModelChatInformation({ silent: false }, token()), []);
      assert.deepEqual(w.executed, ['rutaapi.configure']);
    });

    it('a failed verification offers no models', async () => {
      const w = world();
      w.connection.set({
        kind: 'checked',
        result: fakeResult({ apiKey: KEY, baseUrl: w.settings.baseUrl }, false),
        checkedAt: 1,
        model: '',
        baseUrl: w.settings.baseUrl,
        keyRedacted: 'x',
      });
      assert.deepEqual(await new RutaLmProvider(w.deps).provideLanguageModelChatInformation({ silent: true }, token()), []);
    });

    it('the verified /models list: id = family = gateway id, name contains the id, version "1", limits, default first', async () => {
      const w = world();
      w.checked(['acme-chat-7b', 'gpt-4o-mini', 'claude-3-5-sonnet-20241022']);
      w.setLimits({ 'acme-chat-7b': { maxInputTokens: 60_000, toolCalling: true } });
      const models = await new RutaLmProvider(w.deps).provideLanguageModelChatInformation({ silent: true }, token());
      assert.deepEqual(
        models.map((m) => [
          m.id,
          m.family,
          m.version,
          m.name.includes(m.id),
          m.maxInputTokens,
          m.maxOutputTokens,
          m.capabilities.toolCalling,
          m.capabilities.imageInput,
        ]),
        [
          ['gpt-4o-mini', 'gpt-4o-mini', '1', true, 111_616, 16_384, true, true],
          ['acme-chat-7b', 'acme-chat-7b', '1', true, 60_000, 4_096, true, false],
          ['claude-3-5-sonnet-20241022', 'claude-3-5-sonnet-20241022', '1', true, 191_808, 8_192, true, true],
        ],
      );
      assert.match(String(models[0].detail), /default/);
      assert.match(String(models[0].tooltip), /Default model/);
      assert.doesNotMatch(String(models[1].tooltip), /Default model/);
      assert.match(String(models[1].tooltip), /rutaapi\.modelLimits/);
    });

    it("a workspace's rutaapi.modelLimits (a repository's settings.json) does not change any model's limits", async () => {
      const w = world();
      w.checked(['acme-chat-7b', 'gpt-4o-mini']);
      const config = new FakeConfig();
      const settings = new Settings(config);
      config.workspace.set('rutaapi.modelLimits', { '*': { maxInputTokens: 10_000_000, toolCalling: true, imageInput: true } });
      // As src/host/startHost.ts wires it.
      const provider = new RutaLmProvider({ ...w.deps, modelLimits: () => settings.get('modelLimits') });
      const models = await provider.provideLanguageModelChatInformation({ silent: true }, token());
      assert.deepEqual(
        models.map((m) => [m.id, m.maxInputTokens, m.capabilities.toolCalling, m.capabilities.imageInput]),
        [
          ['gpt-4o-mini', 111_616, true, true],
          ['acme-chat-7b', 28_672, false, false],
        ],
      );
      assert.doesNotMatch(String(models[1].tooltip), /limits from rutaapi\.modelLimits/);
    });

    it('a model id from the network is inert in the label but exact in id and family', async () => {
      const w = world();
      const hostile = 'evil\u202emodel$(alert)';
      w.checked([hostile]);
      const [m] = await new RutaLmProvider(w.deps).provideLanguageModelChatInformation({ silent: true }, token());
      assert.equal(m.id, hostile);
      assert.equal(m.family, hostile);
      assert.equal(m.name.includes('\u202e'), false);
      assert.doesNotMatch(m.name, /(^|[^\\])\$\(/);
    });
  });

  describe('chat', () => {
    let server: StreamServer;
    before(async () => {
      server = await startStreamServer();
    });
    after(() => server.close());

    const send = async (
      w: ReturnType<typeof world>,
      text: string,
      opts: { toolMode?: number; tok?: ReturnType<typeof token>; model?: string; provider?: RutaLmProvider } = {},
    ) => {
      const parts: unknown[] = [];
      const model = { id: opts.model ?? 'gpt-4o-mini' } as LanguageModelChatInformation;
      await (opts.provider ?? new RutaLmProvider(w.deps)).provideLanguageModelChatResponse(
        model,
        [{ role: 1, content: [new TextPart(text)], name: undefined }],
        {
          toolMode: opts.toolMode ?? 1,
          tools: [{ name: 'get_weather', description: 'Weather', inputSchema: { type: 'object' } }],
          modelOptions: { temperature: 0 },
        },
        { report: (p) => parts.push(p) },
        opts.tok ?? token(),
      );
      return parts;
    };

    it('only calls to offered tools reach the editor, each under its own id, with a warning in the log for the rest', async () => {
      const w = world(server.baseUrl);
      const parts = await send(w, '[sandbox:roguetools]');
      assert.deepEqual(
        parts.map((p) => (p instanceof ToolCallPart ? [p.callId, p.name] : p)),
        [
          ['call_dup', 'get_weather'],
          ['call_dup_2', 'get_weather'],
        ],
      );
      assert.equal(w.logs.filter((l) => /^warn lm: dropped a call to the tool/.test(l)).length, 2, w.logs.join('\n'));
      assert.ok(w.logs.some((l) => l.includes('run_in_terminal')));
    });

    it('the saved key echoed by the gateway (in text and in a tool input) is replaced before the editor gets it', async () => {
      const w = world(server.baseUrl);
      const parts = await send(w, '[sandbox:echokey]');
      assert.equal(JSON.stringify(parts).includes(KEY), false);
      assert.equal(parts.map((p) => (p instanceof TextPart ? p.value : '')).join(''), 'Your key is sk-te…cdef, right?');
      assert.deepEqual((parts.at(-1) as ToolCallPart).input, { city: 'Madrid', note: 'auth sk-te…cdef' });
    });

    it('streams text parts and tool-call parts as the editor classes; toolMode required → tool_choice "required"', async () => {
      const w = world(server.baseUrl);
      const text = await send(w, 'hi');
      assert.ok(text.length > 10 && text.every((p) => p instanceof TextPart));
      const tool = await send(w, '[sandbox:tool]', { toolMode: 2 });
      assert.equal(tool.length, 1);
      assert.ok(tool[0] instanceof ToolCallPart);
      assert.deepEqual((tool[0] as ToolCallPart).input, { city: 'Madrid', unit: 'celsius', note: 'Dígame "hola" ✓' });
      const body = server.bodies.at(-1) as Record<string, unknown>;
      assert.equal(body.tool_choice, 'required');
      assert.equal(body.temperature, 0);
      assert.ok(
        w.logs.some((l) => /lm chat ok: model=gpt-4o-mini .*req=req_test_123/.test(l)),
        w.logs.join('\n'),
      );
      assert.equal(w.logs.join('\n').includes(KEY), false);
    });

    it('cancellation from the editor token reaches the HTTP request', async () => {
      const w = world(server.baseUrl);
      const tok = token();
      const seen = server.nextStream();
      const parts: unknown[] = [];
      const run = new RutaLmProvider(w.deps).provideLanguageModelChatResponse(
        { id: 'gpt-4o-mini' } as LanguageModelChatInformation,
        [{ role: 1, content: [new TextPart('[sandbox:slow]')], name: undefined }],
        { toolMode: 1 },
        { report: (p) => (parts.push(p), tok.cancel()) },
        tok,
      );
      await run;
      assert.equal((await seen).outcome, 'aborted');
    });

    it('each chat request id, answered or refused, goes to onRequestId (the usage view marks those rows "VS Code chat")', async () => {
      const w = world(server.baseUrl);
      const ids: string[] = [];
      const provider = new RutaLmProvider({ ...w.deps, onRequestId: (id) => ids.push(id) });
      await send(w, 'hi', { provider });
      assert.deepEqual(ids, ['req_test_123']);
      w.setGrant({ kind: 'granted', key: 'sk-test-nocredits-0123456789' });
      await assert.rejects(send(w, 'hi', { provider }));
      assert.deepEqual(ids, ['req_test_123', 'req_test_123']);
    });

    it('a no-credits key: the error is the diagnosis in words, the status bar re-checks, the log has the request id', async () => {
      const w = world(server.baseUrl);
      const key = 'sk-test-nocredits-0123456789';
      w.setGrant({ kind: 'granted', key });
      const provider = new RutaLmProvider(w.deps);
      await assert.rejects(send(w, 'hi', { provider }), (e: Error) => {
        assert.match(e.message, /^RutaAPI: No credits left \(HTTP 403\)\./);
        assert.equal(e.message.includes(key), false);
        assert.equal(String(e.stack).includes(' at '), false);
        return true;
      });
      assert.deepEqual(w.verifies, ['chat request failed: insufficient_credits']);
      assert.ok(
        w.logs.some((l) => /lm chat failed: .*insufficient_credits status=403 req=req_test_123/.test(l)),
        w.logs.join('\n'),
      );
      // Throttled: a second failure right after does not verify again.
      await assert.rejects(send(w, 'hi', { provider }));
      assert.equal(w.verifies.length, 1);
    });

    it('no key / an origin that is not approved: nothing is sent, the error says what to do', async () => {
      const w = world(server.baseUrl);
      const before = server.bodies.length;
      w.setGrant({ kind: 'noKey' });
      await assert.rejects(send(w, 'hi'), /RutaAPI: No API key is saved\. .*Configure RutaAPI/);
      w.setGrant({ kind: 'needsApproval', origin: 'https://evil.example', approved: [], fromWorkspace: true });
      await assert.rejects(send(w, 'hi'), /RutaAPI: Confirm the server first\. .*https\\:\/\/evil\.example/);
      assert.equal(server.bodies.length, before);
    });
  });

  it('token counts: strings and messages, fast and never zero for text', async () => {
    const p = new RutaLmProvider(world().deps);
    const model = { id: 'gpt-4o' } as LanguageModelChatInformation;
    assert.equal(await p.provideTokenCount(model, '', token()), 0);
    const n = await p.provideTokenCount(model, 'Hello world, how are you today?', token());
    assert.ok(n >= 6 && n <= 10, String(n));
    const m = await p.provideTokenCount(
      model,
      { role: 1, content: [new TextPart('Hello world, how are you today?'), new ToolCallPart('c', 'f', { a: 1 })], name: undefined },
      token(),
    );
    assert.ok(m > n + 4, String(m));
  });
});

describe('lm: registration (feature detection)', () => {
  function regDeps(w: ReturnType<typeof world>, loads: { count: number }, mod?: LmModule): LmRegistrationDeps {
    const cache = new Map<string, string[]>();
    return {
      ...w.deps,
      connection: w.connection,
      cache: { get: (b) => (cache.has(b) ? { models: cache.get(b)! } : undefined), set: async (b, m) => void cache.set(b, m) },
      onDidChangeConfiguration: () => ({ dispose: () => undefined }),
      loader: {
        load: async () => {
          loads.count++;
          return mod ?? { createLmProvider: (d: LmProviderDeps) => new RutaLmProvider(d) };
        },
      },
    };
  }

  it('an editor without lm.registerLanguageModelChatProvider (VS Code < 1.104, Cursor): nothing registers, nothing throws', () => {
    for (const vs of [
      {},
      { lm: {} },
      { lm: { selectChatModels: () => [] } },
      { lm: { registerLanguageModelChatProvider: 'no' } },
      null,
      undefined,
    ]) {
      const w = world();
      assert.equal(hasLanguageModelProviderApi(vs), false);
      assert.equal(registerLanguageModels(vs, regDeps(w, { count: 0 })), undefined);
      assert.ok(w.logs.some((l) => /no language model chat provider API/.test(l)));
    }
    const throwing = {
      get lm(): never {
        throw new Error('proposed API guard');
      },
    };
    assert.equal(hasLanguageModelProviderApi(throwing), false);
  });

  it('a registration that throws is logged, not thrown', () => {
    const w = world();
    const vs = {
      lm: {
        registerLanguageModelChatProvider: () => {
          throw new Error('vendor not contributed');
        },
      },
    };
    assert.equal(registerLanguageModels(vs, regDeps(w, { count: 0 })), undefined);
    assert.ok(w.logs.some((l) => /could not be registered/.test(l)));
  });

  it('1.104+: registers vendor "rutaapi"; no models → no chunk load; a verified list loads it, caches the list and fires the change event', async () => {
    const w = world();
    const registered: Array<[string, LanguageModelChatProvider]> = [];
    let disposed = false;
    const vs = {
      ...w.deps.vs,
      lm: {
        registerLanguageModelChatProvider: (vendor: string, p: LanguageModelChatProvider) => (
          registered.push([vendor, p]),
          { dispose: () => (disposed = true) }
        ),
      },
    };
    const loads = { count: 0 };
    const deps = regDeps(w, loads);
    const reg = registerLanguageModels(vs, deps);
    assert.ok(reg);
    assert.equal(registered[0][0], 'rutaapi');
    const provider = registered[0][1];
    let fired = 0;
    provider.onDidChangeLanguageModelChatInformation?.(() => fired++);
    assert.deepEqual(await provider.provideLanguageModelChatInformation({ silent: true }, token()), []);
    assert.equal(loads.count, 0, 'the lm chunk loaded for an empty list');
    await provider.provideLanguageModelChatInformation({ silent: false }, token());
    assert.deepEqual(w.executed, ['rutaapi.configure']);
    w.checked(['gpt-4o-mini', 'deepseek-chat']);
    assert.equal(fired, 1);
    assert.deepEqual(deps.cache.get(w.settings.baseUrl)?.models, ['gpt-4o-mini', 'deepseek-chat']);
    w.checked(['gpt-4o-mini', 'deepseek-chat']);
    assert.equal(fired, 1, 'the same list fired again');
    const models = await provider.provideLanguageModelChatInformation({ silent: true }, token());
    assert.deepEqual(
      models.map((m) => m.id),
      ['gpt-4o-mini', 'deepseek-chat'],
    );
    assert.equal(loads.count, 1);
    reg.dispose();
    assert.equal(disposed, true);
  });
});
