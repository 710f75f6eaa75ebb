// The setup form's state without the DOM: which values were verified (Save is enabled only while
// the form still holds exactly those), what a running verification started with, the buttons'
// enabled states, the model to test, and what survives a reload (never the key).
import type { InitState } from '../protocol/messages';
import type { Fmt } from './strings';

export interface FormValues {
  baseUrl: string;
  apiKey: string;
  model: string;
}
export type FormField = keyof FormValues;
export type Credentials = Omit<FormValues, 'model'>;

const FIELDS: FormField[] = ['baseUrl', 'apiKey', 'model'];

/** The fields whose current value differs from the verified one. */
export function changedFields(verified: FormValues, current: FormValues): FormField[] {
  return FIELDS.filter((f) => verified[f] !== current[f]);
}

export class FormState {
  running = false;
  private verifiedValues: FormValues | undefined;
  private pendingValues: Credentials | undefined;

  /** The exact form values both steps passed for. */
  get verified(): FormValues | undefined {
    return this.verifiedValues;
  }

  /** The values the running verification was started with. */
  get pending(): Credentials | undefined {
    return this.pendingValues;
  }

  /** True when the form holds exactly the verified values (Save may run). */
  matches(current: FormValues): boolean {
    return !!this.verifiedValues && changedFields(this.verifiedValues, current).length === 0;
  }

  /** After an edit: a verification no longer matching the form is forgotten (even if undone later). */
  edited(current: FormValues): void {
    if (this.verifiedValues && !this.matches(current)) this.verifiedValues = undefined;
  }

  forgetVerified(): void {
    this.verifiedValues = undefined;
  }

  /** A verification starts with these values. */
  begin(values: Credentials): Credentials {
    this.pendingValues = { baseUrl: values.baseUrl, apiKey: values.apiKey };
    return this.pendingValues;
  }

  /**
   * The host finished: on success the values it verified become the verified ones (not what the
   * fields hold now; the user may have typed since).
   */
  finish(ok: boolean, verifiedModel: string | undefined): void {
    if (ok && verifiedModel && this.pendingValues) this.verifiedValues = { ...this.pendingValues, model: verifiedModel };
    this.pendingValues = undefined;
  }
}

export interface ButtonInputs {
  running: boolean;
  /** A Retry-After countdown is running. */
  retryBlocked: boolean;
  /** The form holds exactly the verified values. */
  matchesVerified: boolean;
  /** From 'init'; undefined before it. */
  hasWorkspace: boolean | undefined;
}

export interface ButtonStates {
  verifyDisabled: boolean;
  cancelDisabled: boolean;
  saveDisabled: boolean;
  workspaceScopeDisabled: boolean;
}

export function buttonStates(i: ButtonInputs): ButtonStates {
  return {
    verifyDisabled: i.running || i.retryBlocked,
    cancelDisabled: !i.running,
    saveDisabled: i.running || !i.matchesVerified,
    workspaceScopeDisabled: i.hasWorkspace === undefined ? false : !i.hasWorkspace,
  };
}

/**
 * The model to test: the selected list entry, unless the user typed another id into the Model
 * field (then that exact id is tested; the engine reports it if /models does not know it).
 */
export function modelForVerify(typedFilter: string, selected: string, models: readonly string[]): string {
  const typed = typedFilter.trim();
  if (!typed) return selected;
  if (models.includes(typed)) return typed;
  const q = typed.toLowerCase();
  if (selected && selected.toLowerCase().includes(q)) return selected;
  return models.some((m) => m.toLowerCase().includes(q)) ? selected : typed;
}

/** What the panel keeps across reloads (webview setState). Never the key. */
export interface PersistedState {
  baseUrl: string;
  model: string;
  scope: string;
  filter: string;
}

export interface RestoredForm {
  baseUrl: string;
  model: string;
  /** Set only when the saved scope applies; otherwise the select keeps its value. */
  scope?: 'workspace';
  /** Set only when one was saved. */
  filter?: string;
}

/** The form after 'init': what this panel kept (getState) wins over the saved settings. */
export function restoreForm(saved: unknown, state: InitState): RestoredForm {
  const s = saved as { baseUrl?: unknown; model?: unknown; scope?: unknown; filter?: unknown } | undefined;
  const out: RestoredForm = {
    baseUrl: typeof s?.baseUrl === 'string' ? s.baseUrl : state.baseUrl || state.defaultBaseUrl,
    model: typeof s?.model === 'string' ? s.model : state.model,
  };
  if (s?.scope === 'workspace' && state.hasWorkspace) out.scope = 'workspace';
  if (typeof s?.filter === 'string') out.filter = s.filter;
  return out;
}

/**
 * rutaapi.baseUrl / rutaapi.model changed elsewhere: only fields still showing the old saved
 * value follow (what the user typed here stays); a model follows only if the list knows it (or
 * there is no list yet). Returns the new saved settings and the values to put in the form.
 */
export function followSavedSettings(
  init: InitState,
  form: { baseUrl: string; model: string },
  models: readonly string[],
  next: { baseUrl: string; model: string },
): { init: InitState; baseUrl?: string; model?: string } {
  const was = { baseUrl: init.baseUrl || init.defaultBaseUrl, model: init.model };
  const out: { init: InitState; baseUrl?: string; model?: string } = { init: { ...init, baseUrl: next.baseUrl, model: next.model } };
  if (form.baseUrl === was.baseUrl && next.baseUrl !== was.baseUrl) out.baseUrl = next.baseUrl;
  if (form.model === was.model && next.model !== was.model && (models.length === 0 || models.includes(next.model))) out.model = next.model;
  return out;
}

/** The "a key is saved" hint under the key field. */
export function keyHint(hasKey: boolean, keyRedacted: string | undefined, fmt: Fmt): { hidden: boolean; text: string } {
  return { hidden: !hasKey, text: hasKey ? fmt('apiKeySavedHint', keyRedacted ?? '…') : '' };
}
