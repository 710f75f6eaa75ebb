// Issue 20, item 1 (host): Check Cursor Settings over the fakes: one checklist row per finding, Fix copies
// the value and opens Cursor's Models settings (with fallbacks), focus re-checks, the hint on an error,
// the saved key compared by hash and never shown; with a readable key, Cursor's own key, URL and model
// verified through the engine (dist/gateway.js), sent only where cursorKeyGate.ts allows.
import { strict as assert } from 'node:assert';
import { checkCursor } from '../../../src/core/cursor/check';
import { diagnoseCursor } from '../../../src/core/cursor/diagnose';
import type { CursorRead } from '../../../src/core/cursor/types';
import type { VerificationResult, VerifyOptions } from '../../../src/core/types';
import { CursorCheck } from '../../../src/host/commands/cursorCheck';
import { SECRET_KEY } from '../../../src/host/connection/keychain';
import { KeyGate } from '../../../src/host/connection/keyGate';
import { originDialog } from '../../../src/host/connection/originDialog';
import { Emitter } from '../../../src/host/shared/event';
import { notifier } from '../../../src/host/shared/notifier';
import { COMMANDS } from '../../../src/host/bootstrap/commandIds';
import { registerLinksAndCursor } from '../../../src/host/commands/linksAndCursor';
import { Connection } from '../../../src/host/connection/connectionState';
import { ModelCache } from '../../../src/host/connection/modelCache';
import { dontSend, FakeMemento, fakeResult, hostParts, LoadedModule, tick } from './fakes';
import { fakeVscode } from './fakeVscode';

const SAVED = 'sk-ruta-saved-key-1234567890abcdef';
const CURSOR_KEY = 'sk-ruta-other-key-0987654321fedcba';
const settings = (over: Partial<Extract<CursorRead, { status: 'ok' }>['settings']> = {}): CursorRead => ({
  status: 'ok',
  settings: {
    useOpenAIKey: true,
    baseUrl: 'https://app.rutaapi.com',
    plainKey: CURSOR_KEY,
    encryptedKey: false,
    models: ['gpt-4o-mini-guess'],
    enabledModels: ['gpt-4o-mini-guess'],
    ...over,
  },
});

/** The engine's answer for a key the gateway says is spent (401 + /api/usage/token/), on the chat step. */
function spent(o: VerifyOptions): VerificationResult {
  const r = fakeResult(o, false);
  return {
    ...r,
    diagnosis: {
      ...r.diagnosis,
      code: 'key_exhausted',
      title: 'This API key has used up its limit',
      detail: 'Raise it on the Tokens page.',
    },
  };
}

interface SetupOptions {
  missing?: string[];
  /** rutaapi.baseUrl (the extension's own). */
  baseUrl?: string;
  /** The engine's answer (default: OK, listing deepseek-chat and gpt-4o-mini). */
  answer?: (o: VerifyOptions) => VerificationResult;
  /** The origin modal's answer. */
  modal?: 'send' | 'dismiss';
}

function setup(read: () => CursorRead, opts: SetupOptions = {}) {
  const h = hostParts();
  h.secrets.data.set(SECRET_KEY, SAVED);
  const modals: string[] = [];
  const f = fakeVscode({
    messageAnswer: (message, items) => {
      const send = items.find((i) => /^Send Key to /.test(i));
      if (!send) return undefined;
      modals.push(message);
      return opts.modal === 'send' ? send : undefined;
    },
  });
  const focus = new Emitter<{ focused: boolean }>();
  f.vs.window.onDidChangeWindowState = focus.event;
  const exec = f.vs.commands.executeCommand;
  f.vs.commands.executeCommand = async (id: string, ...a: unknown[]) => {
    if (opts.missing?.includes(id)) throw new Error(`command '${id}' not found`);
    return exec(id, ...a);
  };
  let reads = 0;
  const calls: VerifyOptions[] = [];
  const answer = opts.answer ?? ((o: VerifyOptions) => ({ ...fakeResult(o, true), models: ['deepseek-chat', 'gpt-4o-mini'] }));
  const verify = async (o: VerifyOptions) => (calls.push(o), answer(o));
  const gate = new KeyGate(h.keychain, h.settings, h.logger, originDialog(notifier(f.vs)));
  const check = new CursorCheck({
    vs: f.vs,
    notify: notifier(f.vs),
    stateDb: '/nowhere/state.vscdb',
    loader: new LoadedModule({ readCursorSettings: async () => (reads++, read()), diagnoseCursor, checkCursor }),
    gateway: new LoadedModule({ verify }),
    gate,
    baseUrl: () => opts.baseUrl ?? 'https://api.rutaapi.com/v1',
    savedKey: () => h.keychain.get(),
    models: () => ['deepseek-chat', 'gpt-4o-mini'],
    logger: h.logger,
    command: 'rutaapi.checkCursorSettings',
  });
  return { h, f, focus, check, calls, modals, reads: () => reads };
}

const codesOf = (qp: { items: Array<{ description: string }> }) => qp.items.map((i) => i.description);

describe('Check Cursor Settings (host)', () => {
  it('one row per finding with its fix; the saved key differs by hash and no row shows more than a prefix', async () => {
    const s = setup(() => settings());
    await s.check.show();
    const qp = s.f.quickPicks[0];
    const codes = qp.items.map((i: { description: string }) => i.description);
    assert.ok(codes.includes('dashboard_url'), codes.join());
    assert.ok(codes.includes('cursor_key_differs'));
    assert.ok(codes.includes('cursor_model_unknown'));
    const text = JSON.stringify(qp.items);
    assert.ok(!text.includes(SAVED) && !text.includes(CURSOR_KEY));
    assert.ok(s.f.statusItems.find((i: { id: string }) => i.id === 'rutaapi.cursorHint').shown, 'an error shows the hint');
  });

  it('Fix copies the value and opens the Models settings, falling back when a command is missing', async () => {
    const s = setup(() => settings(), { missing: ['aiSettings.action.open'] });
    await s.check.show();
    const qp = s.f.quickPicks[0];
    qp.activeItems = [qp.items.find((i: { description: string }) => i.description === 'dashboard_url')];
    qp.accept();
    await tick(0);
    assert.equal(s.f.clipboard(), 'https://api.rutaapi.com/v1');
    assert.deepEqual(s.f.executed.at(-1), ['cursor.openCursorSettings']);
  });

  it('focus regained: checks again and the checklist follows', async () => {
    let current = settings();
    const s = setup(() => current);
    await s.check.show();
    current = settings({
      baseUrl: 'https://api.rutaapi.com/v1',
      plainKey: SAVED,
      models: ['deepseek-chat'],
      enabledModels: ['deepseek-chat'],
    });
    s.focus.fire({ focused: true });
    await tick(0);
    await tick(0);
    assert.equal(s.reads(), 2);
    const qp = s.f.quickPicks[0];
    assert.equal(qp.items.length, 1);
    assert.match(qp.items[0].label, /look right/);
  });

  it('an unreadable database is one row, never a crash', async () => {
    const s = setup(() => ({ status: 'unreadable', reason: 'not_sqlite' }));
    await s.check.show();
    assert.deepEqual(
      s.f.quickPicks[0].items.map((i: { description: string }) => i.description),
      ['cursor_settings_unreadable'],
    );
  });

  it('a settings shape the check does not know: the row names the editor and its version (vscode.env.appName, vscode.version)', async () => {
    const s = setup(() => ({ status: 'unreadable', reason: 'unknown_shape' }));
    s.f.vs.env.appName = 'Cursor';
    s.f.vs.version = '1.99.3';
    await s.check.show();
    const [row] = s.f.quickPicks[0].items as Array<{ description: string; detail: string }>;
    assert.equal(row.description, 'cursor_settings_unreadable');
    assert.match(row.detail, /^Cursor \(VS Code 1\.99\.3\) stores its model settings in a shape this check does not know/);
  });

  describe("Cursor's own key verified through the engine (issue 20, item 1)", () => {
    it("a spent key is named as in the panel: Cursor's key, Base URL (the dashboard mapped to the API) and enabled model go to the engine", async () => {
      const s = setup(() => settings({ models: ['deepseek-chat'], enabledModels: ['deepseek-chat'] }), {
        answer: (o) => (o.chatOnly ? spent(o) : { ...fakeResult(o, true), models: ['deepseek-chat', 'gpt-4o-mini'] }),
      });
      await s.check.show();
      assert.deepEqual(
        s.calls.map((c) => [c.apiKey, c.baseUrl, c.model, c.chatOnly === true]),
        [
          [CURSOR_KEY, 'https://api.rutaapi.com/v1', undefined, false],
          [CURSOR_KEY, 'https://api.rutaapi.com/v1', 'deepseek-chat', true],
        ],
      );
      const qp = s.f.quickPicks[0];
      const row = qp.items.find((i: { description: string }) => i.description === 'key_exhausted');
      assert.ok(row, codesOf(qp).join());
      assert.match(row.detail, /used up its limit/);
      assert.equal(s.modals.length, 0, "RutaAPI's own origin: no question");
      const text = JSON.stringify(qp.items) + s.h.channel.lines.join('\n');
      assert.ok(!text.includes(CURSOR_KEY) && !text.includes(SAVED), 'no row or log line shows more than a prefix');
    });

    it('a model the key does not list is named from the live list, not the cache', async () => {
      const s = setup(() => settings({ baseUrl: 'https://api.rutaapi.com/v1', models: ['gpt-4o-mini'], enabledModels: ['gpt-4o-mini'] }), {
        answer: (o) => ({ ...fakeResult(o, true), models: ['deepseek-chat'] }),
      });
      await s.check.show();
      assert.ok(codesOf(s.f.quickPicks[0]).includes('cursor_model_unknown'), codesOf(s.f.quickPicks[0]).join());
      assert.equal(s.calls.length, 1, 'no chat request with a model the key does not list');
    });

    it("another origin (not RutaAPI, not approved for the saved key): asked, Don't Send sends nothing and says so", async () => {
      const gw = 'https://gw.example.com/v1';
      const s = setup(() => settings({ baseUrl: gw, models: ['deepseek-chat'], enabledModels: ['deepseek-chat'] }), {
        baseUrl: gw,
        modal: 'dismiss',
      });
      await s.check.show();
      assert.equal(s.modals.length, 1);
      assert.match(s.modals[0], /Send Cursor's OpenAI API Key to https:\/\/gw\.example\.com\?/);
      assert.equal(s.calls.length, 0);
      const qp = s.f.quickPicks[0];
      const note = qp.items.find((i: { description: string }) => i.description === 'cursor_key_not_sent');
      assert.match(note.detail, /not RutaAPI's/);
    });

    it('another origin, Send: verified; focus re-checks never ask and a passed verification is not repeated', async () => {
      const gw = 'https://gw.example.com/v1';
      const s = setup(() => settings({ baseUrl: gw, models: ['deepseek-chat'], enabledModels: ['deepseek-chat'] }), {
        baseUrl: gw,
        modal: 'send',
      });
      await s.check.show();
      assert.equal(s.modals.length, 1);
      assert.deepEqual(
        s.calls.map((c) => c.apiKey),
        [CURSOR_KEY, CURSOR_KEY],
      );
      s.focus.fire({ focused: true });
      await tick(0);
      await tick(0);
      assert.equal(s.reads(), 2, 'the focus re-check ran');
      assert.equal(s.modals.length, 1, 'not asked again');
      assert.equal(s.calls.length, 2, 'the passed verification was kept');
      assert.deepEqual(
        codesOf(s.f.quickPicks[0]),
        ['cursor_key_differs'],
        'verified: only the key that differs from the saved one is left',
      );
    });

    it('a background check (start-up, focus) never asks: another origin is left alone', async () => {
      const gw = 'https://gw.example.com/v1';
      const s = setup(() => settings({ baseUrl: gw }), { baseUrl: gw, modal: 'send' });
      const findings = await s.check.refresh();
      assert.equal(s.modals.length, 0);
      assert.equal(s.calls.length, 0);
      assert.ok(findings.some((f) => f.code === 'cursor_key_not_sent'));
    });

    it("Cursor's key is the saved key and the gate approved that origin for it: sent without a question", async () => {
      const gw = 'https://gw.example.com/v1';
      const s = setup(() => settings({ baseUrl: gw, plainKey: SAVED, models: ['deepseek-chat'], enabledModels: ['deepseek-chat'] }), {
        baseUrl: gw,
        modal: 'dismiss',
      });
      await s.h.keychain.setOrigins(SAVED, ['https://gw.example.com']);
      await s.check.show();
      assert.equal(s.modals.length, 0);
      assert.equal(s.calls.length, 2);
      assert.ok(s.calls.every((c) => c.apiKey === SAVED && c.baseUrl === gw));
    });

    it('Cursor sends its key to another server than rutaapi.baseUrl: nothing sent, the Base URL named', async () => {
      const s = setup(() => settings({ baseUrl: 'https://gw.example.com/v1' }), { modal: 'send' });
      await s.check.show();
      assert.equal(s.calls.length, 0);
      assert.equal(s.modals.length, 0);
      const note = s.f.quickPicks[0].items.find((i: { description: string }) => i.description === 'cursor_key_not_sent');
      assert.match(note.detail, /another server than https:\/\/api\.rutaapi\.com\/v1/);
    });

    it('dist/gateway.js missing: the checklist without a verification, never a crash', async () => {
      const s = setup(() => settings());
      (s.check as unknown as { d: { gateway: unknown } }).d.gateway = { load: () => Promise.reject(new Error('gone')) };
      await s.check.show();
      const codes = codesOf(s.f.quickPicks[0]);
      assert.ok(codes.includes('dashboard_url') && codes.includes('cursor_model_unknown'), codes.join());
    });
  });
});

describe('Check Cursor Settings wired as startHost wires it', () => {
  it('no custom model in Cursor: the value to add is the saved rutaapi.model the list has, not the first id (an embedding model)', async () => {
    const h = hostParts();
    h.secrets.data.set(SECRET_KEY, SAVED);
    h.config.user.set('rutaapi.model', 'qwen-plus');
    const f = fakeVscode({});
    f.vs.window.onDidChangeWindowState = new Emitter<{ focused: boolean }>().event;
    const listed = {
      models: ['text-embedding-3-small', 'deepseek-chat', 'qwen-plus'],
      modelEndpoints: { 'text-embedding-3-small': ['embeddings'], 'deepseek-chat': ['openai'], 'qwen-plus': ['openai'] },
    };
    const gw = { verify: async (o: VerifyOptions) => ({ ...fakeResult(o, true), ...listed }) };
    const connection = new Connection(h.settings, h.keychain, new LoadedModule(gw), h.logger, dontSend);
    const handlers = new Map<string, (...a: unknown[]) => unknown>();
    const read = settings({
      baseUrl: 'https://api.rutaapi.com/v1',
      plainKey: undefined,
      encryptedKey: true,
      models: [],
      enabledModels: [],
    });
    const { disposables: subs } = registerLinksAndCursor(f.vs, {
      registerCommand: (id, fn) => (handlers.set(id, fn), { dispose: () => undefined }),
      connection,
      keychain: h.keychain,
      settings: h.settings,
      cache: new ModelCache(new FakeMemento()),
      logger: h.logger,
      notify: notifier(f.vs),
      panels: { load: async () => ({ CursorCheck }) } as never,
      cursorLoader: new LoadedModule({ readCursorSettings: async () => read, diagnoseCursor, checkCursor }),
      stateDb: '/nowhere/state.vscdb',
      gateway: new LoadedModule(gw),
    });
    try {
      await connection.verifySaved({ force: true, reason: 'test' });
      await handlers.get(COMMANDS.checkCursorSettings)!();
      const row = f.quickPicks[0].items.find((i: { description: string }) => i.description === 'cursor_no_custom_model');
      assert.ok(row, codesOf(f.quickPicks[0]).join());
      assert.equal(row.finding.fix, 'qwen-plus');
      h.config.user.set('rutaapi.model', 'gone-model');
      await handlers.get(COMMANDS.checkCursorSettings)!();
      const again = f.quickPicks[0].items.find((i: { description: string }) => i.description === 'cursor_no_custom_model');
      assert.equal(again.finding.fix, 'deepseek-chat', 'the saved model not listed: the first that can chat');
    } finally {
      for (const d of subs) d.dispose();
      connection.dispose();
    }
  });

  it("the key's model list comes from the last check of the saved Base URL (nothing cached it: Cursor runs VS Code before 1.104)", async () => {
    const h = hostParts();
    h.secrets.data.set(SECRET_KEY, SAVED);
    h.config.user.set('rutaapi.model', 'deepseek-chat');
    const f = fakeVscode({});
    f.vs.window.onDidChangeWindowState = new Emitter<{ focused: boolean }>().event;
    const gw = { verify: async (o: VerifyOptions) => ({ ...fakeResult(o, true), models: ['deepseek-chat', 'gpt-4o-mini'] }) };
    const connection = new Connection(h.settings, h.keychain, new LoadedModule(gw), h.logger, dontSend);
    const handlers = new Map<string, (...a: unknown[]) => unknown>();
    // Cursor's key is encrypted (not usable here): the model check has only the saved connection's list.
    const read = settings({ baseUrl: 'https://api.rutaapi.com/v1', plainKey: undefined, encryptedKey: true, models: ['deepseek-v3'] });
    const { disposables: subs } = registerLinksAndCursor(f.vs, {
      registerCommand: (id, fn) => (handlers.set(id, fn), { dispose: () => undefined }),
      connection,
      keychain: h.keychain,
      settings: h.settings,
      cache: new ModelCache(new FakeMemento()),
      logger: h.logger,
      notify: notifier(f.vs),
      panels: { load: async () => ({ CursorCheck }) } as never,
      cursorLoader: new LoadedModule({ readCursorSettings: async () => read, diagnoseCursor, checkCursor }),
      stateDb: '/nowhere/state.vscdb',
      gateway: new LoadedModule(gw),
    });
    try {
      await connection.verifySaved({ force: true, reason: 'test' });
      assert.equal(connection.state.kind, 'checked');
      await handlers.get(COMMANDS.checkCursorSettings)!();
      const row = f.quickPicks[0].items.find((i: { description: string }) => i.description === 'cursor_model_unknown');
      assert.ok(row, codesOf(f.quickPicks[0]).join());
      assert.equal(row.finding.fix, 'deepseek-chat');
    } finally {
      for (const d of subs) d.dispose();
      connection.dispose();
    }
  });
});
