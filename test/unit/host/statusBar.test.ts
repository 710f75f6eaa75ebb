import { strict as assert } from 'node:assert';
import type { VerificationResult } from '../../../src/core/types';
import type { AccountFigures } from '../../../src/core/gatewayAccount/types';
import { describeStatus, lastRequestId, type StatusAccount } from '../../../src/host/commands/statusBar';
import { fakeFigures } from './fakes';

function result(ok: boolean, over: Partial<VerificationResult['diagnosis']> = {}): VerificationResult {
  return {
    ok,
    diagnosis: {
      code: ok ? 'ok' : 'insufficient_credits',
      severity: ok ? 'info' : 'error',
      title: ok ? 'OK' : 'No credits left',
      detail: 'Add credits in Billing.',
      fixes: [],
      evidence: {},
      short: ok ? 'OK' : 'No credits',
      ...over,
    },
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
    for (const part of ['api\\.rutaapi\\.com/v1', 'gpt\\-4\\.1', 'sk\\-ru…a1b2', '12\\:00\\:00', '420 ms'])
      assert.ok(v.tooltip.includes(part), `${part} in ${v.tooltip}`);
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

  it('shows the request id of the last check', () => {
    const v = describeStatus(checked(result(true)), time);
    assert.ok(v.tooltip.includes('Request id: req\\_2'), v.tooltip);
    const r = result(false);
    r.steps = [];
    r.diagnosis.evidence = { requestId: 'ev_9' };
    assert.equal(lastRequestId(r), 'ev_9');
  });

  describe("the key's figures", () => {
    const figures = fakeFigures;
    const acct = (f: AccountFigures | null, lowBalancePercent = 10): StatusAccount => ({
      figures: f,
      lowBalancePercent,
      readAt: 0,
      formatDate: () => '2 Jan 2030',
      now: 0,
    });

    it("a limited key: left, granted and used in the site's unit, and the expiry", () => {
      const v = describeStatus(checked(result(true)), time, acct(figures({ expiresAt: '2030-01-02T00:00:00.000Z' })));
      assert.equal(v.text, '$(check) gpt-4.1');
      assert.equal(v.tone, 'normal');
      for (const part of ['3\\.21 USD left of 10\\.00 USD (32 %)', 'Used: 6\\.79 USD', 'Expires on 2 Jan 2030'])
        assert.ok(v.tooltip.includes(part), `${part} in ${v.tooltip}`);
    });

    it('an unlimited key: its usage', () => {
      const v = describeStatus(
        checked(result(true)),
        time,
        acct(figures({ unlimited: true, granted: null, available: null, used: 12.34 })),
      );
      assert.ok(v.tooltip.includes('Unlimited key · 12\\.34 USD used'), v.tooltip);
      assert.equal(v.tone, 'normal');
    });

    it('under rutaapi.lowBalanceWarning: a warning state (and none with 0)', () => {
      const low = figures({ available: 0.5, used: 9.5 });
      const v = describeStatus(checked(result(true)), time, acct(low));
      assert.equal(v.text, '$(warning) gpt-4.1');
      assert.equal(v.tone, 'warning');
      assert.match(v.tooltip, /5 % of its limit left/);
      assert.equal(describeStatus(checked(result(true)), time, acct(low, 0)).tone, 'normal');
      assert.equal(describeStatus(checked(result(true)), time, acct(low, 4)).tone, 'normal');
      assert.match(describeStatus(checked(result(true)), time, acct(figures({ available: 0 }))).tooltip, /nothing left/);
    });

    it('a failed check keeps its error state; a gateway without figures adds nothing', () => {
      assert.equal(describeStatus(checked(result(false)), time, acct(figures({ available: 0 }))).tone, 'error');
      const none = describeStatus(checked(result(true)), time, acct(null));
      assert.ok(!/balance/.test(none.tooltip));
    });

    it('a hostile unit from the gateway stays inert in the tooltip', () => {
      const v = describeStatus(checked(result(true)), time, acct(figures({ unit: '[click](command:evil) $(alert)' })));
      assert.ok(!v.tooltip.includes('[click](command:evil)'), v.tooltip);
      assert.ok(!/(?<!\\)\$\(alert\)/.test(v.tooltip), v.tooltip);
    });
  });
});
