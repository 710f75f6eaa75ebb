import { strict as assert } from 'node:assert';
import { bundleTranslator, createStrings, format } from '../../../src/webview/strings';

describe('webview strings', () => {
  it('format fills {n} placeholders and keeps those without an argument', () => {
    assert.equal(format('Showing {0} of {1} models', 200, 1000), 'Showing 200 of 1000 models');
    assert.equal(format('{1} before {0}, {0} again', 'a', 'b'), 'b before a, a again');
    assert.equal(format('left {0} {2}', 'x'), 'left x {2}');
    assert.equal(format('{0}', ''), '');
  });

  it('fmt looks the id up in the host table (the id itself when absent), and follows a new table', () => {
    const s = createStrings({ retryIn: 'Retry in {0} s' });
    assert.equal(s.fmt('retryIn', 7), 'Retry in 7 s');
    assert.equal(s.fmt('missing {0}', 1), 'missing 1');
    s.set({ retryIn: 'Reintentar en {0} s' });
    assert.equal(s.fmt('retryIn', 3), 'Reintentar en 3 s');
  });

  it("bundleTranslator translates the engine's messages with the editor's bundle", () => {
    const t = bundleTranslator({ 'Key looks truncated ({0} chars)': 'La clave parece cortada ({0} caracteres)' });
    assert.equal(t('Key looks truncated ({0} chars)', 12), 'La clave parece cortada (12 caracteres)');
    assert.equal(t('Untranslated {0}', true), 'Untranslated true');
  });
});
