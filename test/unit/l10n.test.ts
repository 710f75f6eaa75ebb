import { strict as assert } from 'node:assert';
import { setTranslator, t } from '../../src/core/l10n';

describe('core l10n', () => {
  afterEach(() => setTranslator(undefined));

  it('formats {n} placeholders in English by default', () => {
    assert.equal(t('Use {0} instead of {1}', 'a', 2), 'Use a instead of 2');
    assert.equal(t('Keeps {3} when no argument', 'x'), 'Keeps {3} when no argument');
  });

  it('delegates to an installed translator, e.g. vscode.l10n.t', () => {
    setTranslator((message, ...args) => `ES:${message}:${args.join(',')}`);
    assert.equal(t('Hello {0}', 'x'), 'ES:Hello {0}:x');
  });
});

describe('core l10n across bundles', () => {
  afterEach(() => setTranslator(undefined));

  it('a translator installed through one copy of the module translates in another copy (gateway.js, panel.js)', () => {
    // Each esbuild bundle carries its own copy of core/l10n; simulate a second bundle with a fresh module instance.
    const file = require.resolve('../../src/core/l10n');
    const first = require.cache[file];
    delete require.cache[file];
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a second module instance, as a second bundle has
      const otherCopy = require(file) as typeof import('../../src/core/l10n');
      assert.notEqual(otherCopy.t, t, 'the test needs two distinct module instances');
      setTranslator((message) => `ES:${message}`);
      assert.equal(otherCopy.t('Route temporarily unavailable (503)'), 'ES:Route temporarily unavailable (503)');
    } finally {
      if (first) require.cache[file] = first;
    }
  });
});
