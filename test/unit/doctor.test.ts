// Terminal doctor: argument parsing and output formatting (pure parts). The built CLI is
// exercised as a child process in test/integration/doctor.test.ts.
import { strict as assert } from 'node:assert';
import { parseArgs } from '../../src/cli/args';
import { renderHuman, toJson } from '../../src/cli/format';
import type { VerificationResult } from '../../src/core/types';

function result(partial: Partial<VerificationResult> = {}): VerificationResult {
  return {
    ok: true,
    diagnosis: { code: 'ok', severity: 'info', title: 'Connected', detail: 'All good.', fixes: [], evidence: {}, short: 'OK' },
    baseUrl: { input: ' https://api.rutaapi.com/v1/ ', normalized: 'https://api.rutaapi.com/v1', findings: [{ code: 'trailing_slash', severity: 'info', message: 'Removed the trailing slash.' }], asEntered: false },
    key: { cleaned: 'sk-secret-should-not-show-1234', redacted: 'sk-se…1234', findings: [] },
    steps: [{ name: 'models', ok: true, status: 200, requestId: 'req_1', latencyMs: 12, code: 'ok', modelCount: 2, contentType: 'application/json' }],
    models: ['gpt-4o-mini', 'deepseek-chat'],
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: '2025-01-01T00:00:01.000Z',
    ...partial,
  };
}

describe('doctor: arguments', () => {
  it('check with every option, both --flag value and --flag=value', () => {
    assert.deepEqual(parseArgs(['check', '--base-url', 'https://x.test/v1', '--model=gpt-4.1', '--timeout', '2.5', '--json', '--key-stdin']), {
      command: 'check', baseUrl: 'https://x.test/v1', model: 'gpt-4.1', timeoutMs: 2500, json: true, keyStdin: true,
    });
  });
  it('defaults to the RutaAPI Base URL', () => {
    assert.deepEqual(parseArgs(['check']), { command: 'check', baseUrl: 'https://api.rutaapi.com/v1', json: false, keyStdin: false });
  });
  it('help, --help, -h and no arguments', () => {
    for (const argv of [['help'], ['--help'], ['-h'], [], ['check', '--help']]) assert.equal(parseArgs(argv).command, 'help');
  });
  it('refuses a key on the command line, explaining why', () => {
    for (const flag of ['--key', '--api-key', '-k', '--key=sk-abc']) {
      const parsed = parseArgs(['check', flag, 'sk-abc']);
      assert.equal(parsed.command, 'usage_error');
      assert.match((parsed as { message: string }).message, /shell history|process list/);
      assert.ok(!(parsed as { message: string }).message.includes('sk-abc'));
    }
  });
  it('usage errors: unknown flag or command, bad --timeout, missing values', () => {
    for (const argv of [['check', '--verbose'], ['frobnicate'], ['check', '--timeout', 'abc'], ['check', '--timeout', '0'], ['check', '--timeout', '-1'], ['check', '--timeout', '9999'], ['check', '--base-url'], ['check', '--model', '--json']]) {
      assert.equal(parseArgs(argv).command, 'usage_error', argv.join(' '));
    }
  });
});

describe('doctor: output', () => {
  it('--json has exactly the documented shape', () => {
    const json = toJson(result({
      ok: false,
      diagnosis: { code: 'rate_limited', severity: 'warning', title: 'T', detail: 'D', fixes: [{ kind: 'retry_after', label: 'Retry in 7 s', value: '7' }, { kind: 'retry', label: 'Try again' }], evidence: { status: 429 }, short: '429' },
    }));
    assert.deepEqual(Object.keys(json), ['ok', 'diagnosis', 'baseUrl', 'key', 'steps', 'models']);
    assert.deepEqual(Object.keys(json.diagnosis), ['code', 'title', 'detail', 'fixes']);
    assert.deepEqual(json.diagnosis.fixes, [{ kind: 'retry_after', label: 'Retry in 7 s', value: '7' }, { kind: 'retry', label: 'Try again' }]);
    assert.deepEqual(json.baseUrl, { input: ' https://api.rutaapi.com/v1/ ', normalized: 'https://api.rutaapi.com/v1', findings: [{ code: 'trailing_slash', severity: 'info' }] });
    assert.deepEqual(json.key, { redacted: 'sk-se…1234', findings: [] });
    assert.deepEqual(json.steps, [{ name: 'models', ok: true, status: 200, requestId: 'req_1', latencyMs: 12, code: 'ok' }]);
    assert.deepEqual(json.models, ['gpt-4o-mini', 'deepseek-chat']);
    assert.ok(!JSON.stringify(json).includes('sk-secret-should-not-show'));
  });

  it('human: checklist with ✓, findings, model ids and the --model hint (no guessing)', () => {
    const text = renderHuman(result());
    assert.match(text, /✓ +GET +\/models +200 +12 ms +req_1 +2 models/);
    assert.match(text, /Removed the trailing slash/);
    assert.match(text, /^ {2}gpt-4o-mini$/m);
    assert.match(text, /--model/);
    assert.ok(!text.includes('sk-secret-should-not-show'));
  });

  it('human: a failure shows ✗, cause, fixes and evidence; lists at most 100 ids', () => {
    const text = renderHuman(result({
      ok: false,
      steps: [{ name: 'models', ok: false, status: 401, requestId: 'req_9', latencyMs: 5, code: 'unauthorized' }],
      models: [],
      diagnosis: { code: 'unauthorized', severity: 'error', title: 'Invalid API key (401 Unauthorized)', detail: 'The key is wrong.', fixes: [{ kind: 'open_tokens', label: 'Open Tokens', value: 'https://app.rutaapi.com/tokens' }], evidence: { status: 401, requestId: 'req_9', errorCode: 'invalid_api_key' }, short: '401' },
    }), { model: 'gpt-4o-mini' });
    assert.match(text, /✗ +GET +\/models +401/);
    assert.match(text, /– +POST \/chat\/completions +not run/);
    assert.match(text, /✗ Invalid API key/);
    assert.match(text, /Cause: The key is wrong\./);
    assert.match(text, /→ Open Tokens: https:\/\/app\.rutaapi\.com\/tokens/);
    assert.match(text, /request id req_9/);
    const many = renderHuman(result({ models: Array.from({ length: 250 }, (_, i) => `m-${i}`) }));
    assert.match(many, /… and 150 more/);
    assert.ok(!many.includes('m-100\n'));
  });

  const failed = (diagnosis: VerificationResult['diagnosis'], steps: VerificationResult['steps']): VerificationResult =>
    result({ ok: false, models: [], steps, diagnosis });
  const timeoutStep: VerificationResult['steps'][number] = { name: 'models', ok: false, status: null, requestId: null, latencyMs: 2001, code: 'timeout' };
  const timeoutDiagnosis: VerificationResult['diagnosis'] = {
    code: 'timeout', severity: 'error', title: 'No answer in time', detail: 'api.rutaapi.com did not answer completely within 2 s.',
    fixes: [{ kind: 'retry', label: 'Try again' }, { kind: 'open_proxy_settings', label: 'Open proxy settings (http.proxy, http.proxyStrictSSL)', value: 'http.proxy' }],
    evidence: { networkCode: 'EngineAbort', url: 'https://api.rutaapi.com/v1/models', errorMessage: 'Deadline exceeded' }, short: 'Timeout',
  };

  it('human: a local/network error is labelled "Error", not "Server message"', () => {
    const text = renderHuman(failed(timeoutDiagnosis, [timeoutStep]));
    assert.match(text, /^ {2}Error: Deadline exceeded$/m);
    assert.doesNotMatch(text, /Server message/);
    const dns = renderHuman(failed({
      ...timeoutDiagnosis, code: 'dns_failure', title: 'The host name could not be found', detail: 'nonexistent.invalid could not be resolved (DNS).', fixes: [],
      evidence: { networkCode: 'ENOTFOUND', url: 'https://nonexistent.invalid/v1/models', errorMessage: 'fetch failed — getaddrinfo ENOTFOUND nonexistent.invalid' },
    }, [{ ...timeoutStep, code: 'dns_failure' }]));
    assert.match(dns, /^ {2}Error: fetch failed — getaddrinfo ENOTFOUND nonexistent\.invalid$/m);
    assert.doesNotMatch(dns, /Server message/);
  });

  it('human: server text already quoted in the cause is not repeated; otherwise it is shown as "Server message"', () => {
    const message = 'Insufficient balance: your account has no credits left.';
    const diagnosis: VerificationResult['diagnosis'] = {
      code: 'insufficient_credits', severity: 'error', title: 'No credits left (HTTP 403)', detail: `No credits. The server says: "${message}"`,
      fixes: [], evidence: { status: 403, requestId: 'req_2', errorMessage: message }, short: 'No credits',
    };
    const steps: VerificationResult['steps'] = [{ name: 'models', ok: false, status: 403, requestId: 'req_2', latencyMs: 9, code: 'insufficient_credits' }];
    const quoted = renderHuman(failed(diagnosis, steps));
    assert.equal(quoted.split(message).length - 1, 1, quoted);
    assert.doesNotMatch(quoted, /Server message|Error:/);
    const notQuoted = renderHuman(failed({ ...diagnosis, detail: 'No credits.' }, steps));
    assert.match(notQuoted, new RegExp(`^ {2}Server message: ${message}$`, 'm'));
  });

  it('human: a terminal hint follows the proxy-settings fix (TLS: NODE_EXTRA_CA_CERTS; others: no HTTPS_PROXY); --json unchanged', () => {
    const timeout = renderHuman(failed(timeoutDiagnosis, [timeoutStep]));
    assert.match(timeout, /→ Open proxy settings \(http\.proxy, http\.proxyStrictSSL\)\n {6}In a terminal: Node's built-in fetch does not use HTTPS_PROXY; .*VS Code/);
    assert.doesNotMatch(timeout, /NODE_EXTRA_CA_CERTS/);
    for (const code of ['proxy_error', 'dns_failure', 'connection_reset'] as const) {
      assert.match(renderHuman(failed({ ...timeoutDiagnosis, code }, [timeoutStep])), /In a terminal: Node's built-in fetch does not use HTTPS_PROXY/, code);
    }
    const tls = renderHuman(failed({ ...timeoutDiagnosis, code: 'tls_error', evidence: { networkCode: 'SELF_SIGNED_CERT_IN_CHAIN' } }, [timeoutStep]));
    assert.match(tls, /→ Open proxy settings .*\n {6}In a terminal: .*NODE_EXTRA_CA_CERTS=\/path\/to\/ca\.pem/);
    assert.doesNotMatch(tls, /HTTPS_PROXY/);
    // No proxy fix, no hint.
    assert.doesNotMatch(renderHuman(failed({ ...timeoutDiagnosis, fixes: [{ kind: 'retry', label: 'Try again' }] }, [timeoutStep])), /In a terminal/);
    const json = toJson(failed(timeoutDiagnosis, [timeoutStep]));
    assert.deepEqual(json.diagnosis.fixes, timeoutDiagnosis.fixes);
    assert.ok(!JSON.stringify(json).includes('In a terminal'));
  });

  it('human: checklist columns line up, also for a step that did not run or got no HTTP answer', () => {
    const text = renderHuman(failed(timeoutDiagnosis, [timeoutStep]), { model: 'gpt-4o-mini' });
    const rows = text.split('\n').filter((l) => /\/(models|chat\/completions)/.test(l) && /^ {2}[✓✗–] /.test(l));
    assert.equal(rows.length, 2, text);
    const column = (row: string, re: RegExp): number => row.search(re);
    assert.equal(column(rows[0], /(GET|POST) /), column(rows[1], /(GET|POST) /), rows.join('\n'));
    assert.doesNotMatch(text, /---/);
    assert.match(rows[0], /GET +\/models +— +2001 ms +timeout/);
    const ok = renderHuman(result(), { model: 'gpt-4o-mini' }).split('\n').find((l) => l.includes('GET  /models')) as string;
    assert.equal(column(ok, /\d+ ms/) + String(12).length, column(rows[0], /\d+ ms/) + String(2001).length, 'latency column');
    assert.equal(column(ok, /(GET|POST) /), column(rows[1], /(GET|POST) /));
  });
});
