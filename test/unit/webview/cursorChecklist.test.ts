// Issue 20: the "Use it in Cursor" section's checklist in the webview: one row per finding, the Fix button named with
// the value it copies (from the panel's translated string table), one line when Cursor's settings look right.
import { strict as assert } from 'node:assert';
import { webviewStrings } from '../../../src/host/panel/webviewStrings';
import { cursorChecklistView } from '../../../src/webview/cursorChecklist';
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
        code: 'dashboard_url',
        severity: 'error',
        icon: 'error',
        detail: 'https://app.rutaapi.com is the dashboard.',
        button: 'Fix: copy https://api.rutaapi.com/v1',
      },
      {
        code: 'cursor_key_encrypted',
        severity: 'info',
        icon: 'info',
        detail: 'Cursor keeps its key encrypted.',
        button: 'Open Cursor Settings → Models',
      },
    ]);
  });

  it('no findings: one line that the settings look right', () => {
    const v = cursorChecklistView([], fmt);
    assert.deepEqual(v.rows, []);
    assert.equal(v.empty, "Cursor's model settings look right");
  });
});
