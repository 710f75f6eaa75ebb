import { esc, webviewPage } from '../shared/webviewPage';
import type { WebviewStrings } from './webviewStrings';

interface PanelHtmlInput {
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  codiconUri: string;
  strings: WebviewStrings;
  nonce?: string;
  /** vscode.env.language, e.g. "en" or "es". */
  lang?: string;
}

/** The form's start: the Base URL and API key fields. */
function connectionFields(s: WebviewStrings): string {
  return `<form id="form" novalidate>
<div class="field">
<label for="base-url">${esc(s.baseUrl)}</label>
<input id="base-url" name="base-url" type="text" spellcheck="false" autocomplete="off" aria-describedby="base-url-hint base-url-source base-url-findings">
<p id="base-url-hint" class="hint">${esc(s.baseUrlHint)}</p>
<p id="base-url-source" class="hint" hidden></p>
<ul id="base-url-findings" class="findings"></ul>
</div>
<div class="field">
<label for="api-key">${esc(s.apiKey)}</label>
<input id="api-key" name="api-key" type="password" spellcheck="false" autocomplete="off" aria-describedby="api-key-hint key-findings">
<p id="api-key-hint" class="hint">${esc(s.apiKeyHint)} <button id="open-keys" type="button" class="link" data-open="tokens"><span class="codicon codicon-link-external" aria-hidden="true"></span> ${esc(s.openTokens)}</button></p>
<p id="api-key-saved" class="hint" hidden></p>
<ul id="key-findings" class="findings"></ul>
</div>`;
}

/** Verify and Cancel, the two steps, the diagnosis and account cards, Copy Report. */
function verification(s: WebviewStrings): string {
  return `<div class="actions">
<button id="verify" type="submit" class="primary"><span class="codicon codicon-pass" aria-hidden="true"></span> ${esc(s.verify)}</button>
<button id="cancel" type="button" class="secondary" disabled><span class="codicon codicon-close" aria-hidden="true"></span> ${esc(s.cancel)}</button>
</div>
<ol class="steps">
<li id="step-models" data-state="idle"><span class="codicon codicon-circle-large-outline" aria-hidden="true"></span> <span class="step-title">${esc(s.stepModels)}</span> <span class="step-detail">${esc(s.stepIdle)}</span></li>
<li id="step-chat" data-state="idle"><span class="codicon codicon-circle-large-outline" aria-hidden="true"></span> <span class="step-title">${esc(s.stepChat)}</span> <span class="step-detail">${esc(s.stepIdle)}</span></li>
</ol>
<section id="diagnosis" class="card" hidden data-code="" aria-labelledby="diagnosis-title">
<h2 id="diagnosis-title"></h2>
<p id="diagnosis-detail"></p>
<p id="diagnosis-evidence" class="hint"></p>
<div id="diagnosis-fixes" class="fixes"></div>
</section>
<section id="account" class="card" hidden data-low="false" aria-labelledby="account-title">
<h2 id="account-title"><span class="codicon codicon-credit-card" aria-hidden="true"></span> ${esc(s.accountTitle)}</h2>
<p id="account-summary"></p>
<ul id="account-lines"></ul>
<p id="account-read-at" class="hint"></p>
<div class="actions"><button id="account-top-up" type="button" class="secondary" hidden><span class="codicon codicon-link-external" aria-hidden="true"></span> ${esc(s.accountTopUp)}</button></div>
</section>
<div class="actions">
<button id="copy-report" type="button" class="secondary" disabled><span class="codicon codicon-copy" aria-hidden="true"></span> ${esc(s.copyReport)}</button>
</div>`;
}

/** The model list, where to save, Save (the form's end). */
function modelAndSave(s: WebviewStrings): string {
  return `<div class="field">
<label for="model-filter">${esc(s.model)}</label>
<input id="model-filter" type="search" spellcheck="false" autocomplete="off" placeholder="${esc(s.modelFilterPlaceholder)}" aria-controls="model-list">
<div id="model-list" role="listbox" tabindex="0" aria-label="${esc(s.modelListLabel)}"></div>
<p id="model-count" class="hint">${esc(s.modelsNone)}</p>
<details id="other-models" hidden><summary id="other-models-summary"></summary>
<p class="hint">${esc(s.otherModelsHint)}</p>
<ul id="other-model-list" class="other-models"></ul>
</details>
<p id="model-source" class="hint" hidden></p>
</div>
<div class="actions">
<label for="save-scope">${esc(s.saveTo)}</label>
<select id="save-scope">
<option value="user">${esc(s.scopeUser)}</option>
<option value="workspace">${esc(s.scopeWorkspace)}</option>
</select>
<button id="save" type="button" class="primary" disabled aria-describedby="save-hint save-scope-note"><span class="codicon codicon-save" aria-hidden="true"></span> ${esc(s.save)}</button>
</div>
<p id="save-hint" class="hint">${esc(s.saveNeedsVerify)}</p>
<p id="save-scope-note" class="hint warning" hidden></p>
</form>`;
}

/** The card shown once saved. */
function savedSummary(s: WebviewStrings): string {
  return `<section id="saved-summary" class="card ok" hidden tabindex="-1" aria-labelledby="saved-title">
<h2 id="saved-title"><span class="codicon codicon-check" aria-hidden="true"></span> ${esc(s.savedTitle)}</h2>
<p id="saved-text"></p>
</section>`;
}

/** How to set the same connection up in Cursor. */
function cursorSection(s: WebviewStrings): string {
  return `<section id="cursor-section" class="card" hidden aria-labelledby="cursor-title">
<h2 id="cursor-title">${esc(s.cursorTitle)}</h2>
<div id="cursor-checklist" hidden>
<h3>${esc(s.cursorChecklistTitle)}</h3>
<ul id="cursor-checklist-rows" class="cursor-checklist"></ul>
</div>
<ol>
<li>${esc(s.cursorStep1)}</li>
<li>${esc(s.cursorStep2)} <button id="copy-base-url" type="button" class="secondary"><span class="codicon codicon-copy" aria-hidden="true"></span> ${esc(s.copyBaseUrl)}</button></li>
<li>${esc(s.cursorStep3)} <button id="copy-key" type="button" class="secondary" aria-describedby="copy-key-warning"><span class="codicon codicon-key" aria-hidden="true"></span> ${esc(s.copyKey)}</button>
<span id="copy-key-warning" class="hint warning"><span class="codicon codicon-warning" aria-hidden="true"></span> ${esc(s.copyKeyWarning)}</span></li>
<li>${esc(s.cursorStep4)} <button id="copy-model" type="button" class="secondary"><span class="codicon codicon-copy" aria-hidden="true"></span> ${esc(s.copyModel)}</button></li>
</ol>
<ul class="caveats">
<li>${esc(s.cursorCaveat1)}</li>
<li>${esc(s.cursorCaveat2)}</li>
<li>${esc(s.cursorCaveat3)}</li>
</ul>
</section>`;
}

/** The panel's static skeleton; the script fills in dynamic content from the host's messages. */
export function panelHtml(i: PanelHtmlInput): string {
  const s = i.strings;
  const body = [
    connectionFields(s),
    verification(s),
    modelAndSave(s),
    savedSummary(s),
    cursorSection(s),
    '<div id="live" class="visually-hidden" aria-live="polite" role="status"></div>',
  ].join('\n');
  return webviewPage({
    cspSource: i.cspSource,
    scriptUri: i.scriptUri,
    styleUris: [i.codiconUri, i.styleUri],
    title: s.title,
    intro: s.intro,
    body,
    nonce: i.nonce,
    lang: i.lang,
  });
}
