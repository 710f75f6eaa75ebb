import { strict as assert } from 'node:assert';
import { webviewStrings } from '../../../src/host/panel/webviewStrings';
import type { DiagnosisView } from '../../../src/protocol/messages';
import { diagnosisCard, fixAction } from '../../../src/webview/diagnosisView';
import { createStrings } from '../../../src/webview/strings';

const { fmt } = createStrings(webviewStrings());
const diagnosis = (over: Partial<DiagnosisView> = {}): DiagnosisView => ({
  code: 'rate_limited',
  severity: 'warning',
  title: 'Too many requests',
  detail: 'RutaAPI asked to wait 7 s.',
  short: 'rate limited',
  fixes: [],
  ...over,
});

describe('webview diagnosis card view', () => {
  it('title, detail, code, severity and its icon', () => {
    const v = diagnosisCard(diagnosis(), fmt);
    assert.equal(v.code, 'rate_limited');
    assert.equal(v.severity, 'warning');
    assert.equal(v.icon, 'warning');
    assert.equal(v.title, 'Too many requests');
    assert.equal(v.detail, 'RutaAPI asked to wait 7 s.');
    assert.equal(diagnosisCard(diagnosis({ severity: 'error' }), fmt).icon, 'error');
    assert.equal(diagnosisCard(diagnosis({ severity: 'info' }), fmt).icon, 'warning');
  });

  it('evidence: HTTP status and request id, when present', () => {
    assert.equal(diagnosisCard(diagnosis({ status: 429, requestId: 'req_123' }), fmt).evidence, 'HTTP 429 · request id req_123');
    assert.equal(diagnosisCard(diagnosis({ status: 0 }), fmt).evidence, 'HTTP 0');
    assert.equal(diagnosisCard(diagnosis({ requestId: 'req_9' }), fmt).evidence, 'request id req_9');
    assert.equal(diagnosisCard(diagnosis(), fmt).evidence, '');
  });

  it('fixes keep their order, label, kind and value', () => {
    const v = diagnosisCard(
      diagnosis({
        fixes: [
          { kind: 'open_tokens', label: 'Open Tokens' },
          { kind: 'pick_model', label: 'Use gpt-4o-mini', value: 'gpt-4o-mini' },
        ],
      }),
      fmt,
    );
    assert.deepEqual(
      v.fixes.map((f) => [f.kind, f.label, f.value]),
      [
        ['open_tokens', 'Open Tokens', undefined],
        ['pick_model', 'Use gpt-4o-mini', 'gpt-4o-mini'],
      ],
    );
    assert.deepEqual(v.fixes[1].action, { kind: 'pickModel', id: 'gpt-4o-mini' });
  });

  it('a retry_after fix with a positive value counts down that many seconds', () => {
    const secs = (value: string | undefined) =>
      diagnosisCard(diagnosis({ fixes: [{ kind: 'retry_after', label: 'Retry in 7 s', value }] }), fmt).fixes[0].retryAfterSeconds;
    assert.equal(secs('7'), 7);
    assert.equal(secs('2.5'), 2.5);
    assert.equal(secs('0'), undefined);
    assert.equal(secs(undefined), undefined);
    assert.equal(secs('soon'), undefined);
    const retry = diagnosisCard(diagnosis({ fixes: [{ kind: 'retry', label: 'Retry', value: '7' }] }), fmt).fixes[0];
    assert.equal(retry.retryAfterSeconds, undefined);
  });
});

describe('webview diagnosis fix actions', () => {
  it('maps every fix kind to what the button does', () => {
    assert.deepEqual(fixAction('use_url', 'https://api.rutaapi.com/v1'), { kind: 'useUrl', url: 'https://api.rutaapi.com/v1' });
    assert.deepEqual(fixAction('open_tokens', undefined), { kind: 'open', target: 'tokens' });
    assert.deepEqual(fixAction('open_billing', undefined), { kind: 'open', target: 'billing' });
    assert.deepEqual(fixAction('open_dashboard', undefined), { kind: 'open', target: 'dashboard' });
    assert.deepEqual(fixAction('contact_support', undefined), { kind: 'open', target: 'support' });
    assert.deepEqual(fixAction('open_proxy_settings', undefined), { kind: 'open', target: 'proxySettings' });
    assert.deepEqual(fixAction('pick_model', 'gpt-4o'), { kind: 'pickModel', id: 'gpt-4o' });
    assert.deepEqual(fixAction('edit_key', undefined), { kind: 'focus', field: 'apiKey' });
    assert.deepEqual(fixAction('edit_base_url', undefined), { kind: 'focus', field: 'baseUrl' });
    assert.deepEqual(fixAction('confirm_insecure', undefined), { kind: 'verify', allowInsecureHttp: true });
    assert.deepEqual(fixAction('retry', undefined), { kind: 'verify', allowInsecureHttp: false });
    assert.deepEqual(fixAction('retry_after', '7'), { kind: 'verify', allowInsecureHttp: false });
  });

  it('without a value: use_url does nothing, pick_model shows every model', () => {
    assert.deepEqual(fixAction('use_url', undefined), { kind: 'none' });
    assert.deepEqual(fixAction('use_url', ''), { kind: 'none' });
    assert.deepEqual(fixAction('pick_model', undefined), { kind: 'pickModel', id: undefined });
    assert.deepEqual(fixAction('pick_model', ''), { kind: 'pickModel', id: undefined });
  });

  it('unknown kinds do nothing (including inherited property names)', () => {
    assert.deepEqual(fixAction('something_new', 'x'), { kind: 'none' });
    assert.deepEqual(fixAction('toString', undefined), { kind: 'none' });
  });
});
