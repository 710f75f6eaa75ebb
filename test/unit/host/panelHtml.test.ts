import { strict as assert } from 'node:assert';
import { panelHtml } from '../../../src/host/panel/panelHtml';
import { createNonce } from '../../../src/host/shared/webviewPage';
import { webviewStrings } from '../../../src/host/panel/webviewStrings';

describe('host setup panel HTML', () => {
  const html = panelHtml({
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    scriptUri: 'https://x/dist/webview.js',
    styleUri: 'https://x/media/panel.css',
    codiconUri: 'https://x/dist/codicons/codicon.css',
    strings: webviewStrings(),
    nonce: 'NONCE123',
  });

  it("CSP: default-src 'none', scripts only by nonce", () => {
    const csp = /Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-NONCE123'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0], /nonce="NONCE123" src="https:\/\/x\/dist\/webview\.js"/);
  });

  it('fresh random nonces', () => {
    const a = createNonce();
    assert.ok(a.length >= 16);
    assert.notEqual(a, createNonce());
  });

  it('has every DOM id of the contract with its accessible name', () => {
    for (const id of [
      'base-url',
      'api-key',
      'base-url-findings',
      'key-findings',
      'verify',
      'cancel',
      'save',
      'save-scope',
      'step-models',
      'step-chat',
      'model-filter',
      'model-list',
      'diagnosis',
      'copy-report',
      'saved-summary',
      'cursor-section',
      'copy-base-url',
      'copy-model',
      'copy-key',
      'live',
    ]) {
      assert.match(html, new RegExp(`id="${id}"`), id);
    }
    assert.match(html, /<label for="base-url">Base URL<\/label>/);
    assert.match(html, /<label for="api-key">API key<\/label>/);
    assert.match(html, /<label for="model-filter">Model<\/label>/);
    assert.match(html, /id="api-key"[^>]*type="password"/);
    assert.match(html, /id="model-list" role="listbox"/);
    assert.match(html, /id="live"[^>]*aria-live="polite"/);
    assert.match(html, /<option value="user">/);
    assert.match(html, /<option value="workspace">/);
  });
});
