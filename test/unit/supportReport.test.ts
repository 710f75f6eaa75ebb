import { strict as assert } from 'node:assert';
import { analyzeApiKey, keyPrefix } from '../../src/core/apiKey';
import { analyzeBaseUrl } from '../../src/core/baseUrl';
import { buildSupportReport, estimateChatRequestBytes } from '../../src/core/supportReport';
import type { VerificationResult } from '../../src/core/types';

const KEY = `sk-ruta-sandbox-ok-${Date.now().toString(36)}UNIQUE9q8w7e6r`;

function result(overrides: Partial<VerificationResult> = {}): VerificationResult {
  return {
    ok: false,
    diagnosis: {
      code: 'model_not_found',
      severity: 'error',
      title: 'The model is not in your account',
      detail: `The model "gpt-5-ultra" is not available. Closest: gpt-4o-mini. Key ${KEY} was used.`,
      fixes: [{ kind: 'pick_model', label: 'Use gpt-4o-mini', value: 'gpt-4o-mini' }],
      evidence: {
        status: 404,
        requestId: 'req_chat_222',
        errorCode: 'model_not_found',
        errorType: 'invalid_request_error',
        errorMessage: `The model gpt-5-ultra does not exist (Authorization: Bearer ${KEY})`,
        url: 'https://api.rutaapi.com/v1/chat/completions',
      },
      short: '404',
    },
    baseUrl: analyzeBaseUrl(' https://api.rutaapi.com/v1/ \n'),
    key: analyzeApiKey(`Bearer ${KEY}`),
    steps: [
      {
        name: 'models',
        ok: true,
        status: 200,
        requestId: 'req_models_111',
        latencyMs: 42.4,
        code: 'ok',
        modelCount: 5,
        contentType: 'application/json',
      },
      { name: 'chat', ok: false, status: 404, requestId: 'req_chat_222', latencyMs: 88, code: 'model_not_found', requestBytes: 97 },
    ],
    models: ['gpt-4o-mini', 'gpt-4.1'],
    model: 'gpt-5-ultra',
    startedAt: '2025-03-04T05:06:07.089Z',
    finishedAt: '2025-03-04T05:06:07.300Z',
    ...overrides,
  };
}

describe('core supportReport', () => {
  const ctx = { appName: 'Cursor', appVersion: '0.48.1', extensionVersion: '0.1.0', now: new Date('2025-03-04T05:10:00Z') };

  it('contains everything the guide asks for', () => {
    const text = buildSupportReport(result(), ctx);
    assert.match(text, /Request time \(UTC\): 2025-03-04T05:06:07\.089Z/);
    assert.match(text, /Model name: gpt-5-ultra/);
    assert.match(text, /Error code: model_not_found, HTTP 404, body code model_not_found, type invalid_request_error/);
    assert.match(text, /Base URL: https:\/\/api\.rutaapi\.com\/v1\n/);
    assert.match(text, /Base URL as entered: " https:\/\/api\.rutaapi\.com\/v1\/ \\n"/);
    assert.match(text, /Request ID\(s\): req_models_111, req_chat_222/);
    assert.match(text, /Approximate request size: 97 bytes/);
    assert.match(text, /API key prefix: sk-ru…\n/, 'the guide asks for the key prefix only');
    assert.ok(!text.includes(KEY.slice(-4)), 'not even the last 4 characters of the key');
    assert.match(text, /Diagnosis: The model is not in your account \[model_not_found\]/);
    assert.match(text, /Editor: Cursor 0\.48\.1/);
    assert.match(text, /RutaAPI Connect version: 0\.1\.0/);
    assert.match(text, /Report created \(UTC\): 2025-03-04T05:10:00\.000Z/);
    assert.match(text, /1\. GET \/models: ok, HTTP 200, request id req_models_111, 42 ms/);
    assert.match(text, /2\. POST \/chat\/completions: failed, HTTP 404, request id req_chat_222/);
  });

  it('never contains the key, even when the diagnosis text quotes it', () => {
    const text = buildSupportReport(result(), ctx);
    assert.ok(!text.includes(KEY));
    assert.ok(!text.includes(KEY.slice(5, 25)));
    assert.ok(text.includes(keyPrefix(result().key.cleaned)), 'the quoted key is replaced by its prefix');
    assert.ok(!text.includes(result().key.redacted), 'prefix only: no last 4 characters, even where the key was quoted');
  });

  it('never contains extra secrets given in the context, nor Base URL credentials', () => {
    const r = result({ baseUrl: analyzeBaseUrl('https://admin:hunter2-Secret@api.rutaapi.com/v1') });
    const text = buildSupportReport(r, { ...ctx, secrets: ['raw-typed-key-value-123456'] });
    assert.ok(!text.includes('hunter2-Secret'));
    assert.ok(!text.includes('admin:'));
    const r2 = result({ diagnosis: { ...result().diagnosis, detail: 'echo raw-typed-key-value-123456' } });
    assert.ok(!buildSupportReport(r2, { secrets: ['raw-typed-key-value-123456'] }).includes('raw-typed-key-value-123456'));
  });

  it('estimates the chat request size when the step did not record it; models-only says so', () => {
    const steps = result().steps.map((s) => ({ ...s, requestBytes: undefined }));
    const text = buildSupportReport(result({ steps }), ctx);
    assert.ok(text.includes(`Approximate request size: ${estimateChatRequestBytes('gpt-5-ultra')} bytes`));
    assert.ok(estimateChatRequestBytes('gpt-5-ultra') > 50);

    const modelsOnly = buildSupportReport(
      result({ model: undefined, steps: [result().steps[0]!], diagnosis: { ...result().diagnosis, code: 'ok', evidence: {} }, ok: true }),
      ctx,
    );
    assert.match(modelsOnly, /Model name: \(none: only \/models was checked\)/);
    assert.match(modelsOnly, /Approximate request size: 0 bytes/);
    assert.match(modelsOnly, /Result: OK/);
  });

  it('network failures: no status, network code shown, no request id', () => {
    const r = result({
      diagnosis: {
        code: 'dns_failure',
        severity: 'error',
        title: 'Host not found',
        detail: 'ENOTFOUND',
        fixes: [],
        evidence: { networkCode: 'ENOTFOUND' },
        short: 'DNS',
      },
      steps: [{ name: 'models', ok: false, status: null, requestId: null, latencyMs: 5, code: 'dns_failure' }],
      model: undefined,
    });
    const text = buildSupportReport(r, {});
    assert.match(text, /Error code: dns_failure, network ENOTFOUND/);
    assert.match(text, /Request ID\(s\): \(none\)/);
    assert.match(text, /Editor: unknown/);
  });

  it('shows the foreign key platform and findings by code only', () => {
    const key = 'sk-or-v1-0123456789abcdefDEADBEEF';
    const text = buildSupportReport(result({ key: analyzeApiKey(key), baseUrl: analyzeBaseUrl('https://openrouter.ai/api/v1') }), ctx);
    assert.match(text, /Key format looks like: OpenRouter/);
    assert.match(text, /API key findings: foreign_key_format \(warning\)/);
    assert.match(text, /Base URL findings: foreign_provider \(warning\)/);
    assert.ok(!text.includes(key));
  });

  it('does not throw on a sparse result', () => {
    const text = buildSupportReport({} as VerificationResult);
    assert.match(text, /RutaAPI Connect support report/);
  });
});

describe('core supportReport: text from the network is inert', () => {
  const HOSTILE = '\x1b[2J\x1b]52;c;Y3VybCBldmlsIHwgc2g=\x07\r✓ Connected\u009b31m\u202egnp.exe\u200b\x7f';
  /** Raw controls other than the newline between report lines, C1, DEL, bidi and zero-width characters. */
  // eslint-disable-next-line no-control-regex -- the raw characters a hostile gateway sends
  const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/;
  const ctx = { appName: `Cursor${HOSTILE}`, appVersion: '0.48.1', extensionVersion: '0.1.0', now: new Date('2025-03-04T05:10:00Z') };

  it('escapes controls, C1, bidi and zero-width characters in every network-derived field; one line per field', () => {
    const base = result();
    const r = result({
      model: `gpt${HOSTILE}`,
      diagnosis: {
        ...base.diagnosis,
        title: `HTML page ("${HOSTILE}")`,
        detail: `The server says: "${HOSTILE}"\nsecond line`,
        evidence: {
          status: 400,
          requestId: `req_e${HOSTILE}`,
          errorCode: `code${HOSTILE}`,
          errorType: `type${HOSTILE}`,
          errorMessage: `msg${HOSTILE}`,
          url: `https://api.rutaapi.com/v1/models${HOSTILE}`,
          location: `https://evil.test/${HOSTILE}`,
          contentType: `text/html${HOSTILE}`,
          networkCode: `E${HOSTILE}`,
        },
      },
      baseUrl: analyzeBaseUrl(`https://api.rutaapi.com/v1/${HOSTILE}`),
      steps: [
        {
          name: 'models',
          ok: true,
          status: 200,
          requestId: `req_m${HOSTILE}`,
          latencyMs: 1,
          code: 'ok',
          modelCount: 5,
          contentType: `application/json${HOSTILE}`,
        },
        { name: 'chat', ok: false, status: 400, requestId: `req_c${HOSTILE}`, latencyMs: 2, code: 'request_rejected' },
      ],
    });
    const text = buildSupportReport(r, ctx);
    assert.doesNotMatch(text, RAW_CONTROL, JSON.stringify(text));
    assert.ok(text.includes('\\x1b[2J'), 'visible escape for ESC');
    assert.ok(text.includes('\\u202e'), 'visible escape for the bidi override');
    // Each field stays on its line: the hostile \r and the \n in the detail do not start a new line.
    assert.match(text, /^Detail: The server says: .* second line$/m);
    assert.ok(!text.split('\n').some((l) => l.startsWith('✓ Connected')), text);
  });

  it('Base URL as entered: no query or fragment, and says it had one', () => {
    const text = buildSupportReport(
      result({ baseUrl: analyzeBaseUrl('https://api.rutaapi.com/v1/?pass=hunter2-Secret#tok-Fragment9') }),
      ctx,
    );
    assert.ok(!text.includes('hunter2-Secret'), text);
    assert.ok(!text.includes('tok-Fragment9'), text);
    assert.match(text, /^Base URL as entered: "https:\/\/api\.rutaapi\.com\/v1\/" \(query and fragment removed\)$/m);
    const bad = buildSupportReport(result({ baseUrl: analyzeBaseUrl('not a url?token=hunter2-Secret') }), ctx);
    assert.ok(!bad.includes('hunter2-Secret'), bad);
    assert.match(bad, /^Base URL as entered: "not a url" \(query removed\)$/m);
  });
});

describe('support report: scrub before any cut', () => {
  it('a key echoed where the 300-character cut falls leaves none of its characters', () => {
    const secret = 'Zq7Xw2Vb9Nm4Lk8Jh3Gf6Dd1Ss5Aa0PpOoIiUuYyTt';
    const base = result();
    const message = `${'x'.repeat(280)}${secret} tail`;
    const withEcho: VerificationResult = {
      ...base,
      key: analyzeApiKey(secret),
      diagnosis: {
        ...base.diagnosis,
        detail: `${'y'.repeat(480)}${secret}`,
        evidence: { ...base.diagnosis.evidence, errorMessage: message },
      },
    };
    const report = buildSupportReport(withEcho);
    for (let i = 0; i + 8 <= secret.length; i++) {
      assert.ok(!report.includes(secret.slice(i, i + 8)), `key fragment ${secret.slice(i, i + 8)} leaked`);
    }
  });
});
