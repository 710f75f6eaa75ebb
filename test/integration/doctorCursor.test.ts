// `doctor cursor` (dist/cli.js + dist/cursor.js) as a child process against the sandbox gateway,
// on Cursor state databases built by the tests: the --json contract, exit codes, a verification
// with Cursor's own key, and no key on stdout or stderr. Every database is byte-identical afterwards.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { runNode, PROJECT_ROOT } from '../support/runNode';
import { APP_USER_ROW, KEY_ROW, appUserJson, snapshot, writeStateDb, type AppUser } from '../support/cursorFixtures';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const uniqueKey = (scenario: string): string => `sk-ruta-sandbox-${scenario}-${randomBytes(12).toString('hex')}`;

describe('doctor cursor (dist/cli.js) against the sandbox', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let dir: string;
  let n = 0;

  before(async function () {
    this.timeout(120_000);
    const build = spawnSync(process.execPath, ['esbuild.mjs', '--only=cli,cursor', '--quiet'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    sandbox = await startSandbox();
    dir = mkdtempSync(join(tmpdir(), 'doctor-cursor-'));
  });
  after(async () => {
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function stateDb(fields: AppUser, key: string | undefined, wal = false): string {
    const path = join(dir, `state-${++n}.vscdb`);
    const rows: Record<string, string> = { [APP_USER_ROW]: appUserJson(fields) };
    if (key !== undefined) rows[KEY_ROW] = key;
    writeStateDb(path, rows, { wal });
    return path;
  }

  async function doctor(path: string, args: string[], keys: string[], env: { key?: string } = {}): Promise<Run> {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete childEnv.RUTAAPI_API_KEY;
    if (env.key !== undefined) childEnv.RUTAAPI_API_KEY = env.key;
    const before = snapshot(path);
    const r = await runNode([join(PROJECT_ROOT, 'dist/cli.js'), 'cursor', '--state-db', path, ...args], { env: childEnv });
    assert.deepEqual(snapshot(path), before, 'the state database changed');
    for (const key of keys) {
      const secret = key.slice(key.lastIndexOf('-') + 1);
      assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret), 'key on stdout or stderr');
    }
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the parsed --json contract, read field by field
  const parse = (run: Run) => JSON.parse(run.stdout) as Record<string, any>;
  const codes = (json: Record<string, unknown>) => (json.findings as Array<{ code: string }>).map((f) => f.code);

  const SET = { useOpenAIKey: true, userAddedModels: ['deepseek-chat'], modelOverrideEnabled: ['deepseek-chat'] };

  it("Cursor's own key (WAL mode) is verified with Cursor's URL and model; a local URL is named; the documented shape", async () => {
    const key = uniqueKey('ok');
    const path = stateDb({ ...SET, openAIBaseUrl: sandbox.baseUrl }, key, true);
    const run = await doctor(path, ['--base-url', sandbox.baseUrl, '--json'], [key]);
    const json = parse(run);
    assert.deepEqual(Object.keys(json), ['ok', 'cursor', 'findings', 'models']);
    assert.deepEqual(json.cursor, {
      stateDb: path,
      readable: true,
      useOpenAIKey: true,
      baseUrl: sandbox.baseUrl,
      key: 'plain',
      keyRedacted: 'sk-ru…',
      models: ['deepseek-chat'],
      enabledModels: ['deepseek-chat'],
    });
    // The sandbox listens on 127.0.0.1, which Cursor's servers cannot reach: the one finding.
    assert.deepEqual(json.findings, [
      {
        code: 'cursor_local_base_url',
        severity: 'error',
        detail:
          "127.0.0.1 is only reachable from this computer or its network, but Cursor sends model requests from Cursor's servers, which cannot reach it. Use a public https:// Base URL such as https://api.rutaapi.com/v1.",
        fix: 'https://api.rutaapi.com/v1',
      },
    ]);
    assert.equal(run.code, 1);
    assert.ok(json.models.includes('deepseek-chat'), 'the key was verified');
  });

  it('all as the guide says, the key given: exit 0 and no finding', async () => {
    const key = uniqueKey('ok');
    const path = stateDb({ ...SET, openAIBaseUrl: 'https://api.rutaapi.com/v1' }, key);
    const run = await doctor(path, ['--base-url', sandbox.baseUrl, '--json'], [key], { key });
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual(parse(run).findings, []);
    const human = await doctor(path, ['--base-url', sandbox.baseUrl], [key], { key });
    assert.equal(human.code, 0);
    assert.match(human.stdout, /✓ No errors in Cursor's model settings\./);
  });

  it("the guide's mistakes (dashboard URL, guessed model, switch off), key given: each named with the value to copy; exit 1", async () => {
    const key = uniqueKey('ok');
    const fields = {
      openAIBaseUrl: 'https://app.rutaapi.com/',
      useOpenAIKey: false,
      userAddedModels: ['deepseek-chatt'],
      modelOverrideEnabled: [],
    };
    const path = stateDb(fields, key);
    const run = await doctor(path, ['--base-url', sandbox.baseUrl, '--json'], [key], { key });
    assert.equal(run.code, 1, run.stderr);
    const json = parse(run);
    const byCode = new Map((json.findings as Array<{ code: string; severity: string; fix?: string }>).map((f) => [f.code, f]));
    assert.equal(byCode.get('dashboard_url')?.fix, 'https://api.rutaapi.com/v1');
    assert.equal(byCode.get('cursor_model_unknown')?.fix, 'deepseek-chat');
    assert.equal(byCode.get('cursor_override_off')?.severity, 'error');
    assert.equal(byCode.get('cursor_model_not_enabled')?.severity, 'warning');
    const human = await doctor(path, ['--base-url', sandbox.baseUrl], [key], { key });
    assert.equal(human.code, 1);
    assert.match(human.stdout, /✗ .*dashboard.* \[dashboard_url\]\n\s+→ Copy into Cursor: https:\/\/api\.rutaapi\.com\/v1/);
    assert.match(human.stdout, /→ Copy into Cursor: deepseek-chat/);
  });

  it('a key with no credits in Cursor: named as the panel names it (insufficient_credits)', async () => {
    const key = uniqueKey('nocredits');
    const run = await doctor(stateDb({ ...SET, openAIBaseUrl: sandbox.baseUrl }, key), ['--base-url', sandbox.baseUrl, '--json'], [key]);
    assert.equal(run.code, 1);
    assert.ok(codes(parse(run)).includes('insufficient_credits'), run.stdout);
  });

  it("a key given that is not Cursor's: cursor_key_differs (prefixes only); Cursor's key is not sent elsewhere", async () => {
    const given = uniqueKey('ok');
    const cursorKey = uniqueKey('ok');
    const fields = { ...SET, openAIBaseUrl: 'https://api.rutaapi.com/v1' };
    const run = await doctor(stateDb(fields, cursorKey), ['--base-url', sandbox.baseUrl, '--json'], [given, cursorKey], { key: given });
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual(codes(parse(run)), ['cursor_key_differs']);
    const elsewhere = stateDb({ ...fields, openAIBaseUrl: 'https://gw.example.com/v1' }, cursorKey);
    const notSent = await doctor(elsewhere, ['--base-url', sandbox.baseUrl, '--json'], [cursorKey]);
    assert.deepEqual(codes(parse(notSent)), ['cursor_key_not_sent']);
    assert.deepEqual(parse(notSent).models, []);
  });

  it('no database and a damaged one: not found / unreadable, exit 1, no stack trace', async () => {
    const missing = join(dir, 'nope', 'state.vscdb');
    const r1 = await runNode([join(PROJECT_ROOT, 'dist/cli.js'), 'cursor', '--state-db', missing, '--json'], { env: { ...process.env } });
    assert.equal(r1.status, 1);
    assert.deepEqual(codes(JSON.parse(r1.stdout)), ['cursor_settings_not_found']);
    const path = stateDb({ useOpenAIKey: 'yes' }, undefined);
    const r2 = await doctor(path, ['--json'], []);
    assert.equal(r2.code, 1);
    assert.deepEqual(codes(parse(r2)), ['cursor_settings_unreadable']);
    assert.equal(parse(r2).cursor.readable, false);
    assert.doesNotMatch(r2.stderr, /at .*\.js:\d+/);
  });

  it('usage: --model belongs to check, --state-db needs a path (exit 2)', async () => {
    for (const args of [
      ['cursor', '--model', 'x'],
      ['cursor', '--state-db'],
      ['check', '--state-db', '/x'],
    ]) {
      const r = await runNode([join(PROJECT_ROOT, 'dist/cli.js'), ...args], { env: { ...process.env } });
      assert.equal(r.status, 2, args.join(' '));
    }
  });
});
