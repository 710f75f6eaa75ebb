import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { analyzeApiKey, MIN_KEY_LENGTH, redactKey } from '../../src/core/apiKey';
import type { KeyAnalysis, KeyFindingCode } from '../../src/core/types';

const KEY = 'sk-9fJ2kL0pQ7rS4tU1vW8xY3zA6bC5dE2f';

function codes(a: KeyAnalysis): KeyFindingCode[] {
  return a.findings.map((f) => f.code);
}
function get(a: KeyAnalysis, code: KeyFindingCode) {
  const f = a.findings.find((x) => x.code === code);
  assert.ok(f, `expected ${code}, got ${JSON.stringify(codes(a))}`);
  return f;
}

describe('core apiKey: cleaning', () => {
  it('accepts a plain RutaAPI-style key unchanged, with no findings', () => {
    const a = analyzeApiKey(KEY);
    assert.equal(a.cleaned, KEY);
    assert.deepEqual(a.findings, []);
    assert.equal(a.foreignPlatform, undefined);
    assert.equal(a.redacted, 'sk-9f…2E2f'.replace('2E2f', KEY.slice(-4)));
  });

  it('accepts sandbox keys (sk-ruta-sandbox-ok-1, sk-ruta-sandbox-ok-x)', () => {
    for (const k of ['sk-ruta-sandbox-ok-1', 'sk-ruta-sandbox-ok-x', 'sk-ruta-sandbox-nocredits-1234']) {
      const a = analyzeApiKey(k);
      assert.equal(a.cleaned, k);
      assert.deepEqual(a.findings, []);
    }
    assert.ok(MIN_KEY_LENGTH <= 'sk-ruta-sandbox-ok-1'.length);
  });

  it('trimmed_whitespace', () => {
    const a = analyzeApiKey(`  ${KEY}\r\n`);
    assert.equal(a.cleaned, KEY);
    assert.deepEqual(codes(a), ['trimmed_whitespace']);
    assert.equal(get(a, 'trimmed_whitespace').severity, 'info');
  });

  it('removed_bearer_prefix in any case, also a whole Authorization header', () => {
    for (const input of [
      `Bearer ${KEY}`,
      `bearer ${KEY}`,
      `BEARER   ${KEY}`,
      `Authorization: Bearer ${KEY}`,
      `authorization:bearer ${KEY}`,
    ]) {
      const a = analyzeApiKey(input);
      assert.equal(a.cleaned, KEY, input);
      assert.equal(get(a, 'removed_bearer_prefix').severity, 'info');
    }
  });

  it('removed_quotes for " \' ` and smart quotes, combined with Bearer in either order', () => {
    for (const input of [`"${KEY}"`, `'${KEY}'`, `\`${KEY}\``, `“${KEY}”`, `"Bearer ${KEY}"`, `Bearer "${KEY}"`, ` 'Bearer "${KEY}"' `]) {
      const a = analyzeApiKey(input);
      assert.equal(a.cleaned, KEY, input);
      assert.ok(codes(a).includes('removed_quotes'), input);
    }
    assert.deepEqual(codes(analyzeApiKey(` "Bearer ${KEY}"\n`)), ['trimmed_whitespace', 'removed_bearer_prefix', 'removed_quotes']);
  });

  it('does not strip a lone, unmatched quote', () => {
    const a = analyzeApiKey(`"${KEY}`);
    assert.equal(a.cleaned, `"${KEY}`);
    assert.ok(!codes(a).includes('removed_quotes'));
  });
});

describe('core apiKey: rejections', () => {
  it('empty (also only whitespace, quotes or Bearer)', () => {
    for (const input of ['', '   ', '\n', '""', 'Bearer ', "''"]) {
      const a = analyzeApiKey(input);
      assert.equal(a.cleaned, null, JSON.stringify(input));
      assert.ok(codes(a).includes('empty'), JSON.stringify(input));
      assert.equal(get(a, 'empty').severity, 'error');
    }
  });

  it('inner_whitespace / newline', () => {
    for (const input of [`${KEY.slice(0, 10)} ${KEY.slice(10)}`, `${KEY}\n${KEY}`, `${KEY}\tx`]) {
      const a = analyzeApiKey(input);
      assert.equal(a.cleaned, null);
      assert.equal(get(a, 'inner_whitespace').severity, 'error');
    }
  });

  it('non_ascii explains that fetch cannot send it', () => {
    for (const input of [`${KEY}é`, `sk-${'а'.repeat(20)}`, `${KEY}\u200b`, `${KEY}\u2019`]) {
      const a = analyzeApiKey(input);
      assert.equal(a.cleaned, null, input);
      const f = get(a, 'non_ascii');
      assert.equal(f.severity, 'error');
      assert.match(f.message, /HTTP headers/);
    }
  });

  it('looks_like_url', () => {
    for (const input of ['https://api.rutaapi.com/v1', 'http://localhost:8080', 'www.rutaapi.com/tokens']) {
      const a = analyzeApiKey(input);
      assert.equal(a.cleaned, null);
      assert.equal(get(a, 'looks_like_url').severity, 'error');
      assert.match(get(a, 'looks_like_url').message, /Base URL/);
    }
  });

  it('looks_like_email', () => {
    const a = analyzeApiKey('someone.long.name@example.com');
    assert.equal(a.cleaned, null);
    assert.equal(get(a, 'looks_like_email').severity, 'error');
  });

  it('too_short', () => {
    for (const input of ['sk-abc', 'sk-0123456789ab', '123456789012345']) {
      const a = analyzeApiKey(input);
      assert.equal(a.cleaned, null, input);
      assert.equal(get(a, 'too_short').severity, 'error');
      assert.ok(get(a, 'too_short').message.includes(String(input.length)));
    }
    assert.equal(analyzeApiKey('sk-0123456789abc').cleaned, 'sk-0123456789abc'); // exactly 16
  });

  it('never throws, on anything', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), (s) => {
        const a = analyzeApiKey(s);
        if (a.cleaned !== null) {
          assert.equal(a.cleaned, a.cleaned.trim());
          assert.ok(/^[\x21-\x7e]+$/.test(a.cleaned), 'cleaned keys are printable ASCII without spaces');
          assert.ok(a.cleaned.length >= MIN_KEY_LENGTH);
          assert.ok(!a.findings.some((f) => f.severity === 'error'));
        } else {
          assert.ok(a.findings.some((f) => f.severity === 'error'));
        }
      }),
      { numRuns: 2000 },
    );
    // non-strings from untyped callers
    assert.equal(analyzeApiKey(undefined as unknown as string).cleaned, null);
  });

  it('cleaning is idempotent', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'abcdefXYZ0123456789-_'.split('')), minLength: 16, maxLength: 60 }),
        fc.constantFrom('', ' ', '\n', 'Bearer ', '"', "'"),
        (key, wrap) => {
          const wrapped = wrap === '"' || wrap === "'" ? `${wrap}${key}${wrap}` : `${wrap}${key}${wrap === 'Bearer ' ? '' : wrap}`;
          const a = analyzeApiKey(wrapped);
          assert.equal(a.cleaned, key);
          const again = analyzeApiKey(key);
          assert.equal(again.cleaned, key);
          assert.ok(!again.findings.some((f) => ['trimmed_whitespace', 'removed_bearer_prefix', 'removed_quotes'].includes(f.code)));
        },
      ),
    );
  });
});

describe('core apiKey: foreign formats', () => {
  const cases: Array<[string, string]> = [
    ['sk-proj-Ab12Cd34Ef56Gh78Ij90', 'OpenAI'],
    ['sk-svcacct-Ab12Cd34Ef56Gh78Ij90', 'OpenAI'],
    ['sk-admin-Ab12Cd34Ef56Gh78Ij90', 'OpenAI'],
    ['sk-ant-api03-Ab12Cd34Ef56Gh78', 'Anthropic'],
    ['sk-or-v1-Ab12Cd34Ef56Gh78Ij90', 'OpenRouter'],
    ['AIzaSyAb12Cd34Ef56Gh78Ij90Kl', 'Google Gemini'],
    ['gsk_Ab12Cd34Ef56Gh78Ij90Kl', 'Groq'],
    ['xai-Ab12Cd34Ef56Gh78Ij90Kl', 'xAI'],
    ['pplx-Ab12Cd34Ef56Gh78Ij90Kl', 'Perplexity'],
    ['hf_Ab12Cd34Ef56Gh78Ij90Kl', 'Hugging Face'],
    ['r8_Ab12Cd34Ef56Gh78Ij90Kl', 'Replicate'],
    ['nvapi-Ab12Cd34Ef56Gh78Ij90Kl', 'NVIDIA'],
  ];
  for (const [key, platform] of cases) {
    it(`${platform}: ${key.slice(0, 9)}…`, () => {
      const a = analyzeApiKey(`Bearer ${key}`);
      assert.equal(a.cleaned, key, 'a foreign key is still usable: the server decides');
      assert.equal(a.foreignPlatform, platform);
      const f = get(a, 'foreign_key_format');
      assert.equal(f.severity, 'warning');
      assert.equal(f.platform, platform);
      assert.ok(f.message.includes(platform));
      assert.ok(!/\ba [AEIOU]/.test(f.message), `article before a vowel: ${f.message}`);
    });
  }

  it('plain sk- keys and sandbox keys are not foreign', () => {
    assert.equal(analyzeApiKey(KEY).foreignPlatform, undefined);
    assert.equal(analyzeApiKey('sk-ruta-sandbox-ok-1').foreignPlatform, undefined);
  });
});

describe('core apiKey: redactKey', () => {
  it('shows at most a 5-character prefix and the last 4', () => {
    assert.equal(redactKey('sk-ruta-abcdefghijklmnopqrstuv-a1b2'), 'sk-ru…a1b2');
    assert.equal(redactKey('sk-ruta-sandbox-ok-1'), 'sk-…ok-1');
    assert.equal(redactKey('0123456789'), '…89');
    assert.equal(redactKey('abc'), '…');
    assert.equal(redactKey(''), '');
    assert.equal(redactKey(null), '');
  });

  it('the analysis exposes the same redaction', () => {
    assert.equal(analyzeApiKey(` ${KEY} `).redacted, redactKey(KEY));
  });

  it("never reveals a 6-character run of the key's middle, nor more than 9 characters", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 200 }),
        (key) => {
          const r = redactKey(key);
          const visible = r.replace('…', '');
          assert.ok(visible.length <= 9);
          assert.ok(visible.length <= Math.floor(key.length / 2), `${key} → ${r}`);
          const middle = key.slice(5, Math.max(5, key.length - 4));
          for (let i = 0; i + 6 <= middle.length; i++) {
            // A 6-run of the middle may only appear if it is also fully inside the shown prefix/suffix
            // region of the key, which is impossible since neither exceeds 5 characters.
            assert.ok(!r.includes(middle.slice(i, i + 6)), `${key} → ${r}`);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});
