import { strict as assert } from 'node:assert';
import type { VerificationResult } from '../../../src/core/types';
import { describeStatus } from '../../../src/host/statusBar';

function result(ok: boolean, over: Partial<VerificationResult['diagnosis']> = {}): VerificationResult {
  return {
    ok,
    diagnosis: { code: ok ? 'ok' : 'insufficient_credits', severity: ok ? 'info' : 'error', title: ok ? 'OK' : 'No credits left', detail: 'Add credits in Billing.', fixes: [], evidence: {}, short: ok ? 'OK' : 'No credits', ...over },
    baseUrl: { input: 'https://api.rutaapi.com/v1', normalized: 'https://api.rutaapi.com/v1', findings: [], asEntered: false },
    key: { cleaned: null, redacted: 'sk-ru…a1b2', findings: [] },
    steps: [
      { name: 'models', ok: true, status: 200, requestId: 'req_1', latencyMs: 120, code: 'ok' },
      { name: 'chat', ok, status: ok ? 200 : 403, requestId: 'req_2', latencyMs: 300, code: ok ? 'ok' : 'insufficient_credits' },
    ],
    models: ['gpt-4.1'],
    model: 'gpt-4.1',
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
  };
}

const checked = (r: VerificationResult, model = 'gpt-4.1') =>
  ({ kind: 'checked', result: r, checkedAt: 0, model, baseUrl: 'https://api.rutaapi.com/v1', keyRedacted: 'sk-ru…a1b2' }) as const;

describe('host status bar', () => {
  const time = () => '12:00:00';

  it('not configured', () => {
    const v = describeStatus({ kind: 'notConfigured', reason: 'noKey' }, time);
    assert.match(v.text, /^\$\(plug\) RutaAPI: Set up$/);
    assert.equal(v.tone, 'normal');
  });

  it('checking shows a spinner', () => {
    assert.match(describeStatus({ kind: 'checking' }, time).text, /^\$\(sync~spin\)/);
  });

  it('connected shows the model name with a check and a full tooltip', () => {
    const v = describeStatus(checked(result(true)), time);
    assert.equal(v.text, '$(check) gpt-4.1');
    assert.equal(v.tone, 'normal');
    for (const part of ['api\\.rutaapi\\.com/v1', 'gpt\\-4\\.1', 'sk\\-ru…a1b2', '12\\:00\\:00', '420 ms']) assert.ok(v.tooltip.includes(part), `${part} in ${v.tooltip}`);
  });

  it('error carries the short cause and the diagnosis', () => {
    const v = describeStatus(checked(result(false)), time);
    assert.equal(v.text, '$(error) RutaAPI: No credits');
    assert.equal(v.tone, 'error');
    assert.match(v.tooltip, /No credits left/);
    const w = describeStatus(checked(result(false, { severity: 'warning', short: '429', code: 'rate_limited' })), time);
    assert.equal(w.text, '$(warning) RutaAPI: 429');
    assert.equal(w.tone, 'warning');
  });

  it('keychain failure is a warning that says what to do', () => {
    const v = describeStatus({ kind: 'notConfigured', reason: 'keychainError', message: 'The system keychain is not available' }, time);
    assert.equal(v.tone, 'warning');
    assert.match(v.tooltip, /keychain/);
  });

  it('escapes markdown in values', () => {
    const r = result(false, { title: '[click](command:evil)' });
    const v = describeStatus(checked(r), time);
    assert.ok(!v.tooltip.includes('[click](command:evil)'));
  });
});
