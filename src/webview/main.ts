// The setup panel's browser side: wiring only. Strings come from the host ('init'); every host
// message is parsed with the shared zod schemas. The Base URL and key findings are computed right
// here with the engine's pure analysis (translated with the editor's l10n bundle from the host),
// so the key leaves this page only when the user verifies or saves. It is never kept in setState.
import { parseHostMessage, type DiagnosisView, type WebviewMessage } from '../protocol/messages';
import { keysLink } from './account';
import { renderDiagnosis as renderCard } from './diagnosisCard';
import type { FixAction } from './diagnosisView';
import { createAnnouncer } from './dom';
import { panelElements, vscodeApi } from './elements';
import { createFindings } from './findings';
import { buttonStates, FormState, keyHint, modelForVerify, type Credentials, type PersistedState } from './formState';
import { createModelList } from './modelList';
import { createHostMessageHandler, type PanelState } from './hostMessages';
import { bindControls } from './controls';
import { browserTimer, RetryGate } from './retryCountdown';
import { sourceHints } from './sources';
import { createStrings } from './strings';

const vscode = vscodeApi();
const el = panelElements(document);
const { fmt, set: setStrings } = createStrings();
const send = (message: WebviewMessage): void => vscode.postMessage(message);
const announce = createAnnouncer(el.live);
const form = new FormState();
const retry = new RetryGate(browserTimer, fmt, () => updateButtons());
const state: PanelState = { init: undefined, dashboard: undefined };
const list = createModelList({ filter: el.modelFilter, list: el.modelList, count: el.modelCount, others: el.otherModels }, fmt, {
  picked: (id) => {
    persist();
    updateButtons();
    if (!form.running) begin((p) => ({ type: 'verifyModel', ...p, model: id }));
  },
  filterChanged: () => persist(),
});
const values = () => ({ baseUrl: el.baseUrl.value, apiKey: el.apiKey.value, model: list.selected });
const findings = createFindings(el, () => ({ ...values(), asEntered: state.init?.useBaseUrlAsEntered === true }), fmt, useUrl);

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
    hasWorkspace: state.init?.hasWorkspace,
  });
  el.verify.disabled = b.verifyDisabled;
  el.cancel.disabled = b.cancelDisabled;
  el.save.disabled = b.saveDisabled;
  el.scope.querySelector<HTMLOptionElement>('option[value=workspace]')!.disabled = b.workspaceScopeDisabled;
  renderSources();
}

/** Where the Base URL and model come from, and what saving to User settings would replace. */
function renderSources(): void {
  const init = state.init;
  const hints = sourceHints(
    {
      sources: state.sources,
      saved: { baseUrl: init ? init.baseUrl || init.defaultBaseUrl : '', model: init?.model ?? '' },
      form: { baseUrl: el.baseUrl.value, model: list.selected },
      scope: el.scope.value === 'workspace' ? 'workspace' : 'user',
    },
    fmt,
  );
  for (const [node, text] of [
    [el.baseUrlSource, hints.baseUrl],
    [el.modelSource, hints.model],
    [el.saveScopeNote, hints.save],
  ] as const) {
    node.textContent = text;
    node.hidden = text === '';
  }
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

bindControls(el, {
  formChanged: onFormChange,
  verify: () => startVerify(false),
  cancel: () => {
    send({ type: 'cancel' });
    setRunning(false);
    el.verify.focus();
  },
  save: () => {
    if (!form.matches(values())) return;
    el.save.disabled = true;
    announce(fmt('saving'));
    send({ type: 'save', ...values(), scope: el.scope.value === 'workspace' ? 'workspace' : 'user' });
  },
  scopeChanged: () => {
    persist();
    renderSources();
  },
  copy: (what) => send({ type: 'copy', what }),
  openPage: (target) => {
    const url = target === 'tokens' ? keysLink(state.dashboard).url : (state.dashboard?.topUp ?? undefined);
    send(url ? { type: 'open', target, url } : { type: 'open', target });
  },
  topUp: (url) => send(url ? { type: 'open', target: 'billing', url } : { type: 'open', target: 'billing' }),
});

const onMessage = createHostMessageHandler({
  el,
  fmt,
  setStrings,
  vscode,
  list,
  form,
  findings,
  state,
  announce,
  persist,
  updateButtons,
  setRunning,
  renderDiagnosis,
  showKeyHint,
  onFormChange,
  verify: () => startVerify(false),
});

window.addEventListener('message', (event: MessageEvent) => {
  const m = parseHostMessage(event.data);
  return m ? onMessage(m) : console.warn('RutaAPI: dropped a malformed message from the host');
});

el.diagnosis.card.tabIndex = -1;
updateButtons();
send({ type: 'ready' });
