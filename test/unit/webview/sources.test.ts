// Issue 22 item 2, the panel's side: where the Base URL and model come from, and what saving to User
// settings would replace; the 'sources' message is parsed strictly on both sides.
import { strict as assert } from 'node:assert';
import { webviewStrings } from '../../../src/host/panel/webviewStrings';
import { parseHostMessage } from '../../../src/protocol/messages';
import { sourceHints, type SourceInputs } from '../../../src/webview/sources';
import { createStrings } from '../../../src/webview/strings';

const { fmt } = createStrings(webviewStrings());
const A = 'http://127.0.0.1:4010/v1';
const B = 'https://gw.workspace.example/v1';

const inputs = (over: Partial<SourceInputs> = {}): SourceInputs => ({
  sources: { baseUrl: 'workspace', model: 'user', userBaseUrl: A },
  saved: { baseUrl: B, model: 'gpt-4.1' },
  form: { baseUrl: B, model: 'gpt-4.1' },
  scope: 'user',
  ...over,
});

describe('panel: where the values come from', () => {
  it("a workspace Base URL is called one, with the user's own value", () => {
    const h = sourceHints(inputs(), fmt);
    assert.match(h.baseUrl, /workspace's settings \(\.vscode\/settings\.json\)/);
    assert.ok(h.baseUrl.includes(A));
    assert.equal(h.model, 'From your user settings.');
  });

  it('saving the workspace Base URL to User settings says it replaces the user’s own; to Workspace settings it does not', () => {
    const toUser = sourceHints(inputs(), fmt);
    assert.ok(toUser.save.includes(A), toUser.save);
    assert.match(toUser.save, /replacing yours/);
    assert.equal(sourceHints(inputs({ scope: 'workspace' }), fmt).save, '');
  });

  it('no user Base URL: the default is named; a user or default source says so', () => {
    assert.match(
      sourceHints(inputs({ sources: { baseUrl: 'workspace', model: 'user', userBaseUrl: null } }), fmt).baseUrl,
      /RutaAPI's default/,
    );
    assert.equal(
      sourceHints(inputs({ sources: { baseUrl: 'user', model: 'user', userBaseUrl: B } }), fmt).baseUrl,
      'From your user settings.',
    );
    assert.match(sourceHints(inputs({ sources: { baseUrl: 'default', model: 'default', userBaseUrl: null } }), fmt).baseUrl, /default/);
  });

  it('a value the person typed is theirs: no source, and nothing of the workspace is moved', () => {
    const h = sourceHints(inputs({ form: { baseUrl: 'https://typed.example/v1', model: 'other' } }), fmt);
    assert.deepEqual(h, { baseUrl: '', model: '', save: '' });
  });

  it('a workspace model saved to User settings is said too', () => {
    const h = sourceHints(inputs({ sources: { baseUrl: 'user', model: 'workspace', userBaseUrl: B } }), fmt);
    assert.match(h.model, /workspace's settings/);
    assert.match(h.save, /model/);
  });

  it('before the host said anything: no hints', () => {
    assert.deepEqual(sourceHints(inputs({ sources: undefined }), fmt), { baseUrl: '', model: '', save: '' });
  });

  it("the 'sources' message: strict, known sources only, no other field", () => {
    const ok = { type: 'sources', baseUrl: 'workspace', model: 'default', userBaseUrl: null };
    assert.deepEqual(parseHostMessage(ok), ok);
    assert.equal(parseHostMessage({ ...ok, baseUrl: 'folder' }), undefined);
    assert.equal(parseHostMessage({ ...ok, apiKey: 'sk-secret' }), undefined);
    assert.equal(parseHostMessage({ type: 'sources', baseUrl: 'user', model: 'user' }), undefined);
  });
});
