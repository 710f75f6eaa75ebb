// The saved key out of streamed answers (core/lm/streamScrub.ts): split across chunks anywhere,
// with invisible characters inside it, in tool-call inputs; ordinary text and code untouched.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { AnswerScrubber } from '../../../src/core/lm/streamScrub';
import { ToolCallGate } from '../../../src/core/lm/toolCallGate';

const KEY = 'sk-ruta-sandbox-echo-0123456789abcdefABCDEF';

/** Everything the chat would show for `pieces`, streamed in that order. */
function stream(pieces: string[], key = KEY): { shown: string; outputs: string[] } {
  const s = new AnswerScrubber(key);
  const outputs = pieces.map((p) => s.push(p));
  outputs.push(s.flush());
  return { shown: outputs.join(''), outputs };
}

/** `text` cut at the given offsets. */
function cut(text: string, at: number[]): string[] {
  const points = [...new Set(at.map((n) => n % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let last = 0;
  for (const p of points) {
    out.push(text.slice(last, p));
    last = p;
  }
  out.push(text.slice(last));
  return out;
}

const visible = (text: string) => text.replace(/[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g, '');

describe('lm: the key out of a streamed answer', () => {
  it('a key echoed in text never reaches the chat, wherever the chunks split it (also with zero-width and bidi characters inside)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        fc.string({ maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.boolean(),
        (before, after, at, interleave) => {
          const echo = interleave ? [...KEY].join('\u200b') : KEY;
          const { shown } = stream(cut(`${before}${echo}${after}`, at));
          assert.equal(visible(shown).includes(KEY), false, JSON.stringify(shown));
          assert.equal(visible(shown).includes(KEY.slice(8)), false, 'the key without its first characters');
        },
      ),
      { numRuns: 400 },
    );
  });

  it('one character per chunk: still replaced', () => {
    const { shown } = stream([...`The key is ${KEY}, keep it safe.`]);
    assert.equal(shown.includes(KEY), false);
    assert.match(shown, /^The key is sk-ru…CDEF, keep it safe\.$/);
  });

  it('text without the key comes out exactly as it went in, code with Bearer headers and passwords included', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.array(fc.nat(), { maxLength: 10 }), (text, at) => {
        assert.equal(stream(cut(text, at)).shown, text);
      }),
      { numRuns: 300 },
    );
    const code =
      'fetch(url, { headers: { Authorization: `Bearer ${token}` } }); // {"password": "hunter22"} ?api_key=abc123456789 sk-proj-0123456789abcdefghij';
    assert.equal(stream(cut(code, [5, 17, 40, 41, 90])).shown, code);
  });

  it('ordinary prose is passed on at once: at most the few characters that could start the key wait', () => {
    const s = new AnswerScrubber(KEY);
    assert.equal(s.push('Hello, world. '), 'Hello, world. ');
    const out = s.push('Ask me anything about s');
    assert.equal(out, 'Ask me anything about ', 'only the "s" that could start sk-… waits');
    assert.equal(s.push('ome thing'), 'some thing');
    assert.equal(s.flush(), '');
  });

  it("a tool call's input: the key replaced in values and names, anything else untouched", () => {
    const s = new AnswerScrubber(KEY);
    const input = { command: `curl -H "Authorization: Bearer ${KEY}" https://x`, [KEY]: 1, nested: [{ v: `a${KEY}` }], n: 3 };
    const out = s.scrubInput(input);
    assert.ok(out);
    assert.equal(JSON.stringify(out).includes(KEY), false);
    assert.equal(out.n, 3);
    assert.match(String(out.command), /^curl -H "Authorization: Bearer sk-ru…CDEF" https:\/\/x$/);
    const plain = { path: 'a.ts', text: 'const h = { Authorization: `Bearer ${t}` };' };
    assert.equal(s.scrubInput(plain), plain);
  });
});

describe('lm: the tool-call gate', () => {
  it('drops a call that is not exactly a tool call (extra field, array input, empty id), noting it', () => {
    const notes: string[] = [];
    const gate = new ToolCallGate(['get_weather'], new AnswerScrubber(KEY), (m) => notes.push(m));
    const ok = { kind: 'toolCall' as const, callId: 'c1', name: 'get_weather', input: { city: 'Madrid' } };
    assert.deepEqual(gate.pass(ok), ok);
    assert.equal(gate.pass({ ...ok, callId: 'c2', extra: 1 } as typeof ok), undefined);
    assert.equal(gate.pass({ ...ok, callId: 'c3', input: [] as unknown as Record<string, unknown> }), undefined);
    assert.equal(gate.pass({ ...ok, callId: '' }), undefined);
    assert.equal(notes.length, 3);
    assert.deepEqual(gate.pass(ok), { ...ok, callId: 'c1_2' });
  });
});
