// The token estimator against a real tokenizer: o200k_base from gpt-tokenizer (a devDependency,
// offline: its vocabulary ships in the package). The tokenizer is only here, never in a bundle.
import { strict as assert } from 'node:assert';
import { encode } from 'gpt-tokenizer/cjs/encoding/o200k_base';
import { estimateMessageTokens, estimateTokens } from '../../../src/core/lm/tokens';
import { CORPUS } from './tokenCorpus';

describe('lm: token estimate vs o200k_base', () => {
  for (const [name, text] of Object.entries(CORPUS)) {
    it(`${name}: the whole sample within ±10 %, every line within ±25 %`, function () {
      const real = encode(text).length;
      const est = estimateTokens(text);
      const error = (est - real) / real;
      let worst = 0;
      for (const line of text.split('\n').filter((l) => l.trim().length > 20)) {
        const r = encode(line).length;
        const e = estimateTokens(line);
        worst = Math.max(worst, Math.abs(e - r) / r);
        assert.ok(Math.abs(e - r) / r <= 0.25, `${name} line: estimate ${e}, o200k ${r}: ${line}`);
      }
      // The figures documented in src/core/lm/tokens.ts.
      console.log(
        `      ${name}: o200k ${real}, estimate ${est} (${(error * 100).toFixed(1)} %), worst line ${(worst * 100).toFixed(1)} %`,
      );
      assert.ok(Math.abs(error) <= 0.1, `${name}: estimate ${est}, o200k ${real}`);
    });
  }

  it('empty text is 0; a message adds its overhead; non-strings are 0', () => {
    assert.equal(estimateTokens(''), 0);
    assert.equal(estimateTokens(undefined as unknown as string), 0);
    assert.equal(estimateMessageTokens({ role: 'user', parts: [] }), 4);
    assert.equal(estimateMessageTokens({ role: 'user', parts: [{ kind: 'text', value: 'hello' }] }), 5);
  });
});
