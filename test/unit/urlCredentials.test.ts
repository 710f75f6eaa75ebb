import { strict as assert } from 'node:assert';
import { urlCredentials, withoutCredentials } from '../../src/core/urlCredentials';
import { verify } from '../../src/core/verify';

describe('URL credentials never leave the engine', () => {
  it('withoutCredentials removes user:password with or without a scheme', () => {
    assert.equal(withoutCredentials('https://bob:hunter2pass@app.rutaapi.com/x'), 'https://app.rutaapi.com/x');
    assert.equal(withoutCredentials(' bob:hunter2pass@api.rutaapi.com/v1'), ' api.rutaapi.com/v1');
    assert.equal(withoutCredentials('https://api.rutaapi.com/v1'), 'https://api.rutaapi.com/v1');
    assert.deepEqual(
      urlCredentials('https://bob:hunter%32pass@x.example/v1').sort(),
      ['bob', 'bob:hunter%32pass', 'hunter%32pass', 'hunter2pass'].sort(),
    );
  });

  // Pre-flight cases make no request, so no server is needed: the password must still not be echoed.
  for (const baseUrl of [
    'https://bob:hunter2pass@app.rutaapi.com/x',
    'https://bob:hunter2pass@rutaapi.com',
    'bob:hunter2pass@app.rutaapi.com',
    'http://bob:hunter2pass@api.example.com/v1',
    'ftp://bob:hunter2pass@api.rutaapi.com/v1',
  ]) {
    it(`verify result for ${JSON.stringify(baseUrl)} holds no password`, async () => {
      const result = await verify({
        apiKey: 'sk-ruta-sandbox-ok-credtest1',
        baseUrl,
        fetch: () => Promise.reject(new Error('no network in this test')),
      });
      assert.notEqual(result.diagnosis.code, 'ok');
      const text = JSON.stringify(result);
      assert.ok(!text.includes('hunter2pass'), text);
    });
  }
});
