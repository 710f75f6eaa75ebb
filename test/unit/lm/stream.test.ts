import { strict as assert } from 'node:assert';
import { SseDecoder } from '../../../src/core/lm/sse';
import { ChatStreamAccumulator, StreamErrorEvent, ToolArgumentsError, type StreamPart } from '../../../src/core/lm/stream';

type Delta = Record<string, unknown>;
const chunk = (delta: Delta, finish: string | null = null): string =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
const call = (index: number, fields: Delta): Delta => ({ tool_calls: [{ index, ...fields }] });

/** Runs SSE text through decoder + accumulator, cut at the given byte offsets. */
function run(text: string, cuts: number[] = []): { parts: StreamPart[]; error?: unknown } {
  const bytes = new TextEncoder().encode(text);
  const parts: StreamPart[] = [];
  const acc = new ChatStreamAccumulator((p) => parts.push(p));
  const d = new SseDecoder();
  try {
    let at = 0;
    let open = true;
    for (const cut of [...cuts, bytes.length]) {
      for (const e of d.push(bytes.subarray(at, cut))) if (open && !acc.event(e)) open = false;
      at = cut;
    }
    if (open) for (const e of d.end()) acc.event(e);
    acc.end();
  } catch (error) {
    return { parts, error };
  }
  return { parts, error: undefined };
}

/** Text parts merged (their split is the network's, not the model's). */
function merged(parts: StreamPart[]): Array<{ kind: string; value?: string; name?: string; callId?: string; input?: unknown }> {
  const out: Array<{ kind: string; value?: string; name?: string; callId?: string; input?: unknown }> = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (p.kind === 'text' && last?.kind === 'text') last.value += p.value;
    else
      out.push(p.kind === 'text' ? { kind: 'text', value: p.value } : { kind: 'toolCall', callId: p.callId, name: p.name, input: p.input });
  }
  return out;
}

const weatherArgs = JSON.stringify({ city: 'Madrid', unit: 'celsius', note: 'Dígame "hola" ✓' });
const TOOL_STREAM =
  chunk({ role: 'assistant', content: 'Let me check. ' }) +
  chunk(call(0, { id: 'call_1', type: 'function', function: { name: 'get_', arguments: '' } })) +
  chunk(call(0, { function: { name: 'weather' } })) +
  [...weatherArgs.matchAll(/.{1,5}/gsu)].map((m) => chunk(call(0, { function: { arguments: m[0] } }))).join('') +
  chunk({}, 'tool_calls') +
  'data: [DONE]\n\n';

describe('lm: stream accumulation (text and tool calls)', () => {
  it('streams text in order and reports a tool call split across chunks once, with parsed input', () => {
    const { parts, error } = run(TOOL_STREAM);
    assert.equal(error, undefined);
    assert.deepEqual(merged(parts), [
      { kind: 'text', value: 'Let me check. ' },
      { kind: 'toolCall', callId: 'call_1', name: 'get_weather', input: { city: 'Madrid', unit: 'celsius', note: 'Dígame "hola" ✓' } },
    ]);
  });

  it('gives the same parts at every network boundary', () => {
    const whole = merged(run(TOOL_STREAM).parts);
    const length = new TextEncoder().encode(TOOL_STREAM).length;
    for (let cut = 1; cut < length; cut++) {
      const { parts, error } = run(TOOL_STREAM, [cut]);
      assert.equal(error, undefined, `cut ${cut}`);
      assert.deepEqual(merged(parts), whole, `cut ${cut}`);
    }
    for (let a = 1; a < length; a += 29)
      for (let b = a + 3; b < length; b += 37) assert.deepEqual(merged(run(TOOL_STREAM, [a, b]).parts), whole);
  });

  it('reports two parallel tool calls (index 0 then 1) in order', () => {
    const text =
      chunk(call(0, { id: 'a', function: { name: 'get_weather', arguments: '{"ci' } })) +
      chunk(call(0, { function: { arguments: 'ty":"Madrid"}' } })) +
      chunk(call(1, { id: 'b', function: { name: 'get_time', arguments: '' } })) +
      chunk(call(1, { function: { arguments: '{"timezone":"Europe/Madrid"}' } })) +
      chunk({}, 'tool_calls') +
      'data: [DONE]\n\n';
    const { parts, error } = run(text);
    assert.equal(error, undefined);
    assert.deepEqual(merged(parts), [
      { kind: 'toolCall', callId: 'a', name: 'get_weather', input: { city: 'Madrid' } },
      { kind: 'toolCall', callId: 'b', name: 'get_time', input: { timezone: 'Europe/Madrid' } },
    ]);
  });

  it('reports the first call as soon as the second one starts (its arguments are complete JSON)', () => {
    const seen: string[] = [];
    const acc = new ChatStreamAccumulator((p) => seen.push(p.kind === 'toolCall' ? p.name : 'text'));
    acc.chunk({ choices: [{ index: 0, delta: call(0, { id: 'a', function: { name: 'one', arguments: '{}' } }) }] });
    assert.deepEqual(seen, []);
    acc.chunk({ choices: [{ index: 0, delta: call(1, { id: 'b', function: { name: 'two', arguments: '{' } }) }] });
    assert.deepEqual(seen, ['one']);
    acc.chunk({ choices: [{ index: 0, delta: call(1, { function: { arguments: '}' } }) }] });
    acc.end();
    assert.deepEqual(seen, ['one', 'two']);
  });

  it('handles interleaved parallel calls', () => {
    const text =
      chunk(call(0, { id: 'a', function: { name: 'x', arguments: '{"n":' } })) +
      chunk(call(1, { id: 'b', function: { name: 'y', arguments: '{"m":' } })) +
      chunk(call(0, { function: { arguments: '1}' } })) +
      chunk(call(1, { function: { arguments: '2}' } })) +
      chunk({}, 'tool_calls');
    const { parts, error } = run(text);
    assert.equal(error, undefined);
    assert.deepEqual(
      merged(parts).map((p) => [p.name, p.input]),
      [
        ['x', { n: 1 }],
        ['y', { m: 2 }],
      ],
    );
  });

  it('accepts the gateway variants: whole call in one chunk, no index, every call at index 0, arguments as an object, repeated name', () => {
    const text =
      chunk({ tool_calls: [{ id: 'a', type: 'function', function: { name: 'x', arguments: '{"k":1}' } }] }) +
      chunk({ tool_calls: [{ index: 0, id: 'b', function: { name: 'y', arguments: { k: 2 } } }] }) +
      chunk({ tool_calls: [{ index: 0, id: 'c', function: { name: 'z', arguments: '{"k":' } }] }) +
      chunk({ tool_calls: [{ index: 0, id: 'c', function: { name: 'z', arguments: '3}' } }] }) +
      chunk({}, 'tool_calls');
    const { parts, error } = run(text);
    assert.equal(error, undefined);
    assert.deepEqual(
      merged(parts).map((p) => [p.callId, p.name, p.input]),
      [
        ['a', 'x', { k: 1 }],
        ['b', 'y', { k: 2 }],
        ['c', 'z', { k: 3 }],
      ],
    );
  });

  it('empty arguments are an empty input; a call without id gets one; an empty trailer for a reported id is ignored', () => {
    const text =
      chunk(call(0, { function: { name: 'noargs', arguments: '' } })) +
      chunk({}, 'tool_calls') +
      chunk(call(0, { id: 'call_rutaapi_1', function: { arguments: '' } })) +
      'data: [DONE]\n\n';
    const { parts, error } = run(text);
    assert.equal(error, undefined);
    assert.deepEqual(merged(parts), [{ kind: 'toolCall', callId: 'call_rutaapi_1', name: 'noargs', input: {} }]);
  });

  it('malformed tool arguments: one ToolArgumentsError naming the tool, never a crash or a half-parsed input', () => {
    const text =
      chunk({ content: 'ok ' }) +
      chunk(call(0, { id: 'bad', function: { name: 'get_weather', arguments: '{"city": "Madrid", "unit": cel' } })) +
      chunk({}, 'tool_calls');
    const { parts, error } = run(text);
    assert.ok(error instanceof ToolArgumentsError);
    assert.equal(error.tool, 'get_weather');
    assert.equal(error.callId, 'bad');
    assert.match(error.message, /get_weather/);
    assert.deepEqual(merged(parts), [{ kind: 'text', value: 'ok ' }]);
  });

  it('arguments that are JSON but not an object are malformed too', () => {
    const { error } = run(chunk(call(0, { id: 'x', function: { name: 'list', arguments: '[1,2]' } })) + 'data: [DONE]\n\n');
    assert.ok(error instanceof ToolArgumentsError);
  });

  it('an {"error": …} event mid-stream is a StreamErrorEvent with its body', () => {
    const { parts, error } = run(
      chunk({ content: 'a' }) + `data: ${JSON.stringify({ error: { message: 'Insufficient balance', code: 'insufficient_quota' } })}\n\n`,
    );
    assert.ok(error instanceof StreamErrorEvent);
    assert.equal(error.status, undefined);
    assert.match(error.body, /insufficient_quota/);
    assert.equal(parts.length, 1);
    const withStatus = run(`data: ${JSON.stringify({ error: { message: 'x', code: 429 } })}\n\n`).error;
    assert.ok(withStatus instanceof StreamErrorEvent);
    assert.equal(withStatus.status, 429);
  });

  it('records usage, finish reason and [DONE]; ignores unreadable events; stops reading at [DONE]', () => {
    const acc = new ChatStreamAccumulator(() => undefined);
    assert.equal(acc.event('not json'), true);
    acc.event(JSON.stringify({ id: 'cmpl', choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: 'stop' }] }));
    acc.event(JSON.stringify({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } }));
    assert.equal(acc.event('[DONE]'), false);
    const s = acc.end();
    assert.deepEqual(
      { done: s.done, finish: s.finishReason, usage: s.usage, unreadable: s.unreadable, chars: s.textChars, id: s.completionId },
      { done: true, finish: 'stop', usage: { promptTokens: 3, completionTokens: 1, totalTokens: 4 }, unreadable: 1, chars: 2, id: 'cmpl' },
    );
  });

  it('reads a whole (non-streamed) completion message, and ignores choices other than 0', () => {
    const parts: StreamPart[] = [];
    const acc = new ChatStreamAccumulator((p) => parts.push(p));
    acc.chunk({
      choices: [
        { index: 1, message: { content: 'other' } },
        {
          index: 0,
          message: { content: 'Hi', tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: '{"a":[1]}' } }] },
          finish_reason: 'tool_calls',
        },
      ],
    });
    acc.end();
    assert.deepEqual(merged(parts), [
      { kind: 'text', value: 'Hi' },
      { kind: 'toolCall', callId: 't', name: 'f', input: { a: [1] } },
    ]);
  });
});
