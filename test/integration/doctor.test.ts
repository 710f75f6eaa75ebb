// The built terminal doctor (dist/cli.js) as a child process against the sandbox: --json shape,
// exit codes 0/1/2, and the key (a unique one) never on stdout or stderr.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { SANDBOX_MODELS } from '../../src/sandbox/models';
import { runNode } from '../support/runNode';

const ROOT = join(__dirname, '..', '..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function doctor(args: string[], options: { key?: string; stdin?: string } = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.RUTAAPI_API_KEY;
  for (const name of Object.keys(env)) if (name.startsWith('OPENAI_')) delete env[name];
  if (options.key !== undefined) env.RUTAAPI_API_KEY = options.key;
  return runNode([join(ROOT, 'dist/cli.js'), ...args], { env, stdin: options.stdin }).then(({ status, stdout, stderr }) => ({
    code: status,
    stdout,
    stderr,
  }));
}

const uniqueKey = (scenario: string): string => `sk-ruta-sandbox-${scenario}-${randomBytes(12).toString('hex')}`;

function assertNoKey(run: Run, key: string): void {
  assert.ok(!run.stdout.includes(key), 'key on stdout');
  assert.ok(!run.stderr.includes(key), 'key on stderr');
  // Not even the secret part after the scenario prefix.
  const secret = key.slice(key.lastIndexOf('-') + 1);
  assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret), 'key suffix leaked');
}

describe('terminal doctor (dist/cli.js) against the sandbox', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  before(async function () {
    this.timeout(120_000);
    const build = spawnSync(process.execPath, ['esbuild.mjs', '--only=cli', '--quiet'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox?.close();
  });

  it('--json, all passing: exit 0 and exactly one JSON object with the documented shape', async () => {
    const key = uniqueKey('ok');
    const run = await doctor(['check', '--base-url', sandbox.baseUrl, '--model', 'gpt-4o-mini', '--json'], { key });
    assert.equal(run.code, 0, run.stderr);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the parsed --json contract, read field by field below
    const json = JSON.parse(run.stdout) as Record<string, any>;
    assert.deepEqual(Object.keys(json), ['ok', 'diagnosis', 'baseUrl', 'key', 'steps', 'models', 'dashboard', 'account']);
    assert.equal(json.ok, true);
    assert.equal(json.diagnosis.code, 'ok');
    assert.deepEqual(Object.keys(json.diagnosis), ['code', 'title', 'detail', 'fixes']);
    assert.deepEqual(Object.keys(json.baseUrl), ['input', 'normalized', 'findings']);
    assert.equal(json.baseUrl.normalized, sandbox.baseUrl);
    assert.deepEqual(Object.keys(json.key), ['redacted', 'findings']);
    const steps = json.steps as Array<Record<string, unknown>>;
    assert.deepEqual(
      steps.map((s) => Object.keys(s)),
      [
        ['name', 'ok', 'status', 'requestId', 'latencyMs', 'code'],
        ['name', 'ok', 'status', 'requestId', 'latencyMs', 'code'],
      ],
    );
    assert.deepEqual(
      steps.map((s) => [s.name, s.ok, s.status, s.code]),
      [
        ['models', true, 200, 'ok'],
        ['chat', true, 200, 'ok'],
      ],
    );
    assert.match(json.steps[0].requestId, /^req_/);
    assert.deepEqual(json.models, [...SANDBOX_MODELS]);
    assert.equal(run.stderr, '');
    assertNoKey(run, key);
  });

  it('human, all passing: checklist with ✓, latency, request id and reply', async () => {
    const key = uniqueKey('ok');
    const run = await doctor(['check', '--base-url', sandbox.baseUrl, '--model', 'gpt-4o-mini'], { key });
    assert.equal(run.code, 0);
    assert.match(run.stdout, /✓ +GET +\/models +200 +\d+ ms +req_[0-9a-f]+ +5 models/);
    assert.match(run.stdout, /✓ +POST \/chat\/completions +200 .*Hello from the RutaAPI sandbox/);
    assertNoKey(run, key);
  });

  it('without --model: step 1 only, lists the returned ids and says to pass one with --model', async () => {
    const key = uniqueKey('ok');
    const run = await doctor(['check', '--base-url', sandbox.baseUrl], { key });
    assert.equal(run.code, 0);
    for (const id of SANDBOX_MODELS) assert.match(run.stdout, new RegExp(`^  ${id.replace(/\./g, '\\.')}$`, 'm'));
    assert.match(run.stdout, /--model/);
    assert.doesNotMatch(run.stdout, /POST \/chat/);
  });

  it('a diagnosis exits 1, human and --json, with cause and fix; the key never appears', async () => {
    const cases: Array<[string, string, string[]]> = [
      ['nocredits', 'insufficient_credits', []],
      ['ratelimited', 'rate_limited', []],
      ['ok', 'model_not_found', ['--model', 'gpt-4o-mimi']],
      ['redirect', 'redirect', []],
      ['blackhole', 'timeout', ['--timeout', '0.5']],
    ];
    for (const [scenario, code, extra] of cases) {
      const key = uniqueKey(scenario);
      const json = await doctor(['check', '--base-url', sandbox.baseUrl, ...extra, '--json'], { key });
      assert.equal(json.code, 1, `${scenario}: ${json.stderr}`);
      const parsed = JSON.parse(json.stdout) as { ok: boolean; diagnosis: { code: string; title: string; fixes: unknown[] } };
      assert.equal(parsed.ok, false);
      assert.equal(parsed.diagnosis.code, code);
      assertNoKey(json, key);
      const human = await doctor(['check', '--base-url', sandbox.baseUrl, ...extra], { key });
      assert.equal(human.code, 1);
      assert.match(human.stdout, /✗/);
      assert.ok(human.stdout.includes(parsed.diagnosis.title));
      assert.match(human.stdout, /Cause: /);
      assert.match(human.stdout, /Fix:/);
      assertNoKey(human, key);
    }
  });

  it('human, no answer in time: "Error:" (not "Server message"), a terminal proxy hint, aligned columns with a placeholder status', async () => {
    const key = uniqueKey('blackhole');
    const run = await doctor(['check', '--base-url', sandbox.baseUrl, '--model', 'gpt-4o-mini', '--timeout', '0.5'], { key });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /^ {2}Error: Deadline exceeded$/m);
    assert.doesNotMatch(run.stdout, /Server message/);
    assert.match(run.stdout, /→ Open proxy settings .*\n {6}In a terminal: Node's built-in fetch does not use HTTPS_PROXY/);
    assert.doesNotMatch(run.stdout, /---/);
    const models = run.stdout.split('\n').find((l) => l.includes('/models') && l.includes('ms')) as string;
    const chat = run.stdout.split('\n').find((l) => l.includes('POST /chat/completions')) as string;
    assert.match(models, /✗ +GET +\/models +— +\d+ ms +timeout/);
    assert.match(chat, /not run/);
    assert.equal(models.indexOf('GET'), chat.indexOf('POST'), `${models}\n${chat}`);
    assertNoKey(run, key);
  });

  it('human, a server message the cause already quotes is printed once', async () => {
    const run = await doctor(['check', '--base-url', sandbox.baseUrl], { key: uniqueKey('nocredits') });
    assert.equal(run.code, 1);
    assert.match(run.stdout, /The server says: "Insufficient balance/);
    assert.equal(run.stdout.split('Insufficient balance').length - 1, 1, run.stdout);
    assert.doesNotMatch(run.stdout, /Server message/);
  });

  it('a 401 with a unique unknown key: the key appears nowhere (human and --json, env and stdin)', async () => {
    const key = `sk-leakcheck-${randomBytes(16).toString('hex')}`;
    for (const json of [false, true]) {
      const viaEnv = await doctor(['check', '--base-url', sandbox.baseUrl, '--model', 'gpt-4o-mini', ...(json ? ['--json'] : [])], { key });
      assert.equal(viaEnv.code, 1);
      assertNoKey(viaEnv, key);
      const viaStdin = await doctor(['check', '--base-url', sandbox.baseUrl, '--key-stdin', ...(json ? ['--json'] : [])], {
        stdin: `${key}\n`,
      });
      assert.equal(viaStdin.code, 1);
      assert.match(viaStdin.stdout, json ? /"unauthorized"/ : /401/);
      assertNoKey(viaStdin, key);
    }
  });

  it('--key-stdin reads the key from standard input', async () => {
    const key = uniqueKey('ok');
    const run = await doctor(['check', '--base-url', sandbox.baseUrl, '--key-stdin', '--json'], { stdin: `${key}\n` });
    assert.equal(run.code, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as { ok: boolean }).ok, true);
    assertNoKey(run, key);
  });

  it('--key-stdin with a multi-line entry (pass show: metadata after the first line) uses the first line, and prints nothing of the others', async () => {
    const key = uniqueKey('ok');
    const token = () => randomBytes(6).toString('hex');
    const others = [`login: ${token()}`, `url: https://vault.example/${token()}`, `note: ${token()}`];
    for (const eol of ['\n', '\r\n']) {
      for (const json of [false, true]) {
        const run = await doctor(['check', '--base-url', sandbox.baseUrl, '--key-stdin', ...(json ? ['--json'] : [])], {
          stdin: `${key}${eol}${others.join(eol)}${eol}`,
        });
        assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
        assertNoKey(run, key);
        // The redaction shows the key's own last characters, never the last line's.
        assert.ok(run.stdout.includes(key.slice(-4)), run.stdout);
        for (const line of others) {
          for (const piece of [line, line.slice(-4), line.slice(-12, -8), 'vault.example']) {
            assert.ok(!run.stdout.includes(piece) && !run.stderr.includes(piece), `"${piece}" of a later line printed: ${run.stdout}`);
          }
        }
      }
    }
  });

  it('pre-flight findings exit 1 without a request (dashboard URL)', async () => {
    const before = sandbox.stats.requests;
    const run = await doctor(['check', '--base-url', 'https://app.rutaapi.com', '--json'], { key: uniqueKey('ok') });
    assert.equal(run.code, 1);
    const parsed = JSON.parse(run.stdout) as {
      diagnosis: { code: string; fixes: Array<{ kind: string; value?: string }> };
      steps: unknown[];
    };
    assert.equal(parsed.diagnosis.code, 'dashboard_url');
    assert.deepEqual(parsed.steps, []);
    assert.equal(parsed.diagnosis.fixes[0].value, 'https://api.rutaapi.com/v1');
    assert.equal(sandbox.stats.requests, before);
  });

  it('usage errors exit 2: --key refused with the reason, unknown flag, missing key, bad --timeout', async () => {
    const key = uniqueKey('ok');
    const refused = await doctor(['check', '--key', key, '--base-url', sandbox.baseUrl], { key });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--key is not accepted/);
    assert.match(refused.stderr, /RUTAAPI_API_KEY/);
    assertNoKey(refused, key);
    assert.equal(refused.stdout, '');

    // A key pasted as a bare argument (or as an unknown command or option) is never echoed.
    for (const argv of [['check', key], [key], ['check', `--${key}`], ['check', '--base-url', sandbox.baseUrl, key, '--json']]) {
      const bare = await doctor(argv);
      assert.equal(bare.code, 2, argv.join(' '));
      assertNoKey(bare, key);
    }

    const unknown = await doctor(['check', '--frobnicate'], { key });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown option/);

    const missing = await doctor(['check', '--base-url', sandbox.baseUrl]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /RUTAAPI_API_KEY/);

    const emptyStdin = await doctor(['check', '--key-stdin'], { stdin: '' });
    assert.equal(emptyStdin.code, 2);

    for (const bad of ['abc', '0', '-3']) {
      const run = await doctor(['check', '--timeout', bad], { key });
      assert.equal(run.code, 2, `--timeout ${bad}`);
      assert.match(run.stderr, /--timeout/);
    }
  });

  it('help and --help print usage and exit 0', async () => {
    for (const args of [['help'], ['--help'], ['check', '--help']]) {
      const run = await doctor(args);
      assert.equal(run.code, 0);
      assert.match(run.stdout, /Usage:/);
      assert.match(run.stdout, /--key-stdin/);
    }
  });
});
