import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { Scrubber } from '../../src/core/scrub';
import { redactKey } from '../../src/core/apiKey';
import { hasInvisible } from '../../src/core/inertText';

/** A scrubber that knows one secret (or none). */
function scrubberOf(secret: string | null): Scrubber {
  const scrubber = new Scrubber();
  scrubber.add(secret);
  return scrubber;
}

const KEY = 'sk-UNIQUE7f3a9c2e5b8d1f4a6c0e9b7d';

describe('core scrub: known secrets', () => {
  it('replaces the key in a message with its redaction', () => {
    const s = new Scrubber();
    s.add(KEY);
    const out = s.scrub(`401 Incorrect API key provided: ${KEY}. You can find your key at …`);
    assert.ok(!out.includes(KEY));
    assert.ok(out.includes(redactKey(KEY)));
    assert.ok(out.startsWith('401 Incorrect API key provided: '));
  });

  it('replaces URL-encoded and JSON-escaped forms', () => {
    const secret = 'k3y/with+special"chars\\and=more&stuff';
    const s = new Scrubber();
    s.add(secret);
    const texts = [
      `https://gw.example.com/v1/models?key=${encodeURIComponent(secret)}`,
      JSON.stringify({ error: { message: `bad key ${secret}` } }),
      JSON.stringify({ wrapped: JSON.stringify({ key: secret }) }),
      `path ${encodeURI(secret)} end`,
      `form a=${encodeURIComponent(secret).replace(/%20/g, '+')}`,
    ];
    for (const text of texts) {
      const out = s.scrub(text);
      assert.ok(!out.includes(secret), out);
      assert.ok(!out.includes(encodeURIComponent(secret)), out);
      assert.ok(!out.includes(JSON.stringify(secret).slice(1, -1)), out);
    }
  });

  it('scrubs stack traces and repeated occurrences', () => {
    const s = new Scrubber();
    s.add(KEY);
    const err = new Error(`request failed for ${KEY}`);
    const out = s.scrub(`${err.stack}\ncause: ${KEY}${KEY}`);
    assert.ok(!out.includes(KEY));
    assert.match(out, /at /);
  });

  it('ignores empty and very short secrets so ordinary text is kept', () => {
    const s = new Scrubber();
    s.add('');
    s.add(null);
    s.add(undefined);
    s.add('abc');
    s.add('12345');
    assert.equal(s.size, 0);
    assert.equal(s.scrub('abc 12345 stays'), 'abc 12345 stays');
  });

  it('handles several secrets, including one inside another', () => {
    const s = new Scrubber();
    s.add('outer-secret-INNER-SECRET-value');
    s.add('INNER-SECRET');
    const out = s.scrub('a outer-secret-INNER-SECRET-value b INNER-SECRET c');
    assert.ok(!out.includes('INNER-SECRET'));
    assert.ok(!out.includes('outer-secret'));
  });

  it('handles overlapping occurrences that a single pass would re-create', () => {
    const secret = 'abXXXXab';
    const out = scrubberOf(secret).scrub('abXXXXabXXXXab');
    assert.ok(!out.includes(secret), out);
  });

  it('a Scrubber told one secret scrubs it, and accepts a missing one', () => {
    assert.ok(!scrubberOf(KEY).scrub(`x ${KEY} y`).includes(KEY));
    assert.equal(scrubberOf(null).scrub('nothing here'), 'nothing here');
  });

  it('accepts non-string input without throwing', () => {
    const s = new Scrubber();
    assert.equal(s.scrub(undefined), '');
    assert.equal(s.scrub(42), '42');
  });
});

describe('core scrub: a known secret with invisible characters inside it', () => {
  /** What a reader sees once inertText shows each invisible character as an escape: the characters around them. */
  const readable = (text: string) => [...text].filter((c) => !hasInvisible(c)).join('');
  const INVISIBLES = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u202e', '\u2066', '\u00ad', '\n', '\t', '\x1b'];

  it('a zero-width space between every character of the key is still the key: the whole span is replaced', () => {
    const s = new Scrubber();
    s.add(KEY);
    const echoed = [...KEY].join('\u200b');
    const out = s.scrub(`Incorrect API key provided: ${echoed}. Check it.`);
    assert.equal(out, `Incorrect API key provided: ${redactKey(KEY)}. Check it.`);
  });

  it('any invisible characters at any positions: the key never reads through', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: KEY.length - 1 }), fc.constantFrom(...INVISIBLES)), { minLength: 1, maxLength: 12 }),
        fc.string({ maxLength: 20 }),
        (inserts, around) => {
          const chars = [...KEY];
          for (const [at, c] of [...inserts].sort((a, b) => b[0] - a[0])) chars.splice(at, 0, c);
          const s = new Scrubber();
          s.add(KEY);
          const out = s.scrub(`${around} key: ${chars.join('')} ${around}`);
          assert.ok(!readable(out).includes(KEY), JSON.stringify(out));
          assert.ok(out.includes(redactKey(KEY)), JSON.stringify(out));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leaves text with invisible characters but no secret as it was (inertText shows them)', () => {
    const s = new Scrubber();
    s.add(KEY);
    const text = 'model\u200bgpt-4o \u202eevil\u202c and sk-UNIQUE\u200b (a prefix only)';
    assert.equal(s.scrub(text), text);
  });
});

describe('core scrub: a known secret a person still reads (NFKC, what renders blank left out)', () => {
  /**
   * The test's own reading of a text, independent of the scrubber's code: NFKC, then every code
   * point that renders as nothing dropped (Default_Ignorable_Code_Point, white space, controls,
   * format characters, and the braille blank U+2800, which is a "graphic" character that draws
   * an empty cell).
   */
  const BLANK_ORACLE = /[\p{Default_Ignorable_Code_Point}\p{White_Space}\p{Cc}\p{Cf}\u2800]/gu;
  const asRead = (text: string): string => text.normalize('NFKC').replace(BLANK_ORACLE, '');

  // The classes, from every code point there is (not a list of characters picked by hand).
  const codePoints: string[] = [];
  for (let c = 0; c <= 0x10ffff; c++) if (c < 0xd800 || c > 0xdfff) codePoints.push(String.fromCodePoint(c));
  /** Every code point that renders as nothing: Default_Ignorable_Code_Point and the other blanks. */
  const blanks = codePoints.filter((c) => /^[\p{Default_Ignorable_Code_Point}\p{White_Space}\p{Cc}\p{Cf}\u2800]$/u.test(c));
  /** For each printable ASCII character, every other code point that NFKC folds to it (fullwidth, mathematical, circled, …). */
  const variants = new Map<string, string[]>();
  for (const c of codePoints) {
    if (c.charCodeAt(0) < 0x80) continue;
    const folded = c.normalize('NFKC');
    if (folded.length === 1 && folded >= '!' && folded <= '~') variants.set(folded, [...(variants.get(folded) ?? []), c]);
  }
  const ALPHABET = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-'];

  it('the classes are what the issue names (a sanity check on the enumeration, not the proof)', () => {
    for (const c of ['\u034f', '\ufe0f', '\u{e0020}', '\u3164', '\u115f', '\u1160', '\uffa0', '\u2800', '\u200b', '\u00ad']) {
      assert.ok(blanks.includes(c), `U+${c.codePointAt(0)?.toString(16)} missing`);
    }
    assert.ok(blanks.length > 4000, `${blanks.length}`);
    assert.ok(variants.get('k')?.includes('\uff4b'), 'fullwidth k');
  });

  it('every blank code point between every character of a key: the whole span is replaced', () => {
    const key = 'sk-ruta-Zq7Xw2Lm9Pv4Tn8Rb3Yc6Hd1';
    const s = new Scrubber();
    s.add(key);
    for (const blank of blanks) {
      const out = s.scrub(`Incorrect API key: ${[...key].join(blank)}. Check it.`);
      assert.equal(out, `Incorrect API key: ${redactKey(key)}. Check it.`, `U+${blank.codePointAt(0)?.toString(16)}`);
    }
  });

  it('every NFKC variant of every key character (fullwidth letters & co.) in place of it: replaced', () => {
    const key = `sk-${ALPHABET.join('')}`;
    const s = new Scrubber();
    s.add(key);
    for (const [ascii, forms] of variants) {
      if (!key.includes(ascii)) continue;
      for (const form of forms) {
        const echoed = key.split(ascii).join(form);
        const out = s.scrub(`key ${echoed} end`);
        assert.ok(!asRead(out).includes(key), `U+${form.codePointAt(0)?.toString(16)} for ${ascii}: ${JSON.stringify(out)}`);
        assert.ok(out.includes(redactKey(key)), `U+${form.codePointAt(0)?.toString(16)}: ${JSON.stringify(out)}`);
      }
    }
  });

  it('random keys, random blanks inserted and random characters swapped for variants (seeded): the key never reads through', () => {
    const variantList = [...variants.entries()];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...ALPHABET), { minLength: 16, maxLength: 48 }),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: blanks.length - 1 })), { minLength: 1, maxLength: 40 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 20 }),
        fc.string({ maxLength: 20 }),
        (body, inserts, swaps, around) => {
          const key = `sk-${body.join('')}`;
          const chars = [...key];
          for (const [at, which] of swaps) {
            const i = at % chars.length;
            const forms = variantList.find(([ascii]) => ascii === chars[i])?.[1];
            if (forms) chars[i] = forms[which % forms.length];
          }
          for (const [at, which] of inserts) chars.splice(1 + (at % (chars.length - 1)), 0, blanks[which]);
          const s = new Scrubber();
          s.add(key);
          const out = s.scrub(`${around} key: ${chars.join('')} ${around}`);
          assert.ok(!asRead(out).includes(asRead(key)), JSON.stringify(out));
          assert.ok(out.includes(redactKey(key)), JSON.stringify(out));
        },
      ),
      { seed: 0x22_03, numRuns: 400 },
    );
  });

  it('a cut that ends inside such an echo does not show its first half', () => {
    const key = 'sk-ruta-Zq7Xw2Lm9Pv4Tn8Rb3Yc6Hd1';
    const s = new Scrubber();
    s.add(key);
    const echoed = [...key.slice(0, 20)].join('\u034f');
    const out = s.scrubCutText(`token ${echoed}`);
    assert.ok(!asRead(out).includes(key.slice(0, 12)), JSON.stringify(out));
  });

  it('leaves text with such characters but no secret as it was', () => {
    const s = new Scrubber();
    s.add(KEY);
    const text = 'model\u034fgpt-4o \ufe0f\u3164 ｇｐｔ and sk-UNIQUE\u{e0020} (a prefix only) ❤️ 👩‍💻';
    assert.equal(s.scrub(text), text);
  });
});

describe('core scrub: generic patterns (secrets it was never told about)', () => {
  const s = new Scrubber();
  it('Authorization: Bearer header', () => {
    const out = s.scrub('Authorization: Bearer abcdefghijklmnopqrstuvwxyz123456');
    assert.ok(!out.includes('abcdefghijklmnopqrstuvwxyz123456'));
    assert.match(out, /^Authorization: Bearer /);
  });
  it('JSON headers object', () => {
    const out = s.scrub('{"headers":{"authorization":"Bearer zyxwvutsrqponmlkjihgfedcba654321","x-api-key":"QWERTYUIOPASDFGHJKL0987"}}');
    assert.ok(!out.includes('zyxwvutsrqponmlkjihgfedcba654321'));
    assert.ok(!out.includes('QWERTYUIOPASDFGHJKL0987'));
  });
  it('Bearer <token> anywhere', () => {
    const out = s.scrub('curl -H "Bearer tok_9876543210abcdefghij" https://x');
    assert.ok(!out.includes('tok_9876543210abcdefghij'));
  });
  it("sk-… style keys and other platforms' keys in free text", () => {
    const keys = [
      'sk-abcdefghijklmnopqrstuvwxyz0123',
      'sk-proj-abcdefghijklmnopqrstuv',
      'sk-ant-api03-abcdefghijklmnopq',
      'AIzaSyAbcdefghijklmnopqrstuvwxyz',
      'gsk_abcdefghijklmnopqrstuvwxyz',
      'hf_abcdefghijklmnopqrstuvwxyz',
    ];
    for (const k of keys) {
      const out = s.scrub(`error for ${k}: invalid`);
      assert.ok(!out.includes(k), out);
      assert.ok(out.startsWith('error for '), out);
    }
  });
  it('api_key= / key= / access_token= query parameters', () => {
    const out = s.scrub('GET https://gw.example.com/v1/models?api_key=SECRETVALUE123&key=OTHERSECRET99&access_token=TOK3N999&limit=5');
    assert.ok(!out.includes('SECRETVALUE123'));
    assert.ok(!out.includes('OTHERSECRET99'));
    assert.ok(!out.includes('TOK3N999'));
    assert.ok(out.includes('limit=5'));
  });
  it('JSON "api_key" fields', () => {
    const out = s.scrub('{"api_key": "plain-secret-value-123", "model": "gpt-4o-mini"}');
    assert.ok(!out.includes('plain-secret-value-123'));
    assert.ok(out.includes('"model": "gpt-4o-mini"'));
  });
  it('leaves ordinary text, model ids and request ids alone', () => {
    const text = 'model gpt-4o-mini not found (request id req_abc123); 404 Not Found at https://api.rutaapi.com/v1/chat/completions';
    assert.equal(s.scrub(text), text);
  });
  it('is stable on already scrubbed text', () => {
    const once = new Scrubber();
    once.add(KEY);
    const a = once.scrub(`Authorization: Bearer ${KEY}`);
    assert.equal(once.scrub(a), a);
  });
});

describe('core scrub: base64 forms of a known secret', () => {
  const RAW = 'Zq8vN3tL0pX7wR2yK5mB9cH4jD6fG1sA8eU3iO0n';
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
  /** Decodes every base64-looking run at each of its 4 alignments, in both alphabets. */
  function decodedRuns(text: string): string {
    const out: string[] = [];
    for (const run of text.match(/[A-Za-z0-9+/_-]{8,}/g) ?? []) {
      for (let skip = 0; skip < 4; skip++) {
        const part = run.slice(skip).replace(/-/g, '+').replace(/_/g, '/');
        out.push(Buffer.from(part.slice(0, part.length - (part.length % 4)), 'base64').toString('latin1'));
      }
    }
    return out.join('\n');
  }

  for (const secret of [RAW, KEY]) {
    it(`base64 and base64url, padded or not, at every alignment inside a longer string (${secret.slice(0, 4)}…)`, () => {
      const s = new Scrubber();
      s.add(secret);
      const middle = secret.slice(2, -2);
      for (const [before, after] of [
        ['', ''],
        ['a', ''],
        ['ab', ''],
        ['abc', 'z'],
        ['Bearer ', ''],
        ['user:', ''],
        ['{"key":"', '"}'],
        ['', 'zz'],
      ]) {
        const plain = `${before}${secret}${after}`;
        for (const encoded of [
          b64(plain),
          b64(plain).replace(/=+$/, ''),
          b64url(plain),
          `${b64url(plain)}==`.slice(0, b64(plain).length),
        ]) {
          const out = s.scrub(`The server says: token ${encoded} was rejected`);
          assert.ok(!out.includes(encoded), `${JSON.stringify(plain)} → ${out}`);
          assert.ok(!decodedRuns(out).includes(middle), `${JSON.stringify(plain)}: the decoded output still holds the key: ${out}`);
          assert.ok(out.startsWith('The server says: token ') && out.endsWith(' was rejected'), out);
        }
      }
    });
  }

  it('base64 forms do not touch ordinary text', () => {
    const s = new Scrubber();
    s.add(RAW);
    const text = `req_abc123 ${b64('hello world, nothing secret here')} gpt-4o-mini`;
    assert.equal(s.scrub(text), text);
  });
});

describe('core scrub: properties (fast-check)', () => {
  const printable = fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c));
  it('scrub(text containing s) never contains s', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: printable, minLength: 8, maxLength: 64 }),
        fc.string(),
        fc.string(),
        fc.constantFrom('raw', 'uri', 'json', 'repeat'),
        (secret, before, after, form) => {
          const s = new Scrubber();
          s.add(secret);
          const inner =
            form === 'uri'
              ? encodeURIComponent(secret)
              : form === 'json'
                ? JSON.stringify(secret)
                : form === 'repeat'
                  ? secret + secret
                  : secret;
          const out = s.scrub(`${before}${inner}${after}`);
          assert.ok(!out.includes(secret), `${JSON.stringify(secret)} in ${JSON.stringify(out)}`);
          if (form === 'uri') assert.ok(!out.includes(encodeURIComponent(secret)));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('adversarial: secret made of few letters, surrounded by the same letters', () => {
    const ab = fc.constantFrom('a', 'b');
    fc.assert(
      fc.property(
        fc.string({ unit: ab, minLength: 8, maxLength: 20 }),
        fc.string({ unit: ab, maxLength: 40 }),
        fc.string({ unit: ab, maxLength: 40 }),
        (secret, before, after) => {
          const out = scrubberOf(secret).scrub(`${before}${secret}${after}`);
          assert.ok(!out.includes(secret), `${secret} in ${out}`);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
