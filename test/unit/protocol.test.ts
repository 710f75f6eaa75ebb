import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { parseHostMessage, parseWebviewMessage } from '../../src/protocol/messages';

describe('setup panel protocol (zod)', () => {
  it('webview → host: accepts valid messages', () => {
    const valid = [
      { type: 'ready' },
      { type: 'verify', baseUrl: 'https://api.rutaapi.com/v1', apiKey: 'sk-x', model: 'gpt-4.1' },
      { type: 'verify', baseUrl: '', apiKey: '' },
      { type: 'verifyModel', baseUrl: 'u', apiKey: 'k', model: 'm' },
      { type: 'cancel' },
      { type: 'save', baseUrl: 'u', apiKey: 'k', model: 'm', scope: 'workspace' },
      { type: 'open', target: 'billing' },
      { type: 'copy', what: 'key' },
    ];
    for (const m of valid) assert.ok(parseWebviewMessage(m), JSON.stringify(m));
  });

  it('webview → host: rejects malformed and unknown messages', () => {
    const invalid = [
      undefined, null, 1, 'ready', [], {}, { type: 'analyze', seq: 1, baseUrl: '', apiKey: '' }, { type: 'exec', command: 'rm' },
      { type: 'verify', baseUrl: 1, apiKey: 'k' }, { type: 'verify', baseUrl: 'u' }, { type: 'save', baseUrl: 'u', apiKey: 'k', model: 'm', scope: 'global' },
      { type: 'open', target: 'https://evil.example' }, { type: 'copy', what: 'secrets' }, { type: 'ready', extra: true },
      { type: 'verify', baseUrl: 'x'.repeat(5000), apiKey: 'k' },
    ];
    for (const m of invalid) assert.equal(parseWebviewMessage(m), undefined, JSON.stringify(m)?.slice(0, 80));
  });

  it('host → webview: accepts valid messages', () => {
    const valid = [
      { type: 'init', strings: { verify: 'Verify' }, state: { baseUrl: 'u', defaultBaseUrl: 'u', model: '', hasKey: false, isCursor: true, hasWorkspace: false, useBaseUrlAsEntered: false } },
      { type: 'init', strings: {}, l10n: { Hello: 'Hola' }, state: { baseUrl: 'u', defaultBaseUrl: 'u', model: 'm', hasKey: true, keyRedacted: 'sk-ru…a1b2', isCursor: false, hasWorkspace: true, useBaseUrlAsEntered: true } },
      { type: 'step', step: { name: 'models', state: 'ok', status: 200, latencyMs: 12, requestId: 'r', modelCount: 5 } },
      { type: 'step', step: { name: 'chat', state: 'running' } },
      { type: 'models', models: ['a', 'b'], selected: 'a' },
      { type: 'verifyDone', ok: false, cancelled: false, diagnosis: { code: 'unauthorized', severity: 'error', title: 't', detail: 'd', short: '401', fixes: [{ kind: 'open_tokens', label: 'Open Tokens' }], status: 401 } },
      { type: 'saved', baseUrl: 'u', model: 'm', scope: 'user', keyRedacted: 'sk-…' },
      { type: 'saveFailed', message: 'x' },
      { type: 'announce', text: 'x' },
      { type: 'savedSettings', baseUrl: 'https://api.rutaapi.com/v1', model: 'gpt-4.1' },
    ];
    for (const m of valid) assert.ok(parseHostMessage(m), JSON.stringify(m));
  });

  it('host → webview: rejects malformed/unknown messages, and no message type can carry a key field', () => {
    const invalid = [
      null, {}, { type: 'eval', code: 'x' }, { type: 'step', step: { name: 'other', state: 'ok' } }, { type: 'models', models: [1] },
      { type: 'saved', baseUrl: 'u', model: 'm', scope: 'user', keyRedacted: 'x', apiKey: 'sk-secret' },
      { type: 'announce', text: 'x', apiKey: 'sk-secret' },
      { type: 'savedSettings', baseUrl: 'u', model: 'm', apiKey: 'sk-secret' },
    ];
    for (const m of invalid) assert.equal(parseHostMessage(m), undefined, JSON.stringify(m));
  });

  it('fuzz: parsers never throw on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        parseHostMessage(v);
        parseWebviewMessage(v);
      }),
      { numRuns: 1000 },
    );
  });
});
