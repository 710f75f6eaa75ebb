// Issue 20, item 1 (the panel): in Cursor, the setup panel's "Use it in Cursor" section shows the checklist of
// RutaAPI: Check Cursor Settings, read through the same CursorCheck as the command; a row's Fix is named by its code
// and copies the host's own value; both directions are parsed with the protocol's strict schemas.
import { strict as assert } from 'node:assert';
import { checkCursor } from '../../../src/core/cursor/check';
import { diagnoseCursor } from '../../../src/core/cursor/diagnose';
import type { CursorFinding, CursorRead } from '../../../src/core/cursor/types';
import type { VerifyOptions } from '../../../src/core/types';
import { CursorCheck } from '../../../src/host/commands/cursorCheck';
import { Connection } from '../../../src/host/connection/connectionState';
import { SECRET_KEY } from '../../../src/host/connection/keychain';
import type { PanelCursorSource } from '../../../src/host/panel/setupDeps';
import { Emitter } from '../../../src/host/shared/event';
import { notifier } from '../../../src/host/shared/notifier';
import { fitHostMessage, parseHostMessage, parseWebviewMessage, type HostMessage } from '../../../src/protocol/messages';
import { SetupPanel } from '../../../src/host/panel/setupPanel';
import { dontSend, FakeClipboard, FakeNotify, fakeResult, hostParts, LoadedModule, panelController, tick } from './fakes';
import { fakeVscode } from './fakeVscode';

const SAVED = 'sk-ruta-saved-key-1234567890abcdef';
const CURSOR_KEY = 'sk-ruta-cursor-key-0987654321fedcba';
const READ: CursorRead = {
  status: 'ok',
  settings: {
    useOpenAIKey: true,
    baseUrl: 'https://app.rutaapi.com',
    plainKey: CURSOR_KEY,
    encryptedKey: false,
    models: ['deepseek-v3'],
    enabledModels: ['deepseek-v3'],
  },
};

const checklists = (posted: HostMessage[]) =>
  posted.filter((m): m is Extract<HostMessage, { type: 'cursorChecklist' }> => m.type === 'cursorChecklist');

/** The panel over the fakes, in Cursor, with the real CursorCheck as its checklist (as startHost wires it). */
function setup(opts: { isCursor?: boolean; models?: string[]; read?: CursorRead } = {}) {
  const h = hostParts();
  h.secrets.data.set(SECRET_KEY, SAVED);
  const f = fakeVscode({});
  const focus = new Emitter<{ focused: boolean }>();
  f.vs.window.onDidChangeWindowState = focus.event;
  const sent: VerifyOptions[] = [];
  const gw = {
    verify: async (o: VerifyOptions) => (sent.push(o), { ...fakeResult(o, true), models: opts.models ?? ['deepseek-chat', 'gpt-4o-mini'] }),
  };
  let reads = 0;
  const connection = new Connection(h.settings, h.keychain, new LoadedModule(gw), h.logger, dontSend);
  let read = opts.read ?? READ;
  let loads = 0;
  const check = new CursorCheck({
    vs: f.vs,
    notify: notifier(f.vs),
    stateDb: '/nowhere/state.vscdb',
    loader: new LoadedModule({ readCursorSettings: async () => (reads++, read), diagnoseCursor, checkCursor }),
    gateway: new LoadedModule(gw),
    gate: connection.gate,
    baseUrl: () => h.settings.baseUrl,
    savedKey: () => h.keychain.get(),
    models: () => undefined,
    logger: h.logger,
    command: 'rutaapi.checkCursorSettings',
  });
  const { c, posted } = panelController(
    { ...h, connection },
    {
      isCursor: opts.isCursor ?? true,
      cursorChecklist: async () => (loads++, check),
    },
  );
  return {
    h,
    f,
    focus,
    check,
    c,
    posted,
    setRead: (r: CursorRead) => (read = r),
    loads: () => loads,
    reads: () => reads,
    sent,
  };
}

describe("The setup panel's Cursor checklist (issue 20)", () => {
  it('on ready: the rows of the same check as the command, each message valid for the protocol, no key in them', async () => {
    const s = setup();
    await s.c.handle({ type: 'ready' });
    await tick(0);
    const [list] = checklists(s.posted);
    assert.ok(list, 'no cursorChecklist message');
    assert.deepEqual(parseHostMessage(list), list, 'the message parses as it is');
    const codes = list.rows.map((r) => r.code);
    for (const code of ['dashboard_url', 'cursor_key_differs', 'cursor_model_unknown']) assert.ok(codes.includes(code), codes.join());
    assert.equal(list.rows.find((r) => r.code === 'dashboard_url')?.fix, 'https://api.rutaapi.com/v1');
    const text = JSON.stringify(s.posted);
    assert.ok(!text.includes(SAVED) && !text.includes(CURSOR_KEY));
  });

  it("a row's Fix by its code copies the host's value and opens Cursor's Models settings", async () => {
    const s = setup();
    await s.c.handle({ type: 'ready' });
    await tick(0);
    const index = checklists(s.posted)[0].rows.findIndex((r) => r.code === 'cursor_model_unknown');
    const fix = { type: 'cursorFix', index, code: 'cursor_model_unknown' };
    assert.deepEqual(parseWebviewMessage(fix), fix);
    await s.c.handle(fix);
    assert.equal(s.f.clipboard(), 'deepseek-chat');
    assert.deepEqual(s.f.executed.at(-1), ['aiSettings.action.open', 'models']);
  });

  it("two rows with one code (two unknown models): each row's Fix copies its own row's value", async () => {
    const ok = READ as Extract<CursorRead, { status: 'ok' }>;
    const s = setup({
      models: ['deepseek-chat', 'qwen-plus'],
      read: {
        status: 'ok',
        settings: { ...ok.settings, models: ['deepseek-v3', 'qwen-pluss'], enabledModels: ['deepseek-v3', 'qwen-pluss'] },
      },
    });
    await s.c.handle({ type: 'ready' });
    await tick(0);
    const rows = checklists(s.posted).at(-1)!.rows;
    const unknown = rows.flatMap((r, index) => (r.code === 'cursor_model_unknown' ? [{ index, fix: r.fix }] : []));
    assert.deepEqual(
      unknown.map((u) => u.fix),
      ['deepseek-chat', 'qwen-plus'],
    );
    for (const u of unknown) {
      await s.c.handle({ type: 'cursorFix', index: u.index, code: 'cursor_model_unknown' });
      assert.equal(s.f.clipboard(), u.fix, `row ${u.index}`);
    }
  });

  it('a Fix whose row is out of range or holds another code copies nothing and is logged', async () => {
    const s = setup();
    await s.c.handle({ type: 'ready' });
    await tick(0);
    const rows = checklists(s.posted).at(-1)!.rows;
    const other = rows.findIndex((r) => r.code !== 'cursor_model_unknown' && r.fix !== undefined);
    assert.ok(other >= 0);
    await s.c.handle({ type: 'cursorFix', index: other, code: 'cursor_model_unknown' });
    await s.c.handle({ type: 'cursorFix', index: rows.length, code: 'cursor_model_unknown' });
    assert.equal(s.f.clipboard(), '');
    assert.equal(s.f.executed.length, 0);
    assert.equal(s.h.channel.lines.filter((l) => /ignored a Cursor Fix for row/.test(l)).length, 2);
    for (const index of [-1, 32, 1.5]) {
      assert.equal(parseWebviewMessage({ type: 'cursorFix', index, code: 'cursor_model_unknown' }), undefined, String(index));
    }
  });

  it('a Fix message with anything more, or a code no row has, does nothing', async () => {
    const s = setup();
    await s.c.handle({ type: 'ready' });
    await tick(0);
    await s.c.handle({ type: 'cursorFix', index: 0, code: 'dashboard_url', value: 'https://evil.example/v1' });
    await s.c.handle({ type: 'cursorFix', code: 'dashboard_url' });
    await s.c.handle({ type: 'cursorFix', index: 0, code: 'no_such_code' });
    assert.equal(s.f.clipboard(), '');
    assert.equal(s.f.executed.length, 0);
    assert.ok(s.h.channel.lines.some((l) => /Dropped a malformed or unknown message/.test(l)));
  });

  it('a later check (focus, the command) updates the panel', async () => {
    const s = setup();
    await s.c.handle({ type: 'ready' });
    await tick(0);
    s.setRead({
      status: 'ok',
      settings: {
        ...(READ as Extract<CursorRead, { status: 'ok' }>).settings,
        baseUrl: 'https://api.rutaapi.com/v1',
        plainKey: SAVED,
        models: ['deepseek-chat'],
        enabledModels: ['deepseek-chat'],
      },
    });
    await s.check.refresh();
    const last = checklists(s.posted).at(-1)!;
    assert.deepEqual(last.rows, [], 'settings that look right: no rows');
  });

  describe('kept fresh while on screen (issue 20 review, item 3)', () => {
    /** Settings with warnings only (a second model switched off), Cursor's key the saved one: no error, so no status-bar hint. */
    const WARNINGS: CursorRead = {
      status: 'ok',
      settings: {
        useOpenAIKey: true,
        baseUrl: 'https://api.rutaapi.com/v1',
        plainKey: SAVED,
        encryptedKey: false,
        models: ['deepseek-chat', 'gpt-4o-mini'],
        enabledModels: ['deepseek-chat'],
      },
    };
    const focusBack = async (s: ReturnType<typeof setup>) => {
      s.focus.fire({ focused: false });
      s.focus.fire({ focused: true });
      await tick(0);
    };

    it('warnings only, the panel on screen: regaining focus checks again and the checklist follows, the passed verification not repeated', async () => {
      const s = setup({ read: WARNINGS });
      await s.c.handle({ type: 'ready' });
      await tick(0);
      assert.deepEqual(
        checklists(s.posted)
          .at(-1)!
          .rows.map((r) => `${r.code}:${r.severity}`),
        ['cursor_model_not_enabled:warning', 'cursor_model_rerouted:warning'],
      );
      const [reads, requests, lists] = [s.reads(), s.sent.length, checklists(s.posted).length];
      assert.deepEqual(
        s.sent.map((o) => o.model ?? 'models'),
        ['models', 'deepseek-chat'],
        "Cursor's key, URL and enabled model verified once",
      );
      s.setRead({
        status: 'ok',
        settings: { ...(WARNINGS as Extract<CursorRead, { status: 'ok' }>).settings, models: ['deepseek-chat'] },
      });
      await focusBack(s);
      assert.equal(s.reads(), reads + 1, 'read again on focus');
      assert.equal(checklists(s.posted).length, lists + 1);
      assert.deepEqual(checklists(s.posted).at(-1)!.rows, [], 'the model removed meanwhile: the panel shows it');
      assert.equal(s.sent.length, requests, 'no new request for a verification that passed');
    });

    it('hidden: focus does not check for it; shown again: checked at once, without a new request', async () => {
      const s = setup({ read: WARNINGS });
      await s.c.handle({ type: 'ready' });
      await tick(0);
      const [reads, requests] = [s.reads(), s.sent.length];
      s.c.visibilityChanged(false);
      await focusBack(s);
      assert.equal(s.reads(), reads, 'no check for a hidden panel (nor the command list, nor an error)');
      s.c.visibilityChanged(true);
      await tick(0);
      assert.equal(s.reads(), reads + 1, 'checked when shown again');
      s.c.visibilityChanged(true);
      await tick(0);
      assert.equal(s.reads(), reads + 1, 'still visible (a move, a focus change in the editor): no second check');
      await focusBack(s);
      assert.equal(s.reads(), reads + 2, 'on screen again: focus checks again');
      assert.equal(s.sent.length, requests, 'the passed verification is never repeated');
    });

    it("the webview panel's view state drives it (SetupPanel wires onDidChangeViewState)", async () => {
      const s = setup({ read: WARNINGS });
      const viewState = new Emitter<{ webviewPanel: { visible: boolean } }>();
      const received = new Emitter<unknown>();
      const noop = { dispose: () => undefined };
      const panel = {
        webview: {
          cspSource: 'vscode-webview:',
          html: '',
          asWebviewUri: (u: unknown) => u,
          postMessage: async () => true,
          onDidReceiveMessage: received.event,
        },
        onDidChangeViewState: viewState.event,
        onDidDispose: () => noop,
        reveal: () => undefined,
        dispose: () => undefined,
      };
      const vs = {
        window: { createWebviewPanel: () => panel },
        ViewColumn: { Active: -1 },
        Uri: { joinPath: (...p: unknown[]) => p.join('/') },
        workspace: { onDidChangeConfiguration: () => noop },
        env: { language: 'en' },
      };
      const opened = SetupPanel.open(vs as never, 'ext' as never, {
        settings: s.h.settings,
        keychain: s.h.keychain,
        connection: new Connection(
          s.h.settings,
          s.h.keychain,
          new LoadedModule({ verify: async (o: VerifyOptions) => fakeResult(o) }),
          s.h.logger,
          dontSend,
        ),
        logger: s.h.logger,
        clipboard: new FakeClipboard(),
        notify: new FakeNotify(),
        open: () => undefined,
        supportReport: () => '',
        isCursor: true,
        hasWorkspace: true,
        cursorChecklist: async () => s.check,
      });
      try {
        received.fire({ type: 'ready' });
        await tick(0);
        const reads = s.reads();
        assert.ok(reads > 0);
        viewState.fire({ webviewPanel: { visible: false } });
        await focusBack(s);
        assert.equal(s.reads(), reads);
        viewState.fire({ webviewPanel: { visible: true } });
        await tick(0);
        assert.equal(s.reads(), reads + 1);
      } finally {
        opened.dispose();
      }
    });

    it('the panel closed: focus no longer checks for it', async () => {
      const s = setup({ read: WARNINGS });
      await s.c.handle({ type: 'ready' });
      await tick(0);
      const reads = s.reads();
      s.c.dispose();
      await focusBack(s);
      assert.equal(s.reads(), reads);
    });
  });

  it('outside Cursor: the checklist is never loaded nor sent', async () => {
    const s = setup({ isCursor: false });
    await s.c.handle({ type: 'ready' });
    await tick(0);
    assert.equal(s.loads(), 0);
    assert.equal(checklists(s.posted).length, 0);
    await s.c.handle({ type: 'cursorFix', index: 0, code: 'dashboard_url' });
    assert.equal(s.f.clipboard(), '');
  });

  it('a checklist that cannot load is a log line; the panel works on', async () => {
    const h = hostParts();
    const connection = new Connection(
      h.settings,
      h.keychain,
      new LoadedModule({ verify: async (o: VerifyOptions) => fakeResult(o) }),
      h.logger,
      dontSend,
    );
    const failing = (): Promise<PanelCursorSource> => Promise.reject(new Error('gone'));
    const { c, posted } = panelController({ ...h, connection }, { isCursor: true, cursorChecklist: failing });
    await c.handle({ type: 'ready' });
    await tick(0);
    assert.ok(posted.some((m) => m.type === 'init'));
    assert.ok(h.channel.lines.some((l) => /Cursor checklist could not be read/.test(l)));
  });

  it('fitted to the protocol: past 32 rows and over-long details are cut, so the message still parses', () => {
    const rows: CursorFinding[] = Array.from({ length: 40 }, (_, i) => ({
      code: 'cursor_model_unknown',
      severity: 'error',
      detail: i === 0 ? 'x'.repeat(9000) : `row ${i}`,
      fix: 'deepseek-chat',
    }));
    const m = { type: 'cursorChecklist', rows } as HostMessage;
    assert.equal(parseHostMessage(m), undefined, 'as it is, the message does not parse');
    const fitted = fitHostMessage(m) as Extract<HostMessage, { type: 'cursorChecklist' }>;
    assert.ok(fitted && parseHostMessage(fitted));
    assert.equal(fitted.rows.length, 32);
    assert.equal(fitted.rows[0].detail.length, 8000);
    assert.ok(fitted.rows[0].detail.endsWith('…'));
  });
});
