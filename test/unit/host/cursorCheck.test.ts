// Issue 20, item 1 (host): Check Cursor Settings over the fakes: one checklist row per finding, Fix copies
// the value and opens Cursor's Models settings (with fallbacks), focus re-checks, the hint on an error,
// the saved key compared by hash and never shown.
import { strict as assert } from 'node:assert';
import { diagnoseCursor } from '../../../src/core/cursor/diagnose';
import type { CursorRead } from '../../../src/core/cursor/types';
import { CursorCheck } from '../../../src/host/commands/cursorCheck';
import { Emitter } from '../../../src/host/shared/event';
import { notifier } from '../../../src/host/shared/notifier';
import { hostParts, LoadedModule, tick } from './fakes';
import { fakeVscode } from './fakeVscode';

const SAVED = 'sk-ruta-saved-key-1234567890abcdef';
const settings = (over: Partial<Extract<CursorRead, { status: 'ok' }>['settings']> = {}): CursorRead => ({
  status: 'ok',
  settings: {
    useOpenAIKey: true,
    baseUrl: 'https://app.rutaapi.com',
    plainKey: 'sk-ruta-other-key-0987654321fedcba',
    encryptedKey: false,
    models: ['gpt-4o-mini-guess'],
    enabledModels: ['gpt-4o-mini-guess'],
    ...over,
  },
});

function setup(read: () => CursorRead, missing: string[] = []) {
  const h = hostParts();
  const f = fakeVscode({});
  const focus = new Emitter<{ focused: boolean }>();
  f.vs.window.onDidChangeWindowState = focus.event;
  const exec = f.vs.commands.executeCommand;
  f.vs.commands.executeCommand = async (id: string, ...a: unknown[]) => {
    if (missing.includes(id)) throw new Error(`command '${id}' not found`);
    return exec(id, ...a);
  };
  let reads = 0;
  const check = new CursorCheck({
    vs: f.vs,
    notify: notifier(f.vs),
    stateDb: '/nowhere/state.vscdb',
    loader: new LoadedModule({ readCursorSettings: async () => (reads++, read()), diagnoseCursor }),
    baseUrl: () => 'https://api.rutaapi.com/v1',
    savedKey: async () => SAVED,
    models: () => ['deepseek-chat', 'gpt-4o-mini'],
    logger: h.logger,
    command: 'rutaapi.checkCursorSettings',
  });
  return { h, f, focus, check, reads: () => reads };
}

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
    assert.ok(!text.includes(SAVED) && !text.includes('sk-ruta-other-key-0987654321fedcba'));
    assert.ok(s.f.statusItems.find((i: { id: string }) => i.id === 'rutaapi.cursorHint').shown, 'an error shows the hint');
  });

  it('Fix copies the value and opens the Models settings, falling back when a command is missing', async () => {
    const s = setup(() => settings(), ['aiSettings.action.open']);
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
});
