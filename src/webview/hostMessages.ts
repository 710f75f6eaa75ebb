// What the panel does with each message from the host (parsed with the shared schemas first).
import { setTranslator } from '../core/l10n';
import type { DashboardView, DiagnosisView, HostMessage, InitState, SourcesView } from '../protocol/messages';
import { accountSection, keysLink, renderAccount } from './account';
import type { PanelElements, VsCodeApi } from './elements';
import type { createFindings } from './findings';
import { followSavedSettings, restoreForm, type FormState } from './formState';
import type { createModelList } from './modelList';
import { cursorChecklistView, cursorFixMessage, renderCursorChecklist } from './cursorChecklist';
import { putCursorSectionFirst } from './elements';
import { renderSaved } from './savedView';
import { renderStep, stepDetail } from './steps';
import { bundleTranslator, type Fmt } from './strings';

/** The panel's state that host messages change. */
export interface PanelState {
  init: InitState | undefined;
  /** The dashboard of the Base URL last verified or saved (undefined: not known yet). */
  dashboard: DashboardView | null | undefined;
  /** Where the saved Base URL and model come from (the host's 'sources'); undefined until it says. */
  sources?: SourcesView;
}

export interface HostMessageDeps {
  el: PanelElements;
  fmt: Fmt;
  setStrings(strings: Record<string, string>): void;
  vscode: VsCodeApi;
  list: ReturnType<typeof createModelList>;
  form: FormState;
  findings: ReturnType<typeof createFindings>;
  state: PanelState;
  announce(text: string): void;
  persist(): void;
  updateButtons(): void;
  setRunning(running: boolean): void;
  renderDiagnosis(d: DiagnosisView | undefined): void;
  showKeyHint(hasKey: boolean, keyRedacted: string | undefined): void;
  onFormChange(): void;
  /** Starts step 1 for the form's values (the Verify button). */
  verify(): void;
}

type Of<T extends HostMessage['type']> = Extract<HostMessage, { type: T }>;

export function createHostMessageHandler(d: HostMessageDeps): (m: HostMessage) => void {
  function onMessage(m: HostMessage): void {
    switch (m.type) {
      case 'init':
        return onInit(d, m);
      case 'step':
        return renderStep(
          m.step.name === 'models' ? d.el.stepModels : d.el.stepChat,
          m.step,
          stepDetail(m.step, d.fmt, d.list.models.length > 0 && !d.list.selected),
        );
      case 'models':
        d.list.setModels(m.models, m.selected ?? '', m.others);
        d.persist();
        if (d.el.stepChat.dataset.state === 'idle') onMessage({ type: 'step', step: { name: 'chat', state: 'idle' } });
        return;
      case 'verifyDone':
        return onVerifyDone(d, m);
      case 'saved':
        return onSaved(d, m);
      case 'saveFailed':
        d.updateButtons();
        d.announce(m.message);
        return d.renderDiagnosis({ code: 'save_failed', severity: 'error', title: m.message, detail: '', short: '', fixes: [] });
      case 'announce':
        return d.announce(m.text);
      case 'savedSettings':
        return onSavedSettings(d, m);
      case 'keyState':
        return d.showKeyHint(m.hasKey, m.keyRedacted);
      case 'account':
        return renderAccount(
          d.el.account,
          accountSection(m.account, d.fmt, (ms) => new Date(ms).toLocaleTimeString()),
        );
      case 'dashboard': {
        d.state.dashboard = m.dashboard;
        d.el.openKeys.hidden = keysLink(d.state.dashboard).hidden;
        return;
      }
      case 'sources':
        d.state.sources = { baseUrl: m.baseUrl, model: m.model, userBaseUrl: m.userBaseUrl };
        return d.updateButtons();
      case 'link':
        return onLink(d, m);
      case 'cursorChecklist':
        d.el.cursorSection.hidden = false;
        return renderCursorChecklist(d.el.cursorChecklist, cursorChecklistView(m.rows, d.fmt), (row) =>
          d.vscode.postMessage(cursorFixMessage(row)),
        );
    }
  }

  return onMessage;
}

function onInit(d: HostMessageDeps, m: Of<'init'>): void {
  d.setStrings(m.strings);
  d.state.init = m.state;
  if (m.l10n) setTranslator(bundleTranslator(m.l10n));
  const restored = restoreForm(d.vscode.getState(), m.state);
  d.el.baseUrl.value = restored.baseUrl;
  d.list.setSelected(restored.model, false);
  if (restored.scope) d.el.scope.value = restored.scope;
  if (restored.filter !== undefined) d.el.modelFilter.value = restored.filter;
  d.showKeyHint(m.state.hasKey, m.state.keyRedacted);
  if (m.state.isCursor) putCursorSectionFirst(d.el);
  d.list.render();
  d.updateButtons();
  d.findings.schedule();
}

function onVerifyDone(d: HostMessageDeps, m: Of<'verifyDone'>): void {
  d.setRunning(false);
  d.el.copyReport.disabled = m.cancelled;
  d.form.finish(m.ok, m.verifiedModel);
  d.renderDiagnosis(m.diagnosis);
  d.updateButtons();
  if (m.diagnosis) d.el.diagnosis.card.focus();
}

function onSaved(d: HostMessageDeps, m: Of<'saved'>): void {
  if (d.state.init) d.state.init = { ...d.state.init, baseUrl: m.baseUrl, model: m.model };
  d.form.forgetVerified();
  d.el.apiKey.value = '';
  d.findings.schedule();
  renderSaved(d.el, m, d.fmt);
  d.showKeyHint(true, m.keyRedacted);
  d.updateButtons();
  d.persist();
  d.el.savedSummary.focus();
}

/** The saved Base URL or model changed outside the panel: the form follows where it was not edited. */
function onSavedSettings(d: HostMessageDeps, m: Of<'savedSettings'>): void {
  if (!d.state.init) return;
  const follow = followSavedSettings(d.state.init, { baseUrl: d.el.baseUrl.value, model: d.list.selected }, d.list.models, m);
  d.state.init = follow.init;
  if (follow.baseUrl !== undefined) d.el.baseUrl.value = follow.baseUrl;
  if (follow.model !== undefined) d.list.setSelected(follow.model, true);
  if (follow.baseUrl === undefined && follow.model === undefined) return;
  d.onFormChange();
  d.announce(d.fmt('savedSettingsChanged', m.baseUrl, m.model || '—'));
}

/** A dashboard link: its Base URL in the form, its key kept by the host (used while the field is empty). */
function onLink(d: HostMessageDeps, m: Of<'link'>): void {
  d.el.baseUrl.value = m.baseUrl;
  d.el.apiKey.value = '';
  d.onFormChange();
  d.el.apiKeySaved.hidden = false;
  d.el.apiKeySaved.textContent = d.fmt('apiKeyLinkHint', m.keyRedacted);
  d.verify();
}
