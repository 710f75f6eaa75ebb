// The setup panel's browser side: wiring only. Strings come from the host ('init'); every host
// message is parsed with the shared zod schemas. The Base URL and key findings are computed right
// here with the engine's pure analysis (translated with the editor's l10n bundle from the host),
// so the key leaves this page only when the user verifies or saves. It is never kept in setState.
import { setTranslator } from '../core/l10n';
import {
  parseHostMessage,
  type DashboardView,
  type DiagnosisView,
  type HostMessage,
  type InitState,
  type WebviewMessage,
} from '../protocol/messages';
import { accountSection, keysLink, renderAccount } from './account';
import { renderDiagnosis as renderCard } from './diagnosisCard';
import type { FixAction } from './diagnosisView';
import { createAnnouncer } from './dom';
import { panelElements, putCursorSectionFirst, vscodeApi } from './elements';
import { createFindings } from './findings';
import {
  buttonStates,
  followSavedSettings,
  FormState,
  keyHint,
  modelForVerify,
  restoreForm,
  type Credentials,
  type PersistedState,
} from './formState';
import { createModelList } from './modelList';
import { browserTimer, RetryGate } from './retryCountdown';
import { renderStep, stepDetail } from './steps';
import { bundleTranslator, createStrings } from './strings';

const vscode = vscodeApi();
const el = panelElements(document);
const { fmt, set: setStrings } = createStrings();
const send = (message: WebviewMessage): void => vscode.postMessage(message);
const announce = createAnnouncer(el.live);
const form = new FormState();
const retry = new RetryGate(browserTimer, fmt, () => updateButtons());
let init: InitState | undefined;
/** The dashboard of the Base URL last verified or saved (undefined: not known yet). */
let dashboard: DashboardView | null | undefined;
const list = createModelList({ filter: el.modelFilter, list: el.modelList, count: el.modelCount }, fmt, {
  picked: (id) => {
    persist();
    updateButtons();
    if (!form.running) begin((p) => ({ type: 'verifyModel', ...p, model: id }));
  },
  filterChanged: () => persist(),
});
const values = () => ({ baseUrl: el.baseUrl.value, apiKey: el.apiKey.value, model: list.selected });
const findings = createFindings(el, () => ({ ...values(), asEntered: init?.useBaseUrlAsEntered === true }), fmt, useUrl);

function persist(): void {
  vscode.setState({
    baseUrl: el.baseUrl.value,
    model: list.selected,
    scope: el.scope.value,
    filter: el.modelFilter.value,
  } satisfies PersistedState);
}

function updateButtons(): void {
  const b = buttonStates({
    running: form.running,
    retryBlocked: retry.blocked,
    matchesVerified: form.matches(values()),
    hasWorkspace: init?.hasWorkspace,
  });
  el.verify.disabled = b.verifyDisabled;
  el.cancel.disabled = b.cancelDisabled;
  el.save.disabled = b.saveDisabled;
  el.scope.querySelector<HTMLOptionElement>('option[value=workspace]')!.disabled = b.workspaceScopeDisabled;
}

function setRunning(r: boolean): void {
  form.running = r;
  el.verify.setAttribute('aria-busy', String(r));
  updateButtons();
}

function onFormChange(): void {
  form.edited(values());
  // A Retry-After wait belongs to the values that were rate limited; new values may verify at once.
  if (retry.blocked) retry.stop();
  updateButtons();
  persist();
  findings.schedule();
}

function useUrl(url: string): void {
  el.baseUrl.value = url;
  onFormChange();
  el.baseUrl.focus();
  announce(fmt('fixUseUrl', url));
}

function runFix(a: FixAction): void {
  if (a.kind === 'useUrl') useUrl(a.url);
  else if (a.kind === 'open') send(a.url ? { type: 'open', target: a.target, url: a.url } : { type: 'open', target: a.target });
  else if (a.kind === 'pickModel') {
    if (a.id) list.pick(a.id, true);
    else list.showAll();
  } else if (a.kind === 'focus') (a.field === 'apiKey' ? el.apiKey : el.baseUrl).focus();
  else if (a.kind === 'verify') startVerify(a.allowInsecureHttp);
}

const renderDiagnosis = (d: DiagnosisView | undefined) => renderCard(el.diagnosis, d, fmt, retry, runFix, announce);

function startVerify(allowInsecureHttp: boolean): void {
  if (form.running) return;
  form.forgetVerified();
  const model = modelForVerify(el.modelFilter.value, list.selected, list.models);
  begin((p) => ({ type: 'verify', ...p, model: model || undefined, allowInsecureHttp }), fmt('verifying'));
}

/** Clears the card and sends `message` for the form's Base URL and key (kept as the pending values). */
function begin(message: (p: Credentials) => WebviewMessage, announcement?: string): void {
  renderDiagnosis(undefined);
  setRunning(true);
  if (announcement) announce(announcement);
  send(message(form.begin({ baseUrl: el.baseUrl.value, apiKey: el.apiKey.value })));
}

function showKeyHint(hasKey: boolean, keyRedacted: string | undefined): void {
  const view = keyHint(hasKey, keyRedacted, fmt);
  el.apiKeySaved.hidden = view.hidden;
  el.apiKeySaved.textContent = view.text;
}

el.baseUrl.addEventListener('input', onFormChange);
el.apiKey.addEventListener('input', onFormChange);
el.form.addEventListener('submit', (e) => {
  e.preventDefault();
  startVerify(false);
});
el.cancel.addEventListener('click', () => {
  send({ type: 'cancel' });
  setRunning(false);
  el.verify.focus();
});
el.save.addEventListener('click', () => {
  if (!form.matches(values())) return;
  el.save.disabled = true;
  announce(fmt('saving'));
  send({ type: 'save', ...values(), scope: el.scope.value === 'workspace' ? 'workspace' : 'user' });
});
el.scope.addEventListener('change', persist);
const copies = [
  [el.copyReport, 'report'],
  [el.copyBaseUrl, 'baseUrl'],
  [el.copyModel, 'model'],
  [el.copyKey, 'key'],
] as const;
for (const [button, what] of copies) button.addEventListener('click', () => send({ type: 'copy', what }));
for (const link of el.opens) {
  link.addEventListener('click', () => {
    const target = link.dataset.open === 'billing' ? 'billing' : 'tokens';
    const url = target === 'tokens' ? keysLink(dashboard).url : (dashboard?.topUp ?? undefined);
    send(url ? { type: 'open', target, url } : { type: 'open', target });
  });
}
el.account.topUp.addEventListener('click', () => {
  const url = el.account.topUp.dataset.url;
  send(url ? { type: 'open', target: 'billing', url } : { type: 'open', target: 'billing' });
});

function onInit(m: Extract<HostMessage, { type: 'init' }>): void {
  setStrings(m.strings);
  init = m.state;
  if (m.l10n) setTranslator(bundleTranslator(m.l10n));
  const restored = restoreForm(vscode.getState(), m.state);
  el.baseUrl.value = restored.baseUrl;
  list.setSelected(restored.model, false);
  if (restored.scope) el.scope.value = restored.scope;
  if (restored.filter !== undefined) el.modelFilter.value = restored.filter;
  showKeyHint(m.state.hasKey, m.state.keyRedacted);
  if (m.state.isCursor) putCursorSectionFirst(el);
  list.render();
  updateButtons();
  findings.schedule();
}

function onMessage(m: HostMessage): void {
  switch (m.type) {
    case 'init':
      return onInit(m);
    case 'step':
      return renderStep(
        m.step.name === 'models' ? el.stepModels : el.stepChat,
        m.step,
        stepDetail(m.step, fmt, list.models.length > 0 && !list.selected),
      );
    case 'models':
      list.setModels(m.models, m.selected ?? '');
      persist();
      if (el.stepChat.dataset.state === 'idle') onMessage({ type: 'step', step: { name: 'chat', state: 'idle' } });
      return;
    case 'verifyDone':
      setRunning(false);
      el.copyReport.disabled = m.cancelled;
      form.finish(m.ok, m.verifiedModel);
      renderDiagnosis(m.diagnosis);
      updateButtons();
      if (m.diagnosis) el.diagnosis.card.focus();
      return;
    case 'saved':
      if (init) init = { ...init, baseUrl: m.baseUrl, model: m.model };
      form.forgetVerified();
      el.apiKey.value = '';
      findings.schedule();
      el.savedText.textContent = fmt(
        'savedSummary',
        m.baseUrl,
        m.model,
        m.keyRedacted,
        fmt(m.scope === 'workspace' ? 'scopeWorkspace' : 'scopeUser'),
      );
      el.savedSummary.hidden = el.cursorSection.hidden = false;
      showKeyHint(true, m.keyRedacted);
      updateButtons();
      persist();
      el.savedSummary.focus();
      return;
    case 'saveFailed':
      updateButtons();
      announce(m.message);
      return renderDiagnosis({ code: 'save_failed', severity: 'error', title: m.message, detail: '', short: '', fixes: [] });
    case 'announce':
      return announce(m.text);
    case 'savedSettings': {
      if (!init) return;
      const follow = followSavedSettings(init, { baseUrl: el.baseUrl.value, model: list.selected }, list.models, m);
      init = follow.init;
      if (follow.baseUrl !== undefined) el.baseUrl.value = follow.baseUrl;
      if (follow.model !== undefined) list.setSelected(follow.model, true);
      if (follow.baseUrl === undefined && follow.model === undefined) return;
      onFormChange();
      return announce(fmt('savedSettingsChanged', m.baseUrl, m.model || '—'));
    }
    case 'keyState':
      return showKeyHint(m.hasKey, m.keyRedacted);
    case 'account':
      return renderAccount(
        el.account,
        accountSection(m.account, fmt, (ms) => new Date(ms).toLocaleTimeString()),
      );
    case 'dashboard': {
      dashboard = m.dashboard;
      el.openKeys.hidden = keysLink(dashboard).hidden;
      return;
    }
  }
}

window.addEventListener('message', (event: MessageEvent) => {
  const m = parseHostMessage(event.data);
  return m ? onMessage(m) : console.warn('RutaAPI: dropped a malformed message from the host');
});

el.diagnosis.card.tabIndex = -1;
updateButtons();
send({ type: 'ready' });
