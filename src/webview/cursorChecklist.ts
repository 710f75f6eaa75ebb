// The "Use it in Cursor" section's checklist (Cursor only): what Cursor's own settings hold, one row
// per finding of the host's check (the same as RutaAPI: Check Cursor Settings), each with its Fix.
// Text only (textContent): a detail may quote Cursor's settings file.
import type { CursorRowView, WebviewMessage } from '../protocol/messages';
import type { Fmt } from './strings';

export interface CursorChecklistRow {
  /** Its place in the host's list: two rows may share a code (two unknown models), so the Fix names both. */
  index: number;
  code: string;
  severity: CursorRowView['severity'];
  /** The codicon for the severity. */
  icon: string;
  detail: string;
  /** "Fix: copy <value>", or "Open Cursor Settings → Models" for a row without a value. */
  button: string;
}

const ICON: Record<CursorRowView['severity'], string> = { error: 'error', warning: 'warning', info: 'info' };

/** The rows to show; no rows: one line saying the settings look right. */
export function cursorChecklistView(rows: CursorRowView[], fmt: Fmt): { rows: CursorChecklistRow[]; empty: string | undefined } {
  return {
    rows: rows.map((r, index) => ({
      index,
      code: r.code,
      severity: r.severity,
      icon: ICON[r.severity],
      detail: r.detail,
      button: r.fix !== undefined ? fmt('cursorFixCopy', r.fix) : fmt('cursorOpenModels'),
    })),
    empty: rows.length === 0 ? fmt('cursorLooksRight') : undefined,
  };
}

/** What a row's Fix button sends: its place and its code; the host copies its own finding's value. */
export function cursorFixMessage(row: CursorChecklistRow): Extract<WebviewMessage, { type: 'cursorFix' }> {
  return { type: 'cursorFix', index: row.index, code: row.code };
}

export function renderCursorChecklist(
  el: { box: HTMLElement; rows: HTMLElement },
  view: ReturnType<typeof cursorChecklistView>,
  onFix: (row: CursorChecklistRow) => void,
): void {
  const doc = el.rows.ownerDocument;
  const icon = (name: string): HTMLElement => {
    const span = doc.createElement('span');
    span.className = `codicon codicon-${name}`;
    span.setAttribute('aria-hidden', 'true');
    return span;
  };
  const items = view.rows.map((r) => {
    const li = doc.createElement('li');
    li.dataset.code = r.code;
    li.dataset.severity = r.severity;
    const text = doc.createElement('span');
    text.textContent = r.detail;
    const button = doc.createElement('button');
    button.type = 'button';
    button.className = 'secondary';
    button.textContent = r.button;
    button.addEventListener('click', () => onFix(r));
    li.append(icon(r.icon), ' ', text, ' ', button);
    return li;
  });
  if (view.empty !== undefined) {
    const li = doc.createElement('li');
    li.append(icon('pass'), ' ', view.empty);
    items.push(li);
  }
  el.rows.replaceChildren(...items);
  el.box.hidden = false;
}
