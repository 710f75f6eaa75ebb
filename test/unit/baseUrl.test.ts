import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { analyzeBaseUrl, hostToUnicode, isLoopbackHost, isPrivateHost, withV1 } from '../../src/core/baseUrl';
import { setTranslator } from '../../src/core/l10n';
import type { BaseUrlAnalysis, BaseUrlFindingCode } from '../../src/core/types';

const RUTA = 'https://api.rutaapi.com/v1';

function codes(a: BaseUrlAnalysis): BaseUrlFindingCode[] {
  return a.findings.map((f) => f.code);
}
function get(a: BaseUrlAnalysis, code: BaseUrlFindingCode) {
  const f = a.findings.find((x) => x.code === code);
  assert.ok(f, `expected finding ${code}, got ${JSON.stringify(codes(a))}`);
  return f;
}

describe("core baseUrl: the guide's cases", () => {
  it('https://api.rutaapi.com/v1 is clean', () => {
    const a = analyzeBaseUrl(RUTA);
    assert.equal(a.normalized, RUTA);
    assert.deepEqual(a.findings, []);
    assert.equal(a.input, RUTA);
    assert.equal(a.asEntered, false);
  });

  it('https://rutaapi.com is the marketing site: error, suggested, not replaced', () => {
    const a = analyzeBaseUrl('https://rutaapi.com');
    const f = get(a, 'marketing_site');
    assert.equal(f.severity, 'error');
    assert.equal(f.suggestedUrl, RUTA);
    assert.match(f.message, /website/);
    assert.equal(a.normalized, 'https://rutaapi.com');
  });

  it('www.rutaapi.com with any path is the marketing site', () => {
    for (const input of [
      'https://www.rutaapi.com',
      'https://www.rutaapi.com/pricing',
      'rutaapi.com/docs/cursor',
      'https://rutaapi.com/v1',
    ]) {
      const a = analyzeBaseUrl(input);
      assert.equal(get(a, 'marketing_site').suggestedUrl, RUTA, input);
      assert.notEqual(a.normalized, RUTA, input);
    }
  });

  it('https://app.rutaapi.com (any path) is the dashboard: error, suggested, not replaced', () => {
    for (const input of ['https://app.rutaapi.com', 'https://app.rutaapi.com/tokens', 'app.rutaapi.com/v1']) {
      const a = analyzeBaseUrl(input);
      const f = get(a, 'dashboard_url');
      assert.equal(f.severity, 'error');
      assert.equal(f.suggestedUrl, RUTA);
      assert.match(a.normalized ?? '', /^https:\/\/app\.rutaapi\.com/);
    }
  });

  it('https://api.rutaapi.com/v1/chat/completions: endpoint stripped, root suggested', () => {
    const a = analyzeBaseUrl('https://api.rutaapi.com/v1/chat/completions');
    assert.equal(a.normalized, RUTA);
    const f = get(a, 'endpoint_as_base_url');
    assert.equal(f.suggestedUrl, RUTA);
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /chat\/completions/);
    assert.ok(!codes(a).includes('missing_v1'));
  });

  it('https://api.rutaapi.com: missing /v1 reported with suggestion, normalized keeps what was typed', () => {
    const a = analyzeBaseUrl('https://api.rutaapi.com');
    assert.equal(a.normalized, 'https://api.rutaapi.com');
    const f = get(a, 'missing_v1');
    assert.equal(f.suggestedUrl, RUTA);
    assert.equal(f.severity, 'warning');
    // trailing slash variant
    const b = analyzeBaseUrl('https://api.rutaapi.com/');
    assert.equal(b.normalized, 'https://api.rutaapi.com');
    assert.deepEqual(codes(b).sort(), ['missing_v1', 'trailing_slash']);
  });

  it('api.rutaapi.com/v1 gets https:// added', () => {
    const a = analyzeBaseUrl('api.rutaapi.com/v1');
    assert.equal(a.normalized, RUTA);
    assert.deepEqual(codes(a), ['missing_scheme']);
    assert.equal(get(a, 'missing_scheme').severity, 'info');
  });

  it('" https://api.rutaapi.com/v1/ \\n": whitespace and trailing slash fixed', () => {
    const a = analyzeBaseUrl(' https://api.rutaapi.com/v1/ \n');
    assert.equal(a.normalized, RUTA);
    assert.deepEqual(codes(a).sort(), ['trailing_slash', 'whitespace']);
    assert.equal(get(a, 'whitespace').severity, 'info');
    assert.equal(a.input, ' https://api.rutaapi.com/v1/ \n');
  });
});

describe('core baseUrl: every finding code', () => {
  it('empty (also whitespace only)', () => {
    for (const input of ['', '   ', '\n\t']) {
      const a = analyzeBaseUrl(input);
      assert.equal(a.normalized, null);
      assert.deepEqual(codes(a), ['empty']);
      assert.equal(get(a, 'empty').severity, 'error');
      assert.equal(get(a, 'empty').suggestedUrl, RUTA);
    }
  });

  it('whitespace inside the URL is an error, not silently fixed', () => {
    const a = analyzeBaseUrl('https://api.rutaapi.com/v1\nhttps://api.rutaapi.com/v1');
    assert.equal(a.normalized, null);
    assert.equal(get(a, 'whitespace').severity, 'error');
    assert.equal(analyzeBaseUrl('https://api.ruta api.com/v1').normalized, null);
  });

  it('missing_scheme also for //host and host:port', () => {
    assert.equal(analyzeBaseUrl('//api.rutaapi.com/v1').normalized, RUTA);
    assert.ok(codes(analyzeBaseUrl('//api.rutaapi.com/v1')).includes('missing_scheme'));
    const a = analyzeBaseUrl('gateway.example.com:8443/v1');
    assert.equal(a.normalized, 'https://gateway.example.com:8443/v1');
    assert.ok(codes(a).includes('missing_scheme'));
    assert.equal(analyzeBaseUrl('https:api.rutaapi.com/v1').normalized, RUTA);
  });

  it('unsupported_scheme: ftp:, javascript:, file:, mailto:, ws:', () => {
    for (const input of [
      'ftp://api.rutaapi.com/v1',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'mailto:me@example.com',
      'ws://api.rutaapi.com/v1',
    ]) {
      const a = analyzeBaseUrl(input);
      assert.equal(a.normalized, null, input);
      const f = get(a, 'unsupported_scheme');
      assert.equal(f.severity, 'error');
    }
    assert.equal(get(analyzeBaseUrl('ftp://api.rutaapi.com/v1'), 'unsupported_scheme').suggestedUrl, RUTA);
  });

  it('unparseable text', () => {
    for (const input of ['hello', 'https://', 'http://[::1', '???', 'https://exa mple.com', '.', '-.-']) {
      const a = analyzeBaseUrl(input);
      assert.equal(a.normalized, null, input);
      assert.ok(
        a.findings.some((f) => f.severity === 'error'),
        input,
      );
    }
    assert.ok(codes(analyzeBaseUrl('hello')).includes('unparseable'));
    assert.ok(codes(analyzeBaseUrl('https://')).includes('unparseable'));
  });

  it('unparseable when far too long (one finding, no path analysis of 170,000 characters)', () => {
    const a = analyzeBaseUrl(`https://api.rutaapi.com/${'chat/completions/'.repeat(10_000)}`);
    assert.equal(a.normalized, null);
    assert.deepEqual(codes(a), ['unparseable']);
  });

  it('insecure_http for non-loopback hosts, with the https URL suggested', () => {
    const a = analyzeBaseUrl('http://api.rutaapi.com/v1');
    const f = get(a, 'insecure_http');
    assert.equal(f.severity, 'error');
    assert.equal(f.suggestedUrl, RUTA);
    assert.equal(a.normalized, 'http://api.rutaapi.com/v1'); // not silently upgraded
    assert.equal(get(analyzeBaseUrl('http://gw.example.com:8080/v1'), 'insecure_http').suggestedUrl, 'https://gw.example.com:8080/v1');
  });

  it('no insecure_http for loopback', () => {
    for (const input of ['http://localhost:8080/v1', 'http://127.0.0.1:3000/v1', 'http://[::1]:3000/v1']) {
      assert.ok(!codes(analyzeBaseUrl(input)).includes('insecure_http'), input);
    }
  });

  it('credentials_in_url: dropped from normalized, never echoed', () => {
    const a = analyzeBaseUrl('https://user:s3cretPassw0rd@api.rutaapi.com/v1');
    assert.equal(a.normalized, RUTA);
    const f = get(a, 'credentials_in_url');
    assert.equal(f.severity, 'warning');
    for (const x of a.findings) assert.ok(!x.message.includes('s3cretPassw0rd'));
    assert.equal(analyzeBaseUrl('user:pw@api.rutaapi.com/v1').normalized, RUTA);
  });

  it('query_or_fragment: dropped', () => {
    for (const input of ['https://api.rutaapi.com/v1?api_key=abc', 'https://api.rutaapi.com/v1#top', 'https://api.rutaapi.com/v1?']) {
      const a = analyzeBaseUrl(input);
      assert.equal(a.normalized, RUTA, input);
      assert.ok(codes(a).includes('query_or_fragment'), input);
    }
  });

  it('trailing_slash and double_slash', () => {
    const a = analyzeBaseUrl('https://api.rutaapi.com//v1///');
    assert.equal(a.normalized, RUTA);
    assert.ok(codes(a).includes('double_slash'));
    assert.ok(codes(a).includes('trailing_slash'));
    assert.deepEqual(codes(analyzeBaseUrl('https://api.rutaapi.com/v1/')), ['trailing_slash']);
  });

  it('endpoint_as_base_url for every endpoint, with slash, query and any case', () => {
    for (const suffix of [
      'chat/completions',
      'completions',
      'responses',
      'models',
      'embeddings',
      'chat/completions/',
      'models?limit=5',
      'Chat/Completions',
    ]) {
      const a = analyzeBaseUrl(`https://api.rutaapi.com/v1/${suffix}`);
      assert.equal(a.normalized, RUTA, suffix);
      assert.equal(get(a, 'endpoint_as_base_url').suggestedUrl, RUTA, suffix);
    }
    const gw = analyzeBaseUrl('https://gw.example.com/openai/v1/chat/completions');
    assert.equal(gw.normalized, 'https://gw.example.com/openai/v1');
    // a doubled endpoint is stripped completely, so the result is stable
    assert.equal(analyzeBaseUrl('https://api.rutaapi.com/v1/chat/completions/chat/completions').normalized, RUTA);
  });

  it('missing_v1 for other hosts is an info hint only when the path is empty', () => {
    const a = analyzeBaseUrl('https://gateway.example.com');
    const f = get(a, 'missing_v1');
    assert.equal(f.severity, 'info');
    assert.equal(f.suggestedUrl, 'https://gateway.example.com/v1');
    assert.equal(a.normalized, 'https://gateway.example.com');
    assert.deepEqual(codes(analyzeBaseUrl('https://gateway.example.com/openai')), []);
    assert.deepEqual(codes(analyzeBaseUrl('https://gateway.example.com/v1')), []);
  });

  it('missing_v1 for api.rutaapi.com with a wrong path', () => {
    const a = analyzeBaseUrl('https://api.rutaapi.com/api');
    assert.equal(get(a, 'missing_v1').suggestedUrl, RUTA);
    assert.equal(a.normalized, 'https://api.rutaapi.com/api');
  });

  const foreign: Array<[string, string]> = [
    ['https://api.openai.com/v1', 'OpenAI'],
    ['https://openrouter.ai/api/v1', 'OpenRouter'],
    ['https://api.anthropic.com/v1', 'Anthropic'],
    ['https://generativelanguage.googleapis.com/v1beta/openai', 'Google Gemini'],
    ['https://api.groq.com/openai/v1', 'Groq'],
    ['https://api.deepseek.com', 'DeepSeek'],
    ['https://api.x.ai/v1', 'xAI'],
    ['https://api.mistral.ai/v1', 'Mistral'],
    ['https://api.together.xyz/v1', 'Together AI'],
    ['https://api.fireworks.ai/inference/v1', 'Fireworks AI'],
    ['https://api.perplexity.ai', 'Perplexity'],
    ['https://myres.openai.azure.com/openai', 'Azure OpenAI'],
  ];
  for (const [input, name] of foreign) {
    it(`foreign_provider: ${name} (${input})`, () => {
      const a = analyzeBaseUrl(input);
      const f = get(a, 'foreign_provider');
      assert.equal(f.provider, name);
      assert.equal(f.severity, 'warning');
      assert.equal(f.suggestedUrl, RUTA);
      assert.ok(f.message.includes(`${name}'s API`), f.message);
      assert.ok(f.message.includes(RUTA));
      assert.ok(!codes(a).includes('missing_v1'), 'no generic /v1 hint for a known provider');
      assert.notEqual(a.normalized, RUTA, 'never replaced');
    });
  }

  it('the message for OpenRouter reads as in the spec', () => {
    const f = get(analyzeBaseUrl('https://openrouter.ai/api/v1'), 'foreign_provider');
    assert.equal(
      f.message,
      "This is OpenRouter's API; a RutaAPI key will be rejected there. RutaAPI's Base URL is https://api.rutaapi.com/v1.",
    );
  });

  it('local_address for loopback and private ranges, explaining Cursor', () => {
    for (const input of [
      'http://localhost:4000/v1',
      'http://127.0.0.5/v1',
      'http://[::1]:8080/v1',
      'https://10.1.2.3/v1',
      'https://172.16.0.1/v1',
      'https://172.31.255.255/v1',
      'https://192.168.1.10:4000/v1',
      'https://169.254.169.254/v1',
      'https://[fd12:3456::1]/v1',
      'https://[fc00::1]/v1',
      'https://gateway.local/v1',
    ]) {
      const f = get(analyzeBaseUrl(input), 'local_address');
      assert.equal(f.severity, 'warning', input);
      assert.match(f.message, /Cursor/);
      assert.match(f.message, /VS Code/);
    }
    for (const input of ['https://172.32.0.1/v1', 'https://8.8.8.8/v1', RUTA, 'https://[2001:db8::1]/v1']) {
      assert.ok(!codes(analyzeBaseUrl(input)).includes('local_address'), input);
    }
  });

  it('uppercase_host: lowercased, info', () => {
    const a = analyzeBaseUrl('https://API.RutaAPI.com/v1');
    assert.equal(a.normalized, RUTA);
    assert.equal(get(a, 'uppercase_host').severity, 'info');
  });

  it('idn_host: shown in punycode; RutaAPI look-alike with Cyrillic letters is an error', () => {
    const a = analyzeBaseUrl('https://аpi.rutaapi.com/v1'); // Cyrillic "а"
    const f = get(a, 'idn_host');
    assert.equal(f.severity, 'error');
    assert.equal(f.suggestedUrl, RUTA);
    assert.equal(a.normalized, 'https://xn--pi-6kc.rutaapi.com/v1');
    assert.ok(f.message.includes('xn--pi-6kc.rutaapi.com'));

    const b = analyzeBaseUrl('https://api.rutааpi.com/v1'); // two Cyrillic "а"
    assert.equal(get(b, 'idn_host').severity, 'error');
    assert.match(b.normalized ?? '', /xn--/);

    // already in punycode: decoded for the message, still flagged
    const c = analyzeBaseUrl('https://xn--pi-6kc.rutaapi.com/v1');
    assert.equal(get(c, 'idn_host').severity, 'error');
    assert.ok(get(c, 'idn_host').message.includes('аpi.rutaapi.com'));

    const d = analyzeBaseUrl('https://münchen.example/v1');
    assert.equal(get(d, 'idn_host').severity, 'warning');
    assert.equal(d.normalized, 'https://xn--mnchen-3ya.example/v1');
  });

  it('userinfo_host: user info that looks like a host name is an error naming the real host (no credentials_in_url warning only)', () => {
    for (const input of [
      'https://api.rutaapi.com@gw.attacker.example/v1',
      'https://api.rutaapi.com%2F@gw.attacker.example/v1',
      'https://api.rutaapi.com%2Fv1%3F@gw.attacker.example/v1',
      'https://api.rutaapi.com:443@gw.attacker.example/v1',
      'api.rutaapi.com@gw.attacker.example/v1',
      'https://rutaapi@gw.attacker.example/v1',
      'https://RutaAPI:x@gw.attacker.example/v1',
      'https://www.google.com@gw.attacker.example/v1',
    ]) {
      const a = analyzeBaseUrl(input);
      const f = get(a, 'userinfo_host');
      assert.equal(f.severity, 'error', input);
      assert.equal(f.suggestedUrl, RUTA, input);
      assert.ok(f.message.includes('gw.attacker.example'), `${input}: ${f.message}`);
      // Used as entered, the error is kept too.
      assert.equal(get(analyzeBaseUrl(input, { asEntered: true }), 'userinfo_host').severity, 'error', input);
    }
    // The password of user:password is never echoed; the look-alike user name is.
    const p = get(analyzeBaseUrl('https://api.rutaapi.com:s3cretPassw0rd@gw.attacker.example/v1'), 'userinfo_host');
    assert.ok(!p.message.includes('s3cretPassw0rd'), p.message);
    assert.ok(p.message.includes('api.rutaapi.com'), p.message);
    // An ordinary user name (no dot, not RutaAPI) stays a warning.
    const plain = analyzeBaseUrl('https://user:pw@gw.example.com/v1');
    assert.equal(get(plain, 'credentials_in_url').severity, 'warning');
    assert.ok(!codes(plain).includes('userinfo_host'));
  });

  it("lookalike_host: ASCII look-alikes of RutaAPI get a warning; RutaAPI's own hosts and unrelated hosts do not", () => {
    for (const input of [
      'https://api.rutaapi.com.evil.example/v1',
      'https://api-rutaapi.com/v1',
      'https://api.rutaapi.co/v1',
      'https://api.rutapi.com/v1',
      'https://api.rutaapi.cm/v1',
      'https://apl.rutaapi.com.example/v1',
      'https://api.rutaapl.com/v1',
      'https://api.rtuaapi.com/v1',
      'https://rutaapi.net/v1',
      'https://api.rutaapii.com/v1',
    ]) {
      const a = analyzeBaseUrl(input);
      const f = get(a, 'lookalike_host');
      assert.equal(f.severity, 'warning', input);
      assert.equal(f.suggestedUrl, RUTA, input);
      assert.ok(f.message.includes(new URL(input).hostname), `${input}: ${f.message}`);
    }
    for (const input of [
      RUTA,
      'https://app.rutaapi.com',
      'https://rutaapi.com',
      'https://eu.api.rutaapi.com/v1',
      'https://api.openai.com/v1',
      'https://gw.example.com/v1',
      'http://127.0.0.1:8080/v1',
      'http://localhost:3000/v1',
    ]) {
      assert.ok(!codes(analyzeBaseUrl(input)).includes('lookalike_host'), input);
    }
  });

  it('a full-width or ideographic dot is read as "." by URL parsing: the real host, an info that names it', () => {
    for (const input of ['https://api.rutaapi\uff61com/v1', 'https://api.rutaapi\uff0ecom/v1', 'https://api\u3002rutaapi.com/v1']) {
      const a = analyzeBaseUrl(input);
      assert.equal(a.normalized, RUTA, input);
      const f = get(a, 'idn_host');
      assert.equal(f.severity, 'info', input);
      assert.ok(f.message.includes('api.rutaapi.com'), f.message);
      assert.ok(!a.findings.some((x) => x.severity !== 'info'), JSON.stringify(a.findings));
    }
    // The same dot in a look-alike host still gets the look-alike warning.
    assert.equal(get(analyzeBaseUrl('https://api.rutaapi\uff61com.evil.example/v1'), 'lookalike_host').severity, 'warning');
  });

  it('used_as_entered: input exactly as typed, only errors kept', () => {
    const a = analyzeBaseUrl('https://api.rutaapi.com/v1/', { asEntered: true });
    assert.equal(a.asEntered, true);
    assert.equal(a.normalized, 'https://api.rutaapi.com/v1/');
    assert.deepEqual(codes(a), ['used_as_entered']);
    assert.equal(get(a, 'used_as_entered').severity, 'info');

    const b = analyzeBaseUrl('https://gw.example.com/custom/root', { asEntered: true });
    assert.equal(b.normalized, 'https://gw.example.com/custom/root');

    const c = analyzeBaseUrl('https://rutaapi.com', { asEntered: true });
    assert.deepEqual(codes(c), ['used_as_entered', 'marketing_site']);
    assert.equal(c.normalized, 'https://rutaapi.com');

    const d = analyzeBaseUrl('api.rutaapi.com/v1', { asEntered: true });
    assert.equal(d.normalized, null);
    assert.ok(d.findings.some((f) => f.severity === 'error'));

    const e = analyzeBaseUrl('', { asEntered: true });
    assert.equal(e.normalized, null);
    assert.ok(codes(e).includes('empty'));

    assert.equal(analyzeBaseUrl('http://gw.example.com/v1', { asEntered: true }).findings[1]?.code, 'insecure_http');
  });

  it('used_as_entered still names what the URL is: another provider, a local address, an IDN host', () => {
    const openai = analyzeBaseUrl('https://api.openai.com/v1', { asEntered: true });
    assert.deepEqual(codes(openai), ['used_as_entered', 'foreign_provider']);
    assert.equal(get(openai, 'foreign_provider').provider, 'OpenAI');
    assert.equal(openai.normalized, 'https://api.openai.com/v1');
    assert.ok(codes(analyzeBaseUrl('http://localhost:8080/v1', { asEntered: true })).includes('local_address'));
    // Corrections stay out: a trailing slash is not reported when the URL is used as typed.
    assert.ok(!codes(analyzeBaseUrl('https://api.openai.com/v1/', { asEntered: true })).includes('trailing_slash'));
  });
});

describe('core baseUrl: helpers', () => {
  it('isLoopbackHost', () => {
    for (const h of [
      'localhost',
      'LOCALHOST',
      'foo.localhost',
      '127.0.0.1',
      '127.255.0.9',
      '::1',
      '[::1]',
      '0:0:0:0:0:0:0:1',
      '[::ffff:127.0.0.1]',
      '[::ffff:7f00:1]',
      '0.0.0.0',
      'localhost.',
    ]) {
      assert.equal(isLoopbackHost(h), true, h);
    }
    for (const h of ['10.0.0.1', '128.0.0.1', 'api.rutaapi.com', 'localhost.example.com', '::2', '', '127.0.0.256']) {
      assert.equal(isLoopbackHost(h), false, h);
    }
  });

  it('isPrivateHost', () => {
    for (const h of [
      '10.0.0.1',
      '172.16.0.1',
      '172.31.1.1',
      '192.168.0.1',
      '169.254.1.1',
      '100.64.0.1',
      'fd00::1',
      '[fc00::1]',
      'fe80::1',
      'printer.local',
      'intranet',
      '127.0.0.1',
      '[::ffff:192.168.1.1]',
    ]) {
      assert.equal(isPrivateHost(h), true, h);
    }
    for (const h of ['172.15.0.1', '172.32.0.1', '192.169.0.1', '8.8.8.8', 'api.rutaapi.com', '2001:db8::1', 'fb00::1', '']) {
      assert.equal(isPrivateHost(h), false, h);
    }
  });

  it('withV1', () => {
    assert.equal(withV1('https://api.rutaapi.com'), RUTA);
    assert.equal(withV1('https://api.rutaapi.com/'), RUTA);
    assert.equal(withV1(RUTA), RUTA);
    assert.equal(withV1('https://gw.example.com/openai'), 'https://gw.example.com/openai/v1');
    assert.equal(withV1('http://127.0.0.1:8080'), 'http://127.0.0.1:8080/v1');
  });

  it('hostToUnicode decodes punycode labels', () => {
    assert.equal(hostToUnicode('xn--mnchen-3ya.de'), 'münchen.de');
    assert.equal(hostToUnicode('xn--pi-6kc.rutaapi.com'), 'аpi.rutaapi.com');
    assert.equal(hostToUnicode('api.rutaapi.com'), 'api.rutaapi.com');
    assert.equal(hostToUnicode('xn--!!!'), 'xn--!!!');
  });

  it('messages go through t()', () => {
    setTranslator((m) => `XX:${m}`);
    try {
      const f = get(analyzeBaseUrl('https://rutaapi.com'), 'marketing_site');
      assert.ok(f.message.startsWith('XX:'));
    } finally {
      setTranslator(undefined);
    }
  });
});

describe('core baseUrl: properties (fast-check)', () => {
  function assertWellFormed(a: BaseUrlAnalysis): void {
    if (a.normalized === null) return;
    assert.notEqual(a.normalized, '');
    const u = new URL(a.normalized);
    assert.ok(u.protocol === 'http:' || u.protocol === 'https:', a.normalized);
    assert.ok(!a.normalized.endsWith('/'), a.normalized);
    assert.equal(u.search, '');
    assert.equal(u.hash, '');
    assert.equal(u.username, '');
    assert.equal(u.password, '');
    assert.ok(!a.normalized.includes('?') && !a.normalized.includes('#'), a.normalized);
  }

  function assertIdempotent(a: BaseUrlAnalysis): void {
    if (a.normalized === null) return;
    const again = analyzeBaseUrl(a.normalized);
    assert.equal(again.normalized, a.normalized);
    const forbidden: BaseUrlFindingCode[] = [
      'whitespace',
      'endpoint_as_base_url',
      'trailing_slash',
      'double_slash',
      'missing_scheme',
      'query_or_fragment',
      'credentials_in_url',
      'uppercase_host',
    ];
    for (const c of codes(again)) assert.ok(!forbidden.includes(c), `${a.normalized} → ${c}`);
  }

  it('never throws on arbitrary strings, and the result is well-formed and idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })), fc.boolean(), (s, asEntered) => {
        const a = analyzeBaseUrl(s, { asEntered });
        assert.equal(a.input, s);
        assert.ok(Array.isArray(a.findings));
        if (!asEntered) {
          assertWellFormed(a);
          assertIdempotent(a);
        }
        if (a.normalized === null) assert.ok(a.findings.some((f) => f.severity === 'error'));
      }),
      { numRuns: 2000 },
    );
  });

  it('arbitrary URLs with random mutations stay well-formed and idempotent', () => {
    const mutation = fc.constantFrom(
      (u: string) => u,
      (u: string) => ` ${u} \n`,
      (u: string) => u.replace(/^https?:\/\//, ''),
      (u: string) => `${u}/`,
      (u: string) => `${u}//`,
      (u: string) => u.replace('://', '://user:pa%40ss@'),
      (u: string) => `${u}?api_key=x#frag`,
      (u: string) => `${u}/chat/completions`,
      (u: string) => `${u}/models/`,
      (u: string) => u.toUpperCase(),
      (u: string) => u.replace(/\//g, '//'),
      (u: string) => u.replace('http', 'ftp'),
      (u: string) => u.replace('a', 'а'),
      (u: string) => `http://${u}`,
      (u: string) => u.slice(0, Math.max(0, u.length - 3)),
    );
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.array(mutation, { maxLength: 4 }), (url, ms) => {
        let s = url;
        for (const m of ms) s = m(s);
        const a = analyzeBaseUrl(s);
        assertWellFormed(a);
        assertIdempotent(a);
        const b = analyzeBaseUrl(s, { asEntered: true });
        assert.ok(b.normalized === null || b.normalized === s);
      }),
      { numRuns: 2000 },
    );
  });

  it('URLs with IPv4/IPv6 hosts, ports and user info stay well-formed and idempotent', () => {
    fc.assert(
      fc.property(
        fc.webUrl({
          authoritySettings: { withIPv4: true, withIPv6: true, withIPv4Extended: true, withPort: true, withUserInfo: true },
          withQueryParameters: true,
          withFragments: true,
        }),
        (url) => {
          const a = analyzeBaseUrl(url);
          assertWellFormed(a);
          assertIdempotent(a);
          const u = new URL(url);
          if (a.normalized && (u.username || u.password))
            assert.ok(a.findings.some((f) => f.code === 'credentials_in_url' || f.code === 'userinfo_host'));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never silently becomes api.openai.com or the RutaAPI URL from an unrelated host', () => {
    fc.assert(
      fc.property(fc.webUrl(), (url) => {
        const a = analyzeBaseUrl(url);
        const host = new URL(url).hostname.replace(/\.$/, '');
        if (a.normalized && !/openai\.com$/.test(host)) assert.ok(!a.normalized.includes('api.openai.com'));
        if (a.normalized && host !== 'api.rutaapi.com') assert.ok(!a.normalized.startsWith('https://api.rutaapi.com'));
      }),
      { numRuns: 500 },
    );
  });
});
