// The engine's body caps: GET {base}/models may be as large as MAX_MODEL_LIST_BYTES (a gateway with
// 100,000 models sends about 10 MB); every other answer is cut off after MAX_RESPONSE_BYTES.
import { strict as assert } from 'node:assert';
import { MAX_MODEL_LIST_BYTES, MAX_RESPONSE_BYTES } from '../../src/core/constants';
import { createGatewayClient } from '../../src/core/gatewayClient';

/** A fetch that declares `bytes` in content-length and sends a short body. */
const declaring = (bytes: number) => async () =>
  new Response('{"object":"list","data":[]}', {
    status: 200,
    headers: { 'content-type': 'application/json', 'content-length': String(bytes) },
  });

async function read(url: string, bytes: number, method = 'GET') {
  const gw = createGatewayClient({ apiKey: 'sk-test-123456', baseURL: 'http://127.0.0.1:9/v1', fetch: declaring(bytes), timeoutMs: 1000 });
  const response = await gw.request(url, { method });
  try {
    await response.arrayBuffer();
    return { tooLarge: gw.records[0].tooLarge };
  } catch {
    return { tooLarge: gw.records[0].tooLarge };
  }
}

describe('gateway client body caps', () => {
  it('GET …/models takes up to the model-list cap (10 MB passes), over it is cut off', async () => {
    assert.equal((await read('http://127.0.0.1:9/v1/models', 10 * 1024 * 1024)).tooLarge, false);
    assert.equal((await read('http://127.0.0.1:9/v1/models', MAX_MODEL_LIST_BYTES + 1)).tooLarge, true);
  });

  it('every other answer keeps the 4 MB cap (a single model, chat, a POST to /models)', async () => {
    assert.equal((await read('http://127.0.0.1:9/v1/models/gpt-4o-mini', MAX_RESPONSE_BYTES + 1)).tooLarge, true);
    assert.equal((await read('http://127.0.0.1:9/v1/chat/completions', MAX_RESPONSE_BYTES + 1, 'POST')).tooLarge, true);
    assert.equal((await read('http://127.0.0.1:9/v1/models', MAX_RESPONSE_BYTES + 1, 'POST')).tooLarge, true);
    assert.equal((await read('http://127.0.0.1:9/v1/chat/completions', MAX_RESPONSE_BYTES)).tooLarge, false);
  });
});
