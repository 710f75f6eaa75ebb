// The setup panel's browser side. Strings come from the host ('init'); every host message is
// parsed with the shared zod schemas. The Base URL and key findings are computed right here with
// the engine's pure analysis (translated with the editor's l10n bundle from the host), so the key
// leaves this page only when the user verifies or saves. It is never kept in setState.
import { analyzeApiKey } from '../core/apiKey';
import { analyzeBaseUrl } from '../core/baseUrl';
import { setTranslator } from '../core/l10n';
import type { BaseUrlFinding, KeyFinding } from '../core/types';
import {
  parseHostMessage,
  type DiagnosisView,
  type HostMessage,
  type StepView,
  type WebviewMessage,
  type InitState,
} from '../protocol/messages';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

const baseUrlEl = $<HTMLInputElement>('base-url');
const keyEl = $<HTMLInputElement>('api-key');
const verifyBtn = $<HTMLButtonElement>('verify');
const cancelBtn = $<HTMLButtonElement>('cancel');
const saveBtn = $<HTMLButtonElement>('save');
const scopeEl = $<HTMLSelectElement>('save-scope');
const filterEl = $<HTMLInputElement>('model-filter');
const listEl = $('model-list');
const countEl = $('model-count');
const diagEl = $('diagnosis');
const liveEl = $('live');
const reportBtn = $<HTMLButtonElement>('copy-report');

const MAX_ROWS = 200;

let S: Record<string, string> = {};
let init: InitState | undefined;
let models: string[] = [];
let selectedModel = '';
let activeIndex = 0;
let running = false;
/** The exact form values both steps passed for; Save is enabled only while the form still matches. */
let verified: { baseUrl: string; apiKey: string; model: string } | undefined;
/** The form values the running verification was started with. */
let pending: { baseUrl: string; apiKey: string } | undefined;
let analyzeTimer: ReturnType<typeof setTimeout> | undefined;
let retryTimer: ReturnType<typeof setInterval> | undefined;
let retryBlocked = false;

const fmt = (id: string, ...args: Array<string | number>) =>
  (S[id] ?? id).replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] === undefined ? m : String(args[Number(i)])));

function send(message: WebviewMessage): void {
  vscode.postMessage(message);
}

function announce(text: string): void {
  liveEl.textContent = '';
  // A fresh text node makes screen readers announce repeated messages too.
  setTimeout(() => (liveEl.textContent = text), 30);
}

function persist(): void {
  // Never the key.
  vscode.setState({ baseUrl: baseUrlEl.value, model: selectedModel, scope: scopeEl.value, filter: filterEl.value });
}

function icon(name: string): HTMLSpanElement {
  const span = document.createElement('span');
  span.className = `codicon codicon-${name}`;
  span.setAttribute('aria-hidden', 'true');
  return span;
}

function button(label: string, kind: string, value: string | undefined, onClick: () => void, codicon?: string): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'secondary';
  b.dataset.fixKind = kind;
  if (value !== undefined) b.dataset.fixValue = value;
  if (codicon) b.append(icon(codicon), ' ');
  b.append(label);
  b.addEventListener('click', onClick);
  return b;
}

// ---------- findings ----------

function renderFindings(listId: string, findings: Array<BaseUrlFinding | KeyFinding>): void {
  const ul = $(listId);
  ul.replaceChildren();
  for (const f of findings) {
    const li = document.createElement('li');
    li.dataset.code = f.code;
    li.dataset.severity = f.severity;
    li.append(icon(f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'info'), ' ');
    const text = document.createElement('span');
    text.textContent = f.message;
    li.append(text);
    if ('suggestedUrl' in f && f.suggestedUrl) {
      const url = f.suggestedUrl;
      li.append(' ', button(fmt('fixUseUrl', url), 'use_url', url, () => useUrl(url), 'wand'));
    }
    ul.append(li);
  }
}

function useUrl(url: string): void {
  baseUrlEl.value = url;
  onFormChange();
  baseUrlEl.focus();
  announce(fmt('fixUseUrl', url));
}

function scheduleAnalyze(): void {
  if (analyzeTimer) clearTimeout(analyzeTimer);
  analyzeTimer = setTimeout(analyzeNow, 150);
}

function analyzeNow(): void {
  analyzeTimer = undefined;
  const asEntered = init?.useBaseUrlAsEntered === true;
  renderFindings('base-url-findings', analyzeBaseUrl(baseUrlEl.value, { asEntered }).findings);
  renderFindings('key-findings', keyEl.value === '' ? [] : analyzeApiKey(keyEl.value).findings);
}

// ---------- steps ----------

const STEP_ICON: Record<StepView['state'], string> = {
  idle: 'circle-large-outline',
  running: 'sync codicon-modifier-spin',
  ok: 'pass-filled',
  fail: 'error',
};

function renderStep(step: StepView): void {
  const li = $(step.name === 'models' ? 'step-models' : 'step-chat');
  li.dataset.state = step.state;
  const ic = li.querySelector('.codicon') as HTMLElement;
  ic.className = `codicon codicon-${STEP_ICON[step.state]}`;
  const parts: string[] = [];
  if (step.state === 'idle') parts.push(step.name === 'chat' && models.length && !selectedModel ? fmt('stepChatNeedsModel') : fmt('stepIdle'));
  if (step.state === 'running') parts.push(fmt('stepRunning'));
  if (step.state === 'ok') parts.push(fmt('stepOk'));
  if (step.state === 'fail') parts.push(fmt('stepFail'));
  if (step.model) parts.push(step.model);
  if (step.status != null) parts.push(fmt('stepStatus', step.status));
  if (step.latencyMs != null) parts.push(fmt('stepLatency', step.latencyMs));
  if (step.modelCount != null) parts.push(fmt('stepModelCount', step.modelCount));
  if (step.requestId) parts.push(fmt('stepRequestId', step.requestId));
  if (step.replyExcerpt) parts.push(fmt('stepReply', step.replyExcerpt));
  (li.querySelector('.step-detail') as HTMLElement).textContent = parts.join(' · ');
}

// ---------- diagnosis ----------

function renderDiagnosis(d: DiagnosisView | undefined): void {
  stopRetry();
  if (!d) {
    diagEl.hidden = true;
    diagEl.dataset.code = '';
    return;
  }
  diagEl.hidden = false;
  diagEl.dataset.code = d.code;
  diagEl.dataset.severity = d.severity;
  $('diagnosis-title').replaceChildren(icon(d.severity === 'error' ? 'error' : 'warning'), ' ', d.title);
  $('diagnosis-detail').textContent = d.detail;
  const ev: string[] = [];
  if (d.status != null) ev.push(fmt('stepStatus', d.status));
  if (d.requestId) ev.push(fmt('stepRequestId', d.requestId));
  $('diagnosis-evidence').textContent = ev.join(' · ');
  const fixes = $('diagnosis-fixes');
  fixes.replaceChildren();
  for (const f of d.fixes) {
    const kind = f.kind;
    const value = f.value;
    let action: () => void;
    switch (kind) {
      case 'use_url':
        action = () => value && useUrl(value);
        break;
      case 'open_tokens':
        action = () => send({ type: 'open', target: 'tokens' });
        break;
      case 'open_billing':
        action = () => send({ type: 'open', target: 'billing' });
        break;
      case 'open_dashboard':
        action = () => send({ type: 'open', target: 'dashboard' });
        break;
      case 'contact_support':
        action = () => send({ type: 'open', target: 'support' });
        break;
      case 'open_proxy_settings':
        action = () => send({ type: 'open', target: 'proxySettings' });
        break;
      case 'pick_model':
        action = () => (value ? pickModel(value, true) : (filterEl.value = '', renderModels(), filterEl.focus()));
        break;
      case 'edit_key':
        action = () => keyEl.focus();
        break;
      case 'edit_base_url':
        action = () => baseUrlEl.focus();
        break;
      case 'confirm_insecure':
        action = () => startVerify(true);
        break;
      case 'retry':
      case 'retry_after':
        action = () => startVerify(false);
        break;
      default:
        action = () => undefined;
    }
    const b = button(f.label, kind, value, action);
    fixes.append(b);
    if (kind === 'retry_after' && value && Number(value) > 0) startRetryCountdown(b, Number(value));
  }
}

function startRetryCountdown(b: HTMLButtonElement, seconds: number): void {
  let left = Math.ceil(seconds);
  retryBlocked = true;
  b.disabled = true;
  const tick = () => {
    b.textContent = fmt('retryIn', left);
    if (left <= 0) {
      stopRetry();
      b.disabled = false;
      b.textContent = fmt('retryNow');
      announce(fmt('retryNow'));
    }
    left -= 1;
  };
  tick();
  retryTimer = setInterval(tick, 1000);
  updateButtons();
}

function stopRetry(): void {
  if (retryTimer) clearInterval(retryTimer);
  retryTimer = undefined;
  retryBlocked = false;
  updateButtons();
}

// ---------- models ----------

function filtered(): string[] {
  const q = filterEl.value.trim().toLowerCase();
  return q ? models.filter((m) => m.toLowerCase().includes(q)) : models;
}

function renderModels(): void {
  const all = filtered();
  const rows = all.slice(0, MAX_ROWS);
  if (selectedModel && all.includes(selectedModel) && !rows.includes(selectedModel)) rows.unshift(selectedModel);
  activeIndex = Math.max(0, Math.min(activeIndex, rows.length - 1));
  listEl.replaceChildren();
  rows.forEach((id, i) => {
    const o = document.createElement('div');
    o.setAttribute('role', 'option');
    o.id = `model-opt-${i}`;
    o.dataset.modelId = id;
    if (id === selectedModel) o.append(icon('check'));
    o.append(id);
    o.setAttribute('aria-selected', String(id === selectedModel));
    if (i === activeIndex) o.classList.add('active');
    o.addEventListener('click', () => pickModel(id, false));
    listEl.append(o);
  });
  if (rows.length) listEl.setAttribute('aria-activedescendant', `model-opt-${activeIndex}`);
  else listEl.removeAttribute('aria-activedescendant');
  countEl.textContent = !models.length
    ? fmt('modelsNone')
    : !all.length
      ? fmt('modelsNoMatch')
      : all.length > rows.length
        ? fmt('modelsShowing', rows.length, all.length)
        : fmt('modelsCount', all.length);
}

function pickModel(id: string, fromFix: boolean): void {
  if (!models.includes(id)) return;
  selectedModel = id;
  if (fromFix) filterEl.value = '';
  renderModels();
  persist();
  updateButtons();
  if (!running) {
    renderDiagnosis(undefined);
    setRunning(true);
    pending = { baseUrl: baseUrlEl.value, apiKey: keyEl.value };
    send({ type: 'verifyModel', baseUrl: pending.baseUrl, apiKey: pending.apiKey, model: id });
  }
}

listEl.addEventListener('keydown', (e) => {
  const opts = Array.from(listEl.querySelectorAll<HTMLElement>('[role=option]'));
  if (!opts.length) return;
  if (e.key === 'ArrowDown' || e.key === 'ArrowUp' || e.key === 'Home' || e.key === 'End') {
    e.preventDefault();
    activeIndex =
      e.key === 'Home' ? 0 : e.key === 'End' ? opts.length - 1 : Math.max(0, Math.min(opts.length - 1, activeIndex + (e.key === 'ArrowDown' ? 1 : -1)));
    opts.forEach((o, i) => o.classList.toggle('active', i === activeIndex));
    listEl.setAttribute('aria-activedescendant', opts[activeIndex].id);
    opts[activeIndex].scrollIntoView({ block: 'nearest' });
  } else if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    const id = opts[activeIndex]?.dataset.modelId;
    if (id) pickModel(id, false);
  }
});
filterEl.addEventListener('input', () => {
  activeIndex = 0;
  renderModels();
  persist();
});
filterEl.addEventListener('keydown', (e) => {
  if (e.key === 'ArrowDown') {
    e.preventDefault();
    listEl.focus();
  }
});

// ---------- form ----------

function currentMatchesVerified(): boolean {
  return !!verified && verified.baseUrl === baseUrlEl.value && verified.apiKey === keyEl.value && verified.model === selectedModel;
}

function updateButtons(): void {
  verifyBtn.disabled = running || retryBlocked;
  cancelBtn.disabled = !running;
  saveBtn.disabled = running || !currentMatchesVerified();
  scopeEl.querySelector<HTMLOptionElement>('option[value=workspace]')!.disabled = init ? !init.hasWorkspace : false;
}

function setRunning(r: boolean): void {
  running = r;
  verifyBtn.setAttribute('aria-busy', String(r));
  updateButtons();
}

function onFormChange(): void {
  if (verified && !currentMatchesVerified()) verified = undefined;
  // A Retry-After wait belongs to the values that were rate limited; new values may verify at once.
  if (retryBlocked) stopRetry();
  updateButtons();
  persist();
  scheduleAnalyze();
}

/**
 * The model to test: the selected list entry, unless the user typed another id into the Model
 * field (then that exact id is tested; the engine reports it if /models does not know it).
 */
function modelForVerify(): string {
  const typed = filterEl.value.trim();
  if (!typed) return selectedModel;
  if (models.includes(typed)) return typed;
  if (selectedModel && selectedModel.toLowerCase().includes(typed.toLowerCase())) return selectedModel;
  return models.some((m) => m.toLowerCase().includes(typed.toLowerCase())) ? selectedModel : typed;
}

function startVerify(allowInsecureHttp: boolean): void {
  if (running) return;
  verified = undefined;
  const model = modelForVerify();
  renderDiagnosis(undefined);
  setRunning(true);
  announce(fmt('verifying'));
  pending = { baseUrl: baseUrlEl.value, apiKey: keyEl.value };
  send({ type: 'verify', baseUrl: pending.baseUrl, apiKey: pending.apiKey, model: model || undefined, allowInsecureHttp });
}

baseUrlEl.addEventListener('input', onFormChange);
keyEl.addEventListener('input', onFormChange);
$('form').addEventListener('submit', (e) => {
  e.preventDefault();
  startVerify(false);
});
cancelBtn.addEventListener('click', () => {
  send({ type: 'cancel' });
  setRunning(false);
  verifyBtn.focus();
});
saveBtn.addEventListener('click', () => {
  if (!currentMatchesVerified()) return;
  saveBtn.disabled = true;
  announce(fmt('saving'));
  send({ type: 'save', baseUrl: baseUrlEl.value, apiKey: keyEl.value, model: selectedModel, scope: scopeEl.value === 'workspace' ? 'workspace' : 'user' });
});
scopeEl.addEventListener('change', persist);
reportBtn.addEventListener('click', () => send({ type: 'copy', what: 'report' }));
$('copy-base-url').addEventListener('click', () => send({ type: 'copy', what: 'baseUrl' }));
$('copy-model').addEventListener('click', () => send({ type: 'copy', what: 'model' }));
$('copy-key').addEventListener('click', () => send({ type: 'copy', what: 'key' }));
document.querySelectorAll<HTMLElement>('[data-open]').forEach((el) =>
  el.addEventListener('click', () => send({ type: 'open', target: el.dataset.open === 'billing' ? 'billing' : 'tokens' })),
);

// ---------- host messages ----------

function onInit(m: Extract<HostMessage, { type: 'init' }>): void {
  S = m.strings;
  init = m.state;
  const bundle = m.l10n;
  if (bundle) {
    setTranslator((message, ...args) =>
      (bundle[message] ?? message).replace(/\{(\d+)\}/g, (x, i: string) => (args[Number(i)] === undefined ? x : String(args[Number(i)]))),
    );
  }
  const saved = vscode.getState() as { baseUrl?: unknown; model?: unknown; scope?: unknown; filter?: unknown } | undefined;
  baseUrlEl.value = typeof saved?.baseUrl === 'string' ? saved.baseUrl : m.state.baseUrl || m.state.defaultBaseUrl;
  selectedModel = typeof saved?.model === 'string' ? saved.model : m.state.model;
  if (saved?.scope === 'workspace' && m.state.hasWorkspace) scopeEl.value = 'workspace';
  if (typeof saved?.filter === 'string') filterEl.value = saved.filter;
  const savedHint = $('api-key-saved');
  savedHint.hidden = !m.state.hasKey;
  savedHint.textContent = m.state.hasKey ? fmt('apiKeySavedHint', m.state.keyRedacted ?? '…') : '';
  if (m.state.isCursor) {
    // In Cursor the "Use it in Cursor" section comes first.
    const main = $('main');
    main.insertBefore($('cursor-section'), main.children[2] ?? null);
    main.insertBefore($('saved-summary'), $('cursor-section'));
  }
  renderModels();
  updateButtons();
  scheduleAnalyze();
}

function onMessage(m: HostMessage): void {
  switch (m.type) {
    case 'init':
      return onInit(m);
    case 'step':
      renderStep(m.step);
      return;
    case 'models':
      models = m.models;
      selectedModel = m.selected ?? '';
      activeIndex = 0;
      renderModels();
      persist();
      if ($('step-chat').dataset.state === 'idle') renderStep({ name: 'chat', state: 'idle' });
      return;
    case 'verifyDone':
      setRunning(false);
      reportBtn.disabled = m.cancelled;
      if (m.ok && m.verifiedModel && pending) {
        // The values the host verified, not what the fields hold now (the user may have typed since).
        verified = { ...pending, model: m.verifiedModel };
      }
      pending = undefined;
      renderDiagnosis(m.diagnosis);
      updateButtons();
      if (m.diagnosis) diagEl.focus();
      return;
    case 'saved': {
      if (init) init = { ...init, baseUrl: m.baseUrl, model: m.model };
      verified = undefined;
      keyEl.value = '';
      scheduleAnalyze();
      $('saved-text').textContent = fmt('savedSummary', m.baseUrl, m.model, m.keyRedacted, m.scope === 'workspace' ? fmt('scopeWorkspace') : fmt('scopeUser'));
      $('saved-summary').hidden = false;
      $('cursor-section').hidden = false;
      const savedHint = $('api-key-saved');
      savedHint.hidden = false;
      savedHint.textContent = fmt('apiKeySavedHint', m.keyRedacted);
      updateButtons();
      persist();
      $('saved-summary').focus();
      return;
    }
    case 'saveFailed':
      updateButtons();
      announce(m.message);
      renderDiagnosis({ code: 'save_failed', severity: 'error', title: m.message, detail: '', short: '', fixes: [] });
      return;
    case 'announce':
      announce(m.text);
      return;
    case 'savedSettings': {
      if (!init) return;
      const was = { baseUrl: init.baseUrl || init.defaultBaseUrl, model: init.model };
      init = { ...init, baseUrl: m.baseUrl, model: m.model };
      // Only fields still showing the old saved value follow; what the user typed here stays.
      let changed = false;
      if (baseUrlEl.value === was.baseUrl && m.baseUrl !== was.baseUrl) {
        baseUrlEl.value = m.baseUrl;
        changed = true;
      }
      if (selectedModel === was.model && m.model !== was.model && (models.length === 0 || models.includes(m.model))) {
        selectedModel = m.model;
        renderModels();
        changed = true;
      }
      if (changed) {
        onFormChange();
        announce(fmt('savedSettingsChanged', m.baseUrl, m.model || '—'));
      }
      return;
    }
    case 'keyState': {
      const hint = $('api-key-saved');
      hint.hidden = !m.hasKey;
      hint.textContent = m.hasKey ? fmt('apiKeySavedHint', m.keyRedacted ?? '…') : '';
      return;
    }
  }
}

window.addEventListener('message', (event: MessageEvent) => {
  const m = parseHostMessage(event.data);
  if (!m) {
    console.warn('RutaAPI: dropped a malformed message from the host');
    return;
  }
  onMessage(m);
});

diagEl.tabIndex = -1;
updateButtons();
send({ type: 'ready' });
