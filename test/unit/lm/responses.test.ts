// Responses API for models a gateway lists only for `openai-response` (issue 21, item 5): the request
// built from the editor's messages, and the stream's events read into the chat path's parts.
import { strict as assert } from 'node:assert';
import { buildResponsesRequest } from '../../../src/core/lm/responsesRequest';
import { ResponsesStreamAccumulator } from '../../../src/core/lm/responsesStream';
import { StreamErrorEvent, ToolArgumentsError, type StreamPart } from '../../../src/core/lm/stream';

const ev = (type: string, rest: Record<string, unknown> = {}) => JSON.stringify({ type, ...rest });
const call = { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'get_weather', arguments: '' };

function read(events: string[]) {
  const parts: StreamPart[] = [];
  const notes: string[] = [];
  const acc = new ResponsesStreamAccumulator(
    (p) => parts.push(p),
    (n) => notes.push(n),
  );
  const returns = events.map((e) => acc.event(e));
  return { parts, notes, summary: acc.end(), returns, acc };
}

describe('lm: Responses API request', () => {
  it('maps system, user, assistant text, tool calls and tool results to input items in order', () => {
    const body = buildResponsesRequest({
      model: 'codex-mini',
      messages: [
        { role: 'system', parts: [{ kind: 'text', value: 'Be brief.' }] },
        { role: 'user', parts: [{ kind: 'text', value: 'Weather?' }] },
        {
          role: 'assistant',
          parts: [
            { kind: 'text', value: 'Checking.' },
            { kind: 'toolCall', callId: 'call_1', name: 'get_weather', input: { city: 'Lima' } },
          ],
        },
        {
          role: 'user',
          parts: [
            { kind: 'text', value: 'and?' },
            { kind: 'toolResult', callId: 'call_1', content: '22°C' },
          ],
        },
      ],
      tools: [{ name: 'get_weather', description: 'Weather', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } }],
      toolMode: 'required',
      modelOptions: { max_tokens: 100, temperature: 0.2, reasoning_effort: 'low', stream_options: { x: 1 }, logit_bias: {} },
      imageInput: false,
    });
    assert.deepEqual(body.input, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', content: 'Checking.' },
      { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Lima"}' },
      { type: 'function_call_output', call_id: 'call_1', output: '22°C' },
      { role: 'user', content: 'and?' },
    ]);
    assert.deepEqual(body.tools, [
      {
        type: 'function',
        name: 'get_weather',
        description: 'Weather',
        parameters: { type: 'object', properties: { city: { type: 'string' } } },
        strict: false,
      },
    ]);
    assert.equal(body.tool_choice, 'required');
    assert.equal(body.stream, true);
    assert.equal(body.store, false);
    assert.equal(body.max_output_tokens, 100);
    assert.equal(body.temperature, 0.2);
    assert.deepEqual(body.reasoning, { effort: 'low' });
    assert.ok(!('max_tokens' in body) && !('stream_options' in body) && !('logit_bias' in body), 'chat-only options are left out');
  });

  it('an image goes as input_image when the model takes images, else a note', () => {
    const msg = { role: 'user' as const, parts: [{ kind: 'image' as const, mimeType: 'image/png', data: new Uint8Array([1, 2, 3]) }] };
    assert.deepEqual(buildResponsesRequest({ model: 'm', messages: [msg], imageInput: true }).input, [
      { role: 'user', content: [{ type: 'input_image', image_url: 'data:image/png;base64,AQID', detail: 'auto' }] },
    ]);
    const omitted = buildResponsesRequest({ model: 'm', messages: [msg], imageInput: false }).input[0];
    assert.ok('content' in omitted && typeof omitted.content === 'string' && omitted.content.includes('image omitted'));
  });
});

describe('lm: Responses API stream', () => {
  it('text deltas as they come, the end at response.completed with the usage; nothing read after it', () => {
    const r = read([
      ev('response.created', { response: { id: 'resp_1', status: 'in_progress', output: [] } }),
      ev('response.output_item.added', { output_index: 0, item: { type: 'message', id: 'msg_1', content: [] } }),
      ev('response.output_text.delta', { item_id: 'msg_1', delta: 'Hel' }),
      ev('response.output_text.delta', { item_id: 'msg_1', delta: 'lo' }),
      ev('response.output_text.done', { item_id: 'msg_1', text: 'Hello' }),
      ev('response.output_item.done', {
        output_index: 0,
        item: { type: 'message', id: 'msg_1', content: [{ type: 'output_text', text: 'Hello' }] },
      }),
      ev('response.completed', {
        response: {
          id: 'resp_1',
          status: 'completed',
          output: [{ type: 'message', id: 'msg_1', content: [{ type: 'output_text', text: 'Hello' }] }],
          usage: { input_tokens: 5, output_tokens: 2, total_tokens: 7 },
        },
      }),
    ]);
    assert.deepEqual(r.parts, [
      { kind: 'text', value: 'Hel' },
      { kind: 'text', value: 'lo' },
    ]);
    assert.equal(r.summary.finishReason, 'stop');
    assert.equal(r.summary.done, true);
    assert.deepEqual(r.summary.usage, { promptTokens: 5, completionTokens: 2, totalTokens: 7 });
    assert.equal(r.summary.completionId, 'resp_1');
    assert.equal(r.returns.at(-1), false, 'stop reading after the response is complete');
  });

  it('a function_call item becomes one tool call (call_id, whole arguments), finish tool_calls', () => {
    const r = read([
      ev('response.output_item.added', { output_index: 0, item: call }),
      ev('response.function_call_arguments.delta', { item_id: 'fc_1', output_index: 0, delta: '{"ci' }),
      ev('response.function_call_arguments.delta', { item_id: 'fc_1', output_index: 0, delta: 'ty":"Lima"}' }),
      ev('response.function_call_arguments.done', { item_id: 'fc_1', output_index: 0, arguments: '{"city":"Lima"}' }),
      ev('response.output_item.done', { output_index: 0, item: { ...call, arguments: '{"city":"Lima"}' } }),
      ev('response.completed', { response: { status: 'completed', output: [{ ...call, arguments: '{"city":"Lima"}' }] } }),
    ]);
    assert.deepEqual(r.parts, [{ kind: 'toolCall', callId: 'call_1', name: 'get_weather', input: { city: 'Lima' } }]);
    assert.equal(r.summary.toolCalls, 1, 'the completed output does not repeat it');
    assert.equal(r.summary.finishReason, 'tool_calls');
  });

  it('a gateway that sends only the final response: its text and calls come from the output', () => {
    const r = read([
      ev('response.completed', {
        response: {
          status: 'completed',
          output: [
            { type: 'message', id: 'm', content: [{ type: 'output_text', text: 'Hi' }] },
            { ...call, arguments: '{}' },
          ],
        },
      }),
    ]);
    assert.deepEqual(r.parts, [
      { kind: 'text', value: 'Hi' },
      { kind: 'toolCall', callId: 'call_1', name: 'get_weather', input: {} },
    ]);
  });

  it('malformed events the answer depends on are dropped and noted (never their text); unknown types ignored', () => {
    const r = read([
      ev('response.output_text.delta', { item_id: 'm', delta: 42 }),
      ev('response.output_item.added', { item: 'nope' }),
      ev('response.some_future_event', { secret: 'x' }),
      'not json',
      ev('response.output_text.delta', { item_id: 'm', delta: 'ok' }),
      ev('response.completed', { response: { status: 'completed' } }),
    ]);
    assert.deepEqual(r.parts, [{ kind: 'text', value: 'ok' }]);
    assert.equal(r.notes.length, 2);
    assert.ok(r.notes.every((n) => !n.includes('42') && !n.includes('nope')));
    assert.equal(r.summary.unreadable, 3);
  });

  it('reasoning deltas count as progress without text; response.incomplete ends with length', () => {
    const r = read([
      ev('response.reasoning_summary_text.delta', { delta: 'thinking' }),
      ev('response.incomplete', { response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } } }),
    ]);
    assert.deepEqual(r.parts, []);
    assert.ok(r.acc.progress > 0);
    assert.equal(r.summary.finishReason, 'length');
  });

  it('an error event or a failed response is a StreamErrorEvent; bad arguments a ToolArgumentsError', () => {
    assert.throws(
      () => read([ev('error', { code: 'insufficient_user_quota', message: 'quota' })]),
      (e: unknown) => e instanceof StreamErrorEvent && JSON.parse(e.body).error.code === 'insufficient_user_quota',
    );
    assert.throws(
      () => read([ev('response.failed', { response: { status: 'failed', error: { code: 'server_error', message: 'boom' } } })]),
      (e: unknown) => e instanceof StreamErrorEvent && /boom/.test(e.body),
    );
    assert.throws(
      () => read([ev('response.output_item.done', { output_index: 0, item: { ...call, arguments: '{"city":' } })]),
      (e: unknown) => e instanceof ToolArgumentsError && e.tool === 'get_weather',
    );
  });
});
