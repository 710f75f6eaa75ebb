// The "Saved" summary after a save: what went where, and the Cursor section that now applies.
import type { HostMessage } from '../protocol/messages';
import type { PanelElements } from './elements';
import type { Fmt } from './strings';

export function renderSaved(el: PanelElements, m: Extract<HostMessage, { type: 'saved' }>, fmt: Fmt): void {
  const scope = fmt(m.scope === 'workspace' ? 'scopeWorkspace' : 'scopeUser');
  el.savedText.textContent = fmt('savedSummary', m.baseUrl, m.model, m.keyRedacted, scope);
  el.savedSummary.hidden = el.cursorSection.hidden = false;
}
