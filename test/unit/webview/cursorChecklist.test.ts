// Issue 20: the "Use it in Cursor" section's checklist in the webview: one row per finding, the Fix button named with
// the value it copies (from the panel's translated string table), one line when Cursor's settings look right.
import { strict as assert } from 'node:assert';
import { webviewStrings } from '../../../src/host/panel/webviewStrings';
import { parseWebviewMessage } from '../../../src/protocol/messages';
import { cursorChecklistView, cursorFixMessage } from '../../../src/webview/cursorChecklist';
import { createStrings } from '../../../src/webview/strings';

const { fmt } = createStrings(webviewStrings());

describe('webview Cursor checklist', () => {
  it('a row per finding: its severity icon, its sentence, and a Fix naming the value or Cursor Settings → Models', () => {
    const v = cursorChecklistView(
      [
        {
          code: 'dashboard_url',
          severity: 'error',
          detail: 'https://app.rutaapi.com is the dashboard.',
          fix: 'https://api.rutaapi.com/v1',
        },
        { code: 'cursor_key_encrypted', severity: 'info', detail: 'Cursor keeps its key encrypted.' },
      ],
      fmt,
    );
    assert.equal(v.empty, undefined);
    assert.deepEqual(v.rows, [
      {
        index: 0,
        code: 'dashboard_url',
        severity: 'error',
        icon: 'error',
        detail: 'https://app.rutaapi.com is the dashboard.',
        button: 'Fix: copy https://api.rutaapi.com/v1',
      },
      {
        index: 1,
        code: 'cursor_key_encrypted',
        severity: 'info',
        icon: 'info',
        detail: 'Cursor keeps its key encrypted.',
        button: 'Open Cursor Settings → Models',
      },
    ]);
  });

  it("two rows with one code (two unknown models): each Fix sends its own row's place, a message the host accepts", () => {
    const v = cursorChecklistView(
      [
        { code: 'cursor_model_unknown', severity: 'error', detail: '"deepseek-v3" is not listed.', fix: 'deepseek-chat' },
        { code: 'cursor_model_unknown', severity: 'error', detail: '"qwen-pluss" is not listed.', fix: 'qwen-plus' },
      ],
      fmt,
    );
    assert.deepEqual(
      v.rows.map((r) => [r.button, cursorFixMessage(r)]),
      [
        ['Fix: copy deepseek-chat', { type: 'cursorFix', index: 0, code: 'cursor_model_unknown' }],
        ['Fix: copy qwen-plus', { type: 'cursorFix', index: 1, code: 'cursor_model_unknown' }],
      ],
    );
    for (const r of v.rows) assert.deepEqual(parseWebviewMessage(cursorFixMessage(r)), cursorFixMessage(r));
  });

  it('no findings: one line that the settings look right', () => {
    const v = cursorChecklistView([], fmt);
    assert.deepEqual(v.rows, []);
    assert.equal(v.empty, "Cursor's model settings look right");
  });
});
