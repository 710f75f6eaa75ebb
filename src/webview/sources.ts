// Where the form's Base URL and model come from (user settings, the workspace's .vscode/settings.json
// or the default), and what saving to User settings would do with a workspace value. Pure: the
// wiring puts the texts into the hints (textContent only: a settings value stays inert).
import type { SourcesView } from '../protocol/messages';
import type { Fmt } from './strings';

export interface SourceHints {
  /** Under the Base URL field; '' hides it. */
  baseUrl: string;
  /** Under the model field; '' hides it. */
  model: string;
  /** Next to Save: saving this workspace value to User settings replaces the user's own; '' hides it. */
  save: string;
}

export interface SourceInputs {
  sources: SourcesView | undefined;
  /** The saved values (the host's 'init' / 'savedSettings'), '' for none. */
  saved: { baseUrl: string; model: string };
  /** What the form holds now. */
  form: { baseUrl: string; model: string };
  /** The "Save to" select. */
  scope: 'user' | 'workspace';
}

/**
 * A field's hint names the source of the saved value while the form still shows that value (a value
 * the person typed is their own). Saving to User settings while the form holds the workspace's
 * Base URL or model says that it replaces the user's own value.
 */
export function sourceHints(i: SourceInputs, fmt: Fmt): SourceHints {
  const none: SourceHints = { baseUrl: '', model: '', save: '' };
  const s = i.sources;
  if (!s) return none;
  const sameBaseUrl = i.form.baseUrl.trim() === i.saved.baseUrl.trim();
  const sameModel = i.saved.model !== '' && i.form.model === i.saved.model;
  const userBaseUrl = s.userBaseUrl ?? fmt('sourceDefaultBaseUrl');
  const out: SourceHints = { ...none };
  if (sameBaseUrl) {
    out.baseUrl =
      s.baseUrl === 'workspace'
        ? fmt('baseUrlFromWorkspace', userBaseUrl)
        : s.baseUrl === 'user'
          ? fmt('baseUrlFromUser')
          : fmt('baseUrlFromDefault');
  }
  if (sameModel) out.model = s.model === 'workspace' ? fmt('modelFromWorkspace') : s.model === 'user' ? fmt('modelFromUser') : '';
  const movesBaseUrl = sameBaseUrl && s.baseUrl === 'workspace';
  const movesModel = sameModel && s.model === 'workspace';
  if (i.scope === 'user' && (movesBaseUrl || movesModel)) {
    out.save = movesBaseUrl ? fmt('saveCopiesWorkspaceBaseUrl', userBaseUrl) : fmt('saveCopiesWorkspaceModel');
  }
  return out;
}
