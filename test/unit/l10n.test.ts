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
