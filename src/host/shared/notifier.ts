import type * as vscode from 'vscode';
import type { NotifyPort } from './ports';

/**
 * The only place in src/host that calls `window.show*Message`: every message arrives as
 * `ShownText` (host/shared/shown.ts), so server text in it is already neutralised.
 * test/unit/host/networkText.test.ts fails when another host module calls show*Message directly.
 */
export function notifier(vs: typeof vscode): Required<NotifyPort> {
  const w = vs.window;
  return {
    info: (m, ...a) => w.showInformationMessage(m, ...a),
    warn: (m, ...a) => w.showWarningMessage(m, ...a),
    error: (m, ...a) => w.showErrorMessage(m, ...a),
    modal: (m, detail, ...a) => w.showWarningMessage(m, { modal: true, detail }, ...a),
  };
}
