// Every element of the panel HTML (src/host/panel/panelHtml.ts) the script uses, looked up once at
// start-up by the wiring (never at import).
import type { AccountElements } from './account';
import type { DiagnosisElements } from './diagnosisCard';
import type { OtherModelElements } from './otherModels';

/** The webview API the editor injects (acquireVsCodeApi). */
export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** The editor's webview API; it may be acquired only once per page. */
export function vscodeApi(): VsCodeApi {
  return acquireVsCodeApi();
}

export interface PanelElements {
  main: HTMLElement;
  form: HTMLFormElement;
  baseUrl: HTMLInputElement;
  baseUrlFindings: HTMLElement;
  /** Where the saved Base URL comes from (user, workspace, default). */
  baseUrlSource: HTMLElement;
  apiKey: HTMLInputElement;
  apiKeySaved: HTMLElement;
  keyFindings: HTMLElement;
  verify: HTMLButtonElement;
  cancel: HTMLButtonElement;
  stepModels: HTMLElement;
  stepChat: HTMLElement;
  diagnosis: DiagnosisElements;
  copyReport: HTMLButtonElement;
  modelFilter: HTMLInputElement;
  modelList: HTMLElement;
  modelCount: HTMLElement;
  modelSource: HTMLElement;
  otherModels: OtherModelElements;
  scope: HTMLSelectElement;
  save: HTMLButtonElement;
  /** Saving a workspace value to User settings replaces the user's own: said next to Save. */
  saveScopeNote: HTMLElement;
  savedSummary: HTMLElement;
  savedText: HTMLElement;
  cursorSection: HTMLElement;
  /** In Cursor: the checklist of Cursor's own settings (cursorChecklist.ts). */
  cursorChecklist: { box: HTMLElement; rows: HTMLElement };
  copyBaseUrl: HTMLButtonElement;
  copyKey: HTMLButtonElement;
  copyModel: HTMLButtonElement;
  live: HTMLElement;
  /** Links with `data-open` (open the tokens or billing page). */
  opens: HTMLElement[];
  /** The "Open Tokens" link next to the key field (also in `opens`). */
  openKeys: HTMLElement;
  account: AccountElements;
}

export function panelElements(doc: Document): PanelElements {
  const $ = <T extends HTMLElement = HTMLElement>(id: string) => doc.getElementById(id) as T;
  return {
    main: $('main'),
    form: $<HTMLFormElement>('form'),
    baseUrl: $<HTMLInputElement>('base-url'),
    baseUrlFindings: $('base-url-findings'),
    baseUrlSource: $('base-url-source'),
    apiKey: $<HTMLInputElement>('api-key'),
    apiKeySaved: $('api-key-saved'),
    keyFindings: $('key-findings'),
    verify: $<HTMLButtonElement>('verify'),
    cancel: $<HTMLButtonElement>('cancel'),
    stepModels: $('step-models'),
    stepChat: $('step-chat'),
    diagnosis: {
      card: $('diagnosis'),
      title: $('diagnosis-title'),
      detail: $('diagnosis-detail'),
      evidence: $('diagnosis-evidence'),
      fixes: $('diagnosis-fixes'),
    },
    copyReport: $<HTMLButtonElement>('copy-report'),
    modelFilter: $<HTMLInputElement>('model-filter'),
    modelList: $('model-list'),
    modelCount: $('model-count'),
    modelSource: $('model-source'),
    otherModels: { section: $('other-models'), summary: $('other-models-summary'), list: $('other-model-list') },
    scope: $<HTMLSelectElement>('save-scope'),
    save: $<HTMLButtonElement>('save'),
    saveScopeNote: $('save-scope-note'),
    savedSummary: $('saved-summary'),
    savedText: $('saved-text'),
    cursorSection: $('cursor-section'),
    cursorChecklist: { box: $('cursor-checklist'), rows: $('cursor-checklist-rows') },
    copyBaseUrl: $<HTMLButtonElement>('copy-base-url'),
    copyKey: $<HTMLButtonElement>('copy-key'),
    copyModel: $<HTMLButtonElement>('copy-model'),
    live: $('live'),
    opens: Array.from(doc.querySelectorAll<HTMLElement>('[data-open]')),
    openKeys: $('open-keys'),
    account: {
      card: $('account'),
      summary: $('account-summary'),
      lines: $('account-lines'),
      readAt: $('account-read-at'),
      topUp: $<HTMLButtonElement>('account-top-up'),
    },
  };
}

/** In Cursor the "Use it in Cursor" section (and the saved summary above it) comes first. */
export function putCursorSectionFirst(el: PanelElements): void {
  el.main.insertBefore(el.cursorSection, el.main.children[2] ?? null);
  el.main.insertBefore(el.savedSummary, el.cursorSection);
}
