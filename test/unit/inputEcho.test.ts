import { strict as assert } from 'node:assert';
import { echoBaseUrlInput, splitBaseUrlInput } from '../../src/core/inputEcho';

describe('core inputEcho: the Base URL as entered, without query or fragment', () => {
  it('plain input is echoed as it is', () => {
    assert.equal(echoBaseUrlInput(' https://api.rutaapi.com/v1/ '), ' https://api.rutaapi.com/v1/ ');
    assert.equal(echoBaseUrlInput(''), '');
  });
  it('drops the query and/or fragment and says which', () => {
    assert.equal(echoBaseUrlInput('https://api.rutaapi.com/v1?pass=x'), 'https://api.rutaapi.com/v1 (query removed)');
    assert.equal(echoBaseUrlInput('https://api.rutaapi.com/v1#pass=x'), 'https://api.rutaapi.com/v1 (fragment removed)');
    assert.equal(echoBaseUrlInput('https://api.rutaapi.com/v1?a=1#b'), 'https://api.rutaapi.com/v1 (query and fragment removed)');
    // A "?" after "#" is part of the fragment.
    assert.equal(echoBaseUrlInput('https://api.rutaapi.com/v1#b?a=1'), 'https://api.rutaapi.com/v1 (fragment removed)');
    assert.equal(echoBaseUrlInput('https://api.rutaapi.com/v1?'), 'https://api.rutaapi.com/v1 (query removed)');
  });
  it('cuts unparseable input at the first "?" or "#" too', () => {
    assert.equal(echoBaseUrlInput('api rutaapi com?key=sk-abc'), 'api rutaapi com (query removed)');
    assert.equal(echoBaseUrlInput('::#secret'), ':: (fragment removed)');
  });
  it('never echoes user:password', () => {
    assert.equal(echoBaseUrlInput('https://admin:hunter2@api.rutaapi.com/v1?x=1'), 'https://api.rutaapi.com/v1 (query removed)');
  });
  it('can quote the kept part (support report)', () => {
    assert.equal(echoBaseUrlInput(' https://x.test/v1?x=1\n', { quote: true }), '" https://x.test/v1" (query removed)');
    assert.deepEqual(splitBaseUrlInput('https://x.test/v1#f'), { kept: 'https://x.test/v1', query: false, fragment: true });
  });
  it('never throws on odd values', () => {
    assert.equal(echoBaseUrlInput(undefined as unknown as string), '');
  });
});
