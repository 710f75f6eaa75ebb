// The sandbox gateway (npm run sandbox) streams: `"stream": true` chat requests reach the streaming
// scenarios, and the account scenarios still fail before the first chunk.
import { strict as assert } from 'node:assert';
import { createGatewayClient } from '../../../src/core/gatewayClient';
import { streamChat } from '../../../src/core/lm/chat';
import { ChatFailure } from '../../../src/core/lm/errors';
import { buildChatRequest } from '../../../src/core/lm/messages';
import type { StreamPart } from '../../../src/core/lm/stream';
import { startSandbox, type Sandbox } from '../../../src/sandbox/server';
import type { StreamRecord } from '../../../src/sandbox/streaming';

describe('lm: sandbox streaming scenarios', () => {
  let sandbox: Sandbox;
  const records: StreamRecord[] = [];
  before(async () => {
    sandbox = await startSandbox({ onStream: (r) => records.push(r) });
  });
  after(() => sandbox.close());

  const chat = (key: string, text: string, parts: StreamPart[] = []) =>
    streamChat({
      createClient: createGatewayClient,
      apiKey: key,
      baseURL: sandbox.baseUrl,
      body: buildChatRequest({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', parts: [{ kind: 'text', value: text }] }],
        imageInput: false,
        tools: [{ name: 'get_weather' }, { name: 'get_time' }],
      }),
      onPart: (p) => parts.push(p),
      idleTimeoutMs: 10_000,
    });

  it('a working key streams 10,000 chunks and a usage chunk', async () => {
    const parts: StreamPart[] = [];
    const result = await chat('sk-ruta-sandbox-ok-lm1', '[sandbox:chunks=10000]', parts);
    assert.equal(parts.length, 10_000);
    assert.equal(result.summary?.usage?.completionTokens, 10_000);
    assert.equal(records.at(-1)?.outcome, 'completed');
  });

  it('two parallel tool calls', async () => {
    const parts: StreamPart[] = [];
    await chat('sk-ruta-sandbox-ok-lm2', '[sandbox:tools2]', parts);
    assert.deepEqual(
      parts.filter((p) => p.kind === 'toolCall').map((p) => (p.kind === 'toolCall' ? p.name : '')),
      ['get_weather', 'get_time'],
    );
  });

  for (const [scenario, code] of [
    ['nocredits', 'insufficient_credits'],
    ['ratelimited', 'rate_limited'],
  ] as const) {
    it(`${scenario}: fails before the first chunk with ${code}`, async () => {
      const parts: StreamPart[] = [];
      await assert.rejects(
        chat(`sk-ruta-sandbox-${scenario}-lm`, 'hi', parts),
        (e: unknown) => e instanceof ChatFailure && e.diagnosis.code === code,
      );
      assert.deepEqual(parts, []);
    });
  }
});
