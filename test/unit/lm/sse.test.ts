import { strict as assert } from 'node:assert';
import { SseDecoder } from '../../../src/core/lm/sse';

const enc = new TextEncoder();

/** Decodes `bytes` fed as the given pieces. */
function decodeIn(bytes: Uint8Array, cuts: number[]): string[] {
  const d = new SseDecoder();
  const out: string[] = [];
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    out.push(...d.push(bytes.subarray(at, cut)));
    at = cut;
  }
  out.push(...d.end());
  return out;
}

describe('lm: SSE decoder', () => {
  const stream =
    ': keep-alive\n\n' +
    'data: {"a":"héllo ✓ 😀"}\n\n' +
    'event: message\r\ndata: {"b":1}\r\n\r\n' +
    'data: line one\ndata: line two\n\n' +
    'id: 7\rdata:{"c":"no space"}\r\r' +
    'data: [DONE]\n\n';
  const expected = ['{"a":"héllo ✓ 😀"}', '{"b":1}', 'line one\nline two', '{"c":"no space"}', '[DONE]'];
  const bytes = enc.encode(stream);

  it('decodes a whole stream', () => {
    assert.deepEqual(decodeIn(bytes, []), expected);
  });

  it('gives the same events whatever single byte boundary the network cuts at (inside CRLF and UTF-8 too)', () => {
    for (let cut = 1; cut < bytes.length; cut++) assert.deepEqual(decodeIn(bytes, [cut]), expected, `cut at byte ${cut}`);
  });

  it('gives the same events fed one byte at a time, and at every pair of cuts', () => {
    assert.deepEqual(
      decodeIn(
        bytes,
        Array.from({ length: bytes.length - 1 }, (_, i) => i + 1),
      ),
      expected,
    );
    for (let a = 1; a < bytes.length; a += 3) {
      for (let b = a + 1; b < bytes.length; b += 5) assert.deepEqual(decodeIn(bytes, [a, b]), expected, `cuts ${a},${b}`);
    }
  });

  it('dispatches a last event that has no blank line after it', () => {
    assert.deepEqual(decodeIn(enc.encode('data: {"x":1}\n\ndata: tail'), []), ['{"x":1}', 'tail']);
  });

  it('ignores comments, unknown fields and blank lines without data', () => {
    assert.deepEqual(decodeIn(enc.encode(':a\n\nretry: 5\n\nevent: x\n\n\n\n'), []), []);
  });

  it('reads a `data` field exactly: empty values, no space, a second space kept, and fields that only start with "data"', () => {
    const stream =
      'data:\n\ndata: \n\ndata:x\n\ndata:  two spaces\n\ndatax: no\ndata\n\ndata2: no\n\nDATA: no\n\ndata: a\ndata:\ndata: b\n\n';
    const expected = ['', '', 'x', ' two spaces', '', 'a\n\nb'];
    assert.deepEqual(decodeIn(enc.encode(stream), []), expected);
    for (let cut = 1; cut < stream.length; cut++) assert.deepEqual(decodeIn(enc.encode(stream), [cut]), expected, `cut at ${cut}`);
  });

  it('accepts text as well as bytes', () => {
    const d = new SseDecoder();
    assert.deepEqual([...d.push('data: a\n'), ...d.push('\ndata: b\r'), ...d.push('\n\r\n'), ...d.end()], ['a', 'b']);
  });

  it('keeps a long line split into many pieces intact', () => {
    const long = 'x'.repeat(100_000);
    const data = enc.encode(`data: ${long}\n\n`);
    const cuts = Array.from({ length: 99 }, (_, i) => (i + 1) * 1000);
    assert.deepEqual(decodeIn(data, cuts), [long]);
  });
});
