// The setup panel's "Other models on this key" group (issue 21, item 5): what each model serves in
// words, the filter shared with the model list, and the cap on rendered rows.
import { strict as assert } from 'node:assert';
import { webviewStrings } from '../../../src/host/panel/webviewStrings';
import { MAX_OTHER_ROWS, otherModelLine, otherModelRows, servesText } from '../../../src/webview/otherModels';
import { createStrings } from '../../../src/webview/strings';

const { fmt } = createStrings(webviewStrings());

describe('webview: other models on this key', () => {
  it("names each of new-api's endpoint types in words; an unknown type is shown as the gateway sent it", () => {
    assert.equal(servesText(['embeddings'], fmt), 'embeddings');
    assert.equal(servesText(['image-generation', 'jina-rerank'], fmt), 'images, rerank');
    assert.equal(servesText(['anthropic', 'gemini', 'openai-video'], fmt), 'Anthropic Messages, the Gemini API, video');
    assert.equal(servesText(['openai-response', 'openai-response-compact'], fmt), 'the Responses API, Responses compaction');
    assert.equal(servesText(['<b>x</b>'], fmt), '<b>x</b>', 'as text (rendered with textContent)');
    assert.equal(servesText(['__proto__', 'constructor'], fmt), '__proto__, constructor', 'no prototype lookups');
    assert.equal(servesText([], fmt), 'nothing listed');
  });

  it("a Responses-only model says VS Code's chat can use it; the others say what they serve", () => {
    assert.deepEqual(otherModelLine({ id: 'codex-mini', serves: ['openai-response'] }, fmt), {
      id: 'codex-mini',
      detail: "serves the Responses API; usable in VS Code's chat, not here",
    });
    assert.deepEqual(otherModelLine({ id: 'text-embedding-3-small', serves: ['embeddings'] }, fmt), {
      id: 'text-embedding-3-small',
      detail: 'serves embeddings',
    });
    assert.equal(otherModelLine({ id: 'claude', serves: ['anthropic'] }, fmt).detail, 'serves Anthropic Messages');
  });

  it('follows the model filter (case-insensitive, trimmed) and renders at most MAX_OTHER_ROWS, counting all matches', () => {
    const models = [
      { id: 'text-embedding-3-small', serves: ['embeddings'] },
      { id: 'dall-e-3', serves: ['image-generation'] },
      { id: 'Text-Embedding-Ada', serves: ['embeddings'] },
    ];
    assert.deepEqual(
      otherModelRows(models, ' EMBED ').rows.map((m) => m.id),
      ['text-embedding-3-small', 'Text-Embedding-Ada'],
    );
    assert.equal(otherModelRows(models, '').matches, 3);
    assert.equal(otherModelRows(models, 'zzz').matches, 0);
    const many = Array.from({ length: MAX_OTHER_ROWS + 5 }, (_, i) => ({ id: `emb-${i}`, serves: ['embeddings'] }));
    const view = otherModelRows(many, 'emb');
    assert.equal(view.rows.length, MAX_OTHER_ROWS);
    assert.equal(view.matches, MAX_OTHER_ROWS + 5);
  });
});
