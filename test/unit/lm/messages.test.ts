import { strict as assert } from 'node:assert';
import { IMAGE_OMITTED, buildChatRequest, toChatMessages, type LmMessage } from '../../../src/core/lm/messages';
import { toLmMessages } from '../../../src/host/lm/parts';

// Stand-ins with the shapes of vscode's part classes (the mapping reads shapes, never classes).
class TextPart {
  constructor(public value: string) {}
}
class ToolCallPart {
  constructor(
    public callId: string,
    public name: string,
    public input: object,
  ) {}
}
class ToolResultPart {
  constructor(
    public callId: string,
    public content: unknown[],
  ) {}
}
class DataPart {
  constructor(
    public data: Uint8Array,
    public mimeType: string,
  ) {}
}
const User = 1;
const Assistant = 2;
const System = 3;

describe('lm: message mapping (VS Code messages → chat completion)', () => {
  const conversation = toLmMessages([
    { role: System, content: [new TextPart('You are terse.')], name: undefined },
    { role: User, content: [new TextPart('Weather in '), new TextPart('Madrid?')], name: undefined },
    {
      role: Assistant,
      content: [
        new TextPart('Checking.'),
        new ToolCallPart('call_1', 'get_weather', { city: 'Madrid' }),
        new ToolCallPart('call_2', 'get_time', {}),
      ],
      name: undefined,
    },
    {
      role: User,
      content: [
        new ToolResultPart('call_1', [new TextPart('21 °C'), new TextPart(', sunny')]),
        new ToolResultPart('call_2', [{ value: { hour: 10 } }]),
        new TextPart('Thanks'),
      ],
      name: undefined,
    },
  ]);

  it('maps system, user text, assistant text + tool calls, and tool results in API order', () => {
    assert.deepEqual(toChatMessages(conversation, false), [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Weather in Madrid?' },
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Madrid"}' } },
          { id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '21 °C, sunny' },
      { role: 'tool', tool_call_id: 'call_2', content: '{"hour":10}' },
      { role: 'user', content: 'Thanks' },
    ]);
  });

  it('an assistant message with only tool calls has null content; empty messages are dropped', () => {
    const m: LmMessage[] = [
      { role: 'assistant', parts: [{ kind: 'toolCall', callId: 'a', name: 'f', input: { x: 1 } }] },
      { role: 'user', parts: [] },
      { role: 'assistant', parts: [{ kind: 'text', value: '' }] },
    ];
    assert.deepEqual(toChatMessages(m, false), [
      { role: 'assistant', content: null, tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '{"x":1}' } }] },
    ]);
  });

  it('images go as data URLs to a model that takes them, and as a note to one that does not', () => {
    const msgs = toLmMessages([
      { role: User, content: [new TextPart('What is this?'), new DataPart(new Uint8Array([1, 2, 3]), 'image/png')], name: 'ana' },
    ]);
    assert.deepEqual(toChatMessages(msgs, true), [
      {
        role: 'user',
        name: 'ana',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AQID' } },
        ],
      },
    ]);
    assert.deepEqual(toChatMessages(msgs, false), [{ role: 'user', name: 'ana', content: `What is this?\n${IMAGE_OMITTED}` }]);
  });

  it('unknown parts are skipped, strings are text, non-image data in a tool result is a note', () => {
    const msgs = toLmMessages([
      { role: User, content: ['plain', { unknown: true }, new DataPart(new Uint8Array([0]), 'application/octet-stream')], name: undefined },
      {
        role: User,
        content: [
          new ToolResultPart('c', [
            new DataPart(new TextEncoder().encode('{"ok":true}'), 'application/json'),
            new DataPart(new Uint8Array([1]), 'image/png'),
          ]),
        ],
        name: undefined,
      },
    ]);
    assert.deepEqual(toChatMessages(msgs, true), [
      { role: 'user', content: 'plain' },
      { role: 'tool', tool_call_id: 'c', content: '{"ok":true}[image/png data omitted]' },
    ]);
  });

  it('tools, toolMode required → tool_choice "required", and modelOptions pass through only for request keys', () => {
    const body = buildChatRequest({
      model: 'gpt-4o',
      messages: [{ role: 'user', parts: [{ kind: 'text', value: 'hi' }] }],
      tools: [
        { name: 'get_weather', description: 'Weather', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } },
        { name: 'no_schema', description: '' },
      ],
      toolMode: 'required',
      modelOptions: {
        temperature: 0.2,
        max_tokens: 100,
        model: 'other',
        stream: false,
        messages: [],
        tools: [],
        evil: 1,
        stop: ['\n'],
        seed: Number.NaN,
        response_format: { type: 'json_object' },
      },
      imageInput: false,
    });
    assert.deepEqual(body, {
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Weather',
            parameters: { type: 'object', properties: { city: { type: 'string' } } },
          },
        },
        { type: 'function', function: { name: 'no_schema', parameters: { type: 'object', properties: {} } } },
      ],
      tool_choice: 'required',
      temperature: 0.2,
      max_tokens: 100,
      stop: ['\n'],
      response_format: { type: 'json_object' },
    });
  });

  it('no tools: no tool_choice; toolMode auto with tools → "auto"', () => {
    const none = buildChatRequest({ model: 'm', messages: [], toolMode: 'required', imageInput: false });
    assert.equal('tool_choice' in none, false);
    assert.equal('tools' in none, false);
    const auto = buildChatRequest({ model: 'm', messages: [], tools: [{ name: 't' }], toolMode: 'auto', imageInput: false });
    assert.equal(auto.tool_choice, 'auto');
  });

  it('a tool input that cannot be serialised becomes {} (never a throw)', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const out = toChatMessages([{ role: 'assistant', parts: [{ kind: 'toolCall', callId: 'a', name: 'f', input: cyclic }] }], false);
    assert.deepEqual(out, [
      { role: 'assistant', content: null, tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '{}' } }] },
    ]);
  });
});
