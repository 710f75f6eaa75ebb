// Issue 21, items 3 and 4: `doctor tools` (dist/cli.js) on a temporary HOME against the sandbox,
// and the two probes in the tools' own protocols (POST /v1/responses for Codex, POST /v1/messages
// for Claude Code) with a working key, a spent wallet (new-api's bodies for those paths) and a
// model that does not serve the protocol (named before any request).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { probeTool } from '../../src/core/tools/probe';
import { runNode } from '../support/runNode';
import { tempHome, type TempHome } from '../unit/tools/home';

const ROOT = join(__dirname, '..', '..');
const uniqueKey = (scenario: string): string => `sk-ruta-sandbox-${scenario}-${randomBytes(12).toString('hex')}`;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function doctor(home: TempHome, args: string[], key?: string, extra: NodeJS.ProcessEnv = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', HOME: home.dir };
  for (const name of [
    'RUTAAPI_API_KEY',
    'OPENAI_API_KEY',
    'ANTHROPIC_AUTH_TOKEN',
    'ANTHROPIC_API_KEY',
    'CODEX_HOME',
    'CLAUDE_CONFIG_DIR',
    'CONTINUE_GLOBAL_DIR',
    'LLM_USER_PATH',
    'XDG_CONFIG_HOME',
  ]) {
    delete env[name];
  }
  if (key !== undefined) env.RUTAAPI_API_KEY = key;
  Object.assign(env, extra);
  return runNode([join(ROOT, 'dist/cli.js'), 'tools', ...args], { env }).then(({ status, stdout, stderr }) => ({
    code: status,
    stdout,
    stderr,
  }));
}

function setUp(home: TempHome, sandbox: Sandbox, key: string, models: { codex: string; claude: string }): void {
  const origin = new URL(sandbox.baseUrl).origin;
  home.write(
    '.codex/config.toml',
    `# mine\nmodel = "${models.codex}"\nmodel_provider = "rutaapi"\n\n[model_providers.rutaapi]\nname = "RutaAPI"\nbase_url = "${sandbox.baseUrl}"\nenv_key = "RUTAAPI_API_KEY"\nwire_api = "responses"\n`,
  );
  home.write(
    '.claude/settings.json',
    JSON.stringify({ env: { ANTHROPIC_BASE_URL: origin, ANTHROPIC_AUTH_TOKEN: key, ANTHROPIC_MODEL: models.claude } }, null, 2),
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the parsed --json contract, read field by field
type Json = Record<string, any>;
const codesOf = (json: Json, name: string): string[] =>
  (json.tools as Json[]).find((t) => t.name === name)!.findings.map((f: Json) => `${f.severity}:${f.code}`);

describe('doctor tools and the protocol probes, against the sandbox', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let home: TempHome;
  before(async function () {
    this.timeout(120_000);
    const build = spawnSync(process.execPath, ['esbuild.mjs', '--only=cli', '--quiet'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox?.close();
  });
  afterEach(() => home?.dispose());

  it('--json: the documented shape for every tool; Codex and Claude Code set up for the key pass their probe', async () => {
    home = tempHome();
    const key = uniqueKey('unlimited');
    setUp(home, sandbox, key, { codex: 'gpt-4.1', claude: 'claude-3-5-sonnet-20241022' });
    const before = { ...sandbox.stats.protocolRequests };
    const run = await doctor(home, ['--base-url', sandbox.baseUrl, '--json'], key);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const json = JSON.parse(run.stdout) as Json;
    assert.deepEqual(Object.keys(json), ['ok', 'tools']);
    assert.equal(json.ok, true);
    assert.deepEqual(
      (json.tools as Json[]).map((t) => Object.keys(t)),
      Array(5).fill(['name', 'file', 'found', 'state', 'baseUrl', 'model', 'findings']),
    );
    assert.deepEqual(
      (json.tools as Json[]).map((t) => [t.name, t.found, t.state]),
      [
        ['claude-code', true, 'rutaapi'],
        ['codex', true, 'rutaapi'],
        ['continue', false, 'none'],
        ['aider', false, 'none'],
        ['llm', false, 'none'],
      ],
    );
    assert.equal(json.tools[1].file, home.path('.codex/config.toml'));
    assert.equal(json.tools[1].model, 'gpt-4.1');
    assert.deepEqual(codesOf(json, 'claude-code'), ['info:tool_key_in_file']);
    assert.deepEqual(codesOf(json, 'codex'), []);
    assert.equal(sandbox.stats.protocolRequests['/v1/responses'], before['/v1/responses'] + 1);
    assert.equal(sandbox.stats.protocolRequests['/v1/messages'], before['/v1/messages'] + 1);
    assert.ok(!run.stdout.includes(key) && !run.stdout.includes(key.slice(-24)), 'the key is never printed');
  });

  it("a stray ANTHROPIC_API_KEY in the doctor's environment beside Claude Code's token: checked and a conflict, named by prefix", async () => {
    home = tempHome();
    const key = uniqueKey('unlimited');
    setUp(home, sandbox, key, { codex: 'gpt-4.1', claude: 'claude-3-5-sonnet-20241022' });
    const stray = 'sk-ant-api03-strayStrayStray0123456789abcdefghij';
    const run = await doctor(home, ['--base-url', sandbox.baseUrl, '--json'], key, { ANTHROPIC_API_KEY: stray });
    const json = JSON.parse(run.stdout) as Json;
    assert.deepEqual(codesOf(json, 'claude-code'), ['info:tool_key_in_file', 'error:tool_key_other_platform', 'warning:tool_key_conflict']);
    assert.equal(run.code, 1, run.stderr);
    assert.ok(!run.stdout.includes(stray) && !run.stdout.includes(stray.slice(-24)), 'the stray key is never printed');
  });

  it('a spent wallet: both probes say no credits (Anthropic-shaped body on /v1/messages); exit 1', async () => {
    home = tempHome();
    const key = uniqueKey('wallet');
    setUp(home, sandbox, key, { codex: 'gpt-4.1', claude: 'claude-3-5-sonnet-20241022' });
    const run = await doctor(home, ['--base-url', sandbox.baseUrl, '--json'], key);
    assert.equal(run.code, 1, run.stderr);
    const json = JSON.parse(run.stdout) as Json;
    assert.equal(json.ok, false);
    assert.deepEqual(codesOf(json, 'codex'), ['error:insufficient_credits']);
    assert.deepEqual(codesOf(json, 'claude-code'), ['info:tool_key_in_file', 'error:insufficient_credits']);
  });

  it("a model that does not serve the tool's protocol is named from /v1/models, and no probe is sent", async () => {
    home = tempHome();
    const key = uniqueKey('unlimited');
    setUp(home, sandbox, key, { codex: 'deepseek-chat', claude: 'gpt-4.1' });
    const before = { ...sandbox.stats.protocolRequests };
    const run = await doctor(home, ['--base-url', sandbox.baseUrl, '--json'], key);
    assert.equal(run.code, 1, run.stderr);
    const json = JSON.parse(run.stdout) as Json;
    assert.deepEqual(codesOf(json, 'codex'), ['error:tool_model_wrong_protocol']);
    assert.deepEqual(codesOf(json, 'claude-code'), ['info:tool_key_in_file', 'error:tool_model_wrong_protocol']);
    assert.deepEqual(sandbox.stats.protocolRequests, before);
  });

  it('the human output names each tool, its state and findings; text from the configs is inert', async () => {
    home = tempHome();
    home.write('.aider.conf.yml', 'openai-api-base: https://api.rutaapi.com\nmodel: "openai/x\\u001b[31mred"\n');
    const run = await doctor(home, ['--base-url', sandbox.baseUrl]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /aider {2}set up for another gateway or key/);
    assert.match(run.stdout, /tool_base_url_missing_v1/);
    assert.ok(!run.stdout.includes('\u001b['), 'no escape sequence from a config reaches the terminal');
  });

  it('the probes directly: x-api-key on /v1/messages, a spent key (401), a model without the protocol (400 from the channel)', async () => {
    const ok = await probeTool({
      tool: 'claude-code',
      baseUrl: sandbox.baseUrl,
      model: 'claude-3-5-sonnet-20241022',
      key: uniqueKey('ok'),
      auth: 'x-api-key',
    });
    assert.deepEqual([ok.ok, ok.status], [true, 200]);
    const spent = await probeTool({ tool: 'codex', baseUrl: sandbox.baseUrl, model: 'gpt-4.1', key: uniqueKey('exhausted') });
    assert.deepEqual([spent.ok, spent.status, spent.finding?.code], [false, 401, 'unauthorized']);
    const keyLimit = await probeTool({ tool: 'claude-code', baseUrl: sandbox.baseUrl, model: 'gpt-4.1', key: uniqueKey('keylimit') });
    assert.deepEqual([keyLimit.status, keyLimit.finding?.code], [403, 'key_quota_too_low']);
    const wrong = await probeTool({ tool: 'codex', baseUrl: sandbox.baseUrl, model: 'deepseek-chat', key: uniqueKey('unlimited') });
    assert.deepEqual([wrong.ok, wrong.status], [false, 400]);
  });
});
