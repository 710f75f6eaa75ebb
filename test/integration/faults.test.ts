// Fault injection (no gateway fault may crash, hang or print a stack trace): every sandbox fault through the terminal doctor (human and --json),
// each with its named diagnosis, exit code and no stack trace; and all faults through the engine
// at the same time, none of which may throw or hang. Single faults through verify() are covered
// by test/integration/verify.test.ts.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { verify } from '../../src/core/verify';
import type { DiagnosisCode } from '../../src/core/types';
import { runNode } from '../support/runNode';

const ROOT = join(__dirname, '../..');
const MODEL = 'gpt-4o-mini';

interface DoctorRun {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the built doctor with the key in the environment. Asynchronous: the sandbox lives in this process. */
function doctor(args: string[], key: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<DoctorRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', RUTAAPI_API_KEY: key, ...extraEnv };
  // The self-signed case must meet Node's default trust store, as a user's terminal would.
  delete env.NODE_TLS_REJECT_UNAUTHORIZED;
  delete env.NODE_EXTRA_CA_CERTS;
  return runNode(['dist/cli.js', 'check', ...args], { env });
}

interface Fault {
  name: string;
  /** Sandbox scenario (key), or a special base URL. */
  scenario?: string;
  baseUrl?: (s: Sandbox, tls: Sandbox) => string;
  model?: string | null;
  timeoutS?: number;
  expect: DiagnosisCode[];
  /** Exit code: 0 when everything passes. */
  ok?: boolean;
  /** The doctor must refuse before connecting to the sandbox at all. */
  noConnection?: boolean;
  /** Extra checks on the human checklist and the --json output. */
  check?: (human: string, json: string) => void;
}

/** Control characters, bidi overrides and zero-width characters: none may reach a terminal. */
// eslint-disable-next-line no-control-regex -- the raw characters a hostile gateway sends
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/;

const FAULTS: Fault[] = [
  { name: 'HTML page with 200', scenario: 'html', expect: ['html_response'] },
  { name: 'invalid JSON', scenario: 'badjson', expect: ['invalid_response'] },
  { name: '`data` missing', scenario: 'nodata', expect: ['invalid_response'] },
  { name: 'empty model list', scenario: 'empty', model: null, expect: ['no_models'] },
  { name: '10,000 models', scenario: 'many', model: null, expect: ['ok'], ok: true },
  { name: 'response over the size cap (5 MB)', scenario: 'huge', expect: ['response_too_large'] },
  { name: 'connection reset mid-body', scenario: 'reset', expect: ['connection_reset'] },
  { name: 'black hole', scenario: 'blackhole', timeoutS: 1, expect: ['timeout'] },
  { name: 'slow body past the deadline', scenario: 'slowbody', timeoutS: 1, expect: ['timeout'] },
  { name: '302 to the dashboard', scenario: 'redirect', expect: ['redirect'] },
  { name: 'self-signed TLS', scenario: 'ok', baseUrl: (_s, tls) => tls.baseUrl, expect: ['tls_error'] },
  { name: 'DNS failure (.invalid)', scenario: 'ok', baseUrl: () => 'https://rutaapi-faults.invalid/v1', expect: ['dns_failure'] },
  { name: '429 with Retry-After: 60', scenario: 'ratelimited60', expect: ['rate_limited'] },
  { name: '503 with x-should-retry: false', scenario: 'noretry', expect: ['upstream_unavailable'] },
  { name: 'non-UTF-8 body', scenario: 'nonutf8', expect: ['invalid_response'] },
  {
    name: '429 from a hostile gateway (Retry-After of 400 digits, escapes, key echoed in base64)',
    scenario: 'hostile',
    expect: ['rate_limited'],
    check: (human, json) => {
      for (const text of [human, json]) {
        assert.doesNotMatch(text, /Infinity|NaN/, 'a non-finite wait was printed');
        assert.doesNotMatch(text, INVISIBLE, 'a control or bidi character reached the terminal');
      }
      const parsed = JSON.parse(json) as { diagnosis: { fixes: Array<{ kind: string; value?: string }> } };
      assert.equal(parsed.diagnosis.fixes.find((f) => f.kind === 'retry_after')?.value, '3600');
    },
  },
  {
    name: 'user info that looks like a host (api.rutaapi.com@127.0.0.1)',
    scenario: 'ok',
    baseUrl: (s) => `http://api.rutaapi.com@127.0.0.1:${s.port}/v1`,
    expect: ['unsafe_base_url'],
    noConnection: true,
    check: (human) => assert.match(human, /127\.0\.0\.1/),
  },
  {
    name: 'user info with %2F that looks like a host',
    scenario: 'ok',
    baseUrl: (s) => `http://api.rutaapi.com%2F@127.0.0.1:${s.port}/v1`,
    expect: ['unsafe_base_url'],
    noConnection: true,
  },
  {
    name: 'IDN look-alike of api.rutaapi.com (Cyrillic a)',
    scenario: 'ok',
    baseUrl: () => 'https://api.rut\u0430api.com/v1',
    expect: ['unsafe_base_url'],
  },
];

describe('fault injection', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let tlsSandbox: Sandbox;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    tlsSandbox = await startSandbox({ port: 0, tls: true });
  });
  after(async () => {
    await sandbox?.close();
    await tlsSandbox?.close();
  });

  // Each fault through verify() alone (TLS, non-UTF-8, the size cap, x-should-retry: false …) is
  // covered by test/integration/verify.test.ts; here: all faults at once, and the doctor per fault.
  describe('through the engine, concurrently', () => {
    it('every fault resolves without throwing, also when run concurrently', async () => {
      const keys = [
        'html',
        'badjson',
        'nodata',
        'empty',
        'huge',
        'reset',
        'blackhole',
        'slowbody',
        'redirect',
        'ratelimited60',
        'noretry',
        'nonutf8',
        'down',
        'servererror',
        'hostile',
      ];
      const all = await Promise.all(
        keys.map((k) => verify({ apiKey: `sk-ruta-sandbox-${k}-concurrent`, baseUrl: sandbox.baseUrl, model: MODEL, timeoutMs: 1_500 })),
      );
      all.forEach((r, i) => {
        assert.equal(r.ok, false, `${keys[i]} passed`);
        assert.ok(r.diagnosis.code && r.diagnosis.title && r.diagnosis.detail, `${keys[i]} has an incomplete diagnosis`);
      });
    });
  });

  describe('through the terminal doctor', () => {
    before(function () {
      const build = spawnSync(process.execPath, ['esbuild.mjs', '--only=cli', '--quiet'], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(build.status, 0, `cli build failed: ${build.stderr}`);
    });

    for (const fault of FAULTS) {
      it(`${fault.name}: ${fault.expect.join(' or ')} in --json and in the checklist`, async () => {
        const key = `sk-ruta-sandbox-${fault.scenario ?? 'ok'}-doctor`;
        const baseUrl = fault.baseUrl ? fault.baseUrl(sandbox, tlsSandbox) : sandbox.baseUrl;
        const args = ['--base-url', baseUrl];
        if (fault.model !== null) args.push('--model', fault.model ?? MODEL);
        if (fault.timeoutS) args.push('--timeout', String(fault.timeoutS));

        const connectionsBefore = sandbox.stats.connections;
        const json = await doctor([...args, '--json'], key);
        assert.equal(json.status, fault.ok ? 0 : 1, `exit ${json.status}; stderr: ${json.stderr.slice(0, 400)}`);
        let parsed: { ok: boolean; diagnosis: { code: string; title: string; fixes: unknown[] }; steps: unknown[] };
        try {
          parsed = JSON.parse(json.stdout) as typeof parsed;
        } catch {
          assert.fail(`--json did not print exactly one JSON object:\n${json.stdout.slice(0, 400)}`);
        }
        assert.ok(
          fault.expect.includes(parsed.diagnosis.code as DiagnosisCode),
          `diagnosis ${parsed.diagnosis.code}, expected ${fault.expect.join(' or ')}`,
        );
        assert.equal(parsed.ok, !!fault.ok);
        assert.ok(parsed.diagnosis.title, 'no title');
        if (!fault.ok) assert.ok(parsed.diagnosis.fixes.length > 0 || parsed.diagnosis.code === 'response_too_large', 'no fix offered');
        assert.doesNotMatch(json.stderr, /\bat .+:\d+:\d+\)?$/m, 'a stack trace was printed');

        const human = await doctor(args, key);
        assert.equal(human.status, json.status, `human exit ${human.status} differs from --json exit ${json.status}`);
        assert.ok(
          human.stdout.includes(parsed.diagnosis.title) || fault.ok,
          `checklist does not show the title "${parsed.diagnosis.title}":\n${human.stdout}`,
        );
        assert.match(human.stdout, fault.ok ? /✓/ : /✗/);
        assert.doesNotMatch(`${human.stdout}${human.stderr}`, /\bat .+:\d+:\d+\)?$/m, 'a stack trace was printed');
        fault.check?.(human.stdout, json.stdout);
        if (fault.noConnection)
          assert.equal(sandbox.stats.connections, connectionsBefore, 'the doctor connected to the host behind the user info');
      });
    }
  });
});
